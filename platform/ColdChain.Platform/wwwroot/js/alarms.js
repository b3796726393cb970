import { connectLive, localizeTimes } from './live.js';
import { createAlarmList } from './alarm-list.js';

localizeTimes();
const inbox = createAlarmList(document.getElementById('alarm-list'));
connectLive({
  alarm(alarm) { inbox.show(alarm, true); },
  reconnected() { location.reload(); },
});
