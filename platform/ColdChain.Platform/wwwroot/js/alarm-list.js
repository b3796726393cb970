// Alarm lists (inbox and driver page): acknowledge with a required comment (a preset reason fills it in), and
// show alarms the hub sends, in rank order: unacknowledged, acknowledged but ongoing, ended.
import { t, inZone, number, acknowledge } from './live.js';

export function createAlarmList(list, onChange = () => {}) {
  const canAck = list.dataset.canAck === 'true';
  const presets = JSON.parse(document.getElementById('alarm-presets')?.innerHTML || '[]');
  for (const form of list.querySelectorAll('form.ack')) wire(form);
  updateSummary();

  function wire(form) {
    const preset = form.querySelector('.preset');
    const comment = form.querySelector('.comment');
    const error = form.querySelector('.field-error');
    preset.addEventListener('change', () => {
      if (preset.value && !comment.value.trim()) comment.value = preset.value;
      else if (preset.value) comment.value = `${preset.value} ${comment.value}`.trim();
    });
    form.addEventListener('submit', async event => {
      event.preventDefault();
      const text = comment.value.trim();
      if (!text) {
        error.textContent = t('A comment is required.');
        comment.setAttribute('aria-invalid', 'true');
        comment.focus();
        return;
      }
      comment.removeAttribute('aria-invalid');
      const button = form.querySelector('button');
      button.disabled = true;
      button.textContent = t('Acknowledging…');
      error.textContent = '';
      try {
        const updated = await acknowledge(form.dataset.alarm, text);
        show(updated ?? { id: form.dataset.alarm, state: 'acknowledged', comment: text, acknowledgedAt: new Date().toISOString() }, false);
      } catch (failure) {
        error.textContent = t('The alarm could not be acknowledged: {0}', failure.message);
        button.disabled = false;
        button.textContent = t('Acknowledge');
      }
    });
  }

  const state = alarm => String(alarm.state || '').toLowerCase();
  const rank = alarm => (state(alarm) === 'raised' ? 0 : alarm.endedAt ? 2 : 1);

  /** Shows an alarm as the hub or the API sent it: updates its item in place, or adds a new one in rank order. */
  function show(alarm, fromHub) {
    const existing = list.querySelector(`li[data-alarm="${CSS.escape(alarm.id)}"]`);
    const zone = existing?.querySelector('time[data-tz]')?.dataset.tz || document.querySelector('time[data-tz]')?.dataset.tz || 'UTC';
    const item = build(alarm, existing, zone);
    if (existing) existing.replaceWith(item);
    else {
      const after = [...list.children].find(li => Number(li.dataset.rank) > rank(alarm));
      list.insertBefore(item, after ?? null);
      document.getElementById('no-alarms')?.remove();
    }
    if (fromHub && !existing) item.classList.add('new');
    updateSummary();
  }

  function build(alarm, existing, zone) {
    const status = rank(alarm) === 0 ? 'alarm' : rank(alarm) === 1 ? 'warning' : 'ok';
    const li = document.createElement('li');
    li.className = `alarm status-${status}`;
    li.dataset.alarm = alarm.id;
    li.dataset.asset = alarm.asset ?? existing?.dataset.asset ?? '';
    li.dataset.rank = String(rank(alarm));
    li.setAttribute('aria-labelledby', `alarm-${alarm.id}`);
    const title = existing?.querySelector('h3')?.cloneNode(true) ?? Object.assign(document.createElement('h3'), { textContent: `${alarm.asset} — ${t(String(alarm.condition || '').replaceAll('_', ' '))}` });
    title.id = `alarm-${alarm.id}`;
    const header = document.createElement('header');
    header.append(badge(status, t(state(alarm) || 'raised')), title);
    if (alarm.severity) header.append(badge(alarm.severity === 'critical' ? 'alarm' : 'warning', t(alarm.severity), false));
    if (alarm.late) header.append(badge('offline', t('late'), false));
    li.append(header);
    const facts = existing?.querySelector('.facts')?.cloneNode(true);
    if (facts) {
      const level = facts.querySelector('.escalation');
      if (level && alarm.escalationLevel !== undefined) level.textContent = t('level {0}', alarm.escalationLevel);
      li.append(facts);
    } else {
      const div = document.createElement('div');
      div.className = 'facts';
      div.textContent = [alarm.source, alarm.startedAt && inZone(Date.parse(alarm.startedAt), zone), alarm.peak != null && number.format(alarm.peak), t('level {0}', alarm.escalationLevel ?? 0)].filter(Boolean).join(' · ');
      li.append(div);
    }
    if (alarm.acknowledgedAt || alarm.endedAt) {
      const history = document.createElement('ol');
      history.className = 'history';
      if (alarm.acknowledgedAt) history.append(Object.assign(document.createElement('li'), { className: 'ack-done', textContent: `${t('acknowledged')} ${alarm.acknowledgedBy ? '· ' + alarm.acknowledgedBy : ''} ${inZone(Date.parse(alarm.acknowledgedAt), zone)}: “${alarm.comment ?? ''}”` }));
      if (alarm.endedAt) history.append(Object.assign(document.createElement('li'), { textContent: `${t('cleared')} ${inZone(Date.parse(alarm.endedAt), zone)}` }));
      li.append(history);
    }
    if (canAck && state(alarm) === 'raised') {
      const form = existing?.querySelector('form.ack')?.cloneNode(true) ?? ackForm(alarm.id);
      li.append(form);
      wire(form);
    }
    return li;
  }

  function badge(status, word, icon = true) {
    const span = document.createElement('span');
    span.className = `badge status-${status}`;
    if (icon) span.innerHTML = `<svg class="icon" aria-hidden="true"><use href="/icons/status.svg#${status}"></use></svg>`;
    span.append(word);
    return span;
  }

  function ackForm(id) {
    const form = document.createElement('form');
    form.className = 'ack';
    form.dataset.alarm = id;
    form.noValidate = true;
    form.innerHTML = `<div><label for="preset-${id}"></label><select id="preset-${id}" class="preset"><option value=""></option></select></div>
      <div><label for="comment-${id}"></label><textarea id="comment-${id}" class="comment" required maxlength="2000" rows="1"></textarea></div>
      <button type="submit" class="ack-button"></button><p class="field-error" role="alert"></p>`;
    const template = list.querySelector('form.ack');
    form.querySelector(`label[for="preset-${id}"]`).textContent = template?.querySelector('label')?.textContent ?? 'Reason';
    form.querySelector(`label[for="comment-${id}"]`).textContent = template?.querySelectorAll('label')[1]?.textContent ?? t('A comment is required.');
    const select = form.querySelector('select');
    for (const preset of presets) select.append(new Option(preset, preset));
    form.querySelector('button').textContent = t('Acknowledge');
    return form;
  }

  function updateSummary() {
    const count = document.getElementById('open-count');
    if (count) count.textContent = String(list.querySelectorAll('li[data-rank="0"]').length);
    onChange();
  }

  return { show };
}
