// Upload-to-verify on the compliance page: posts the file to POST /api/reports/verify and shows the platform's answer.
const form = document.getElementById('verify-form');
const result = document.getElementById('verify-result');
const texts = JSON.parse(document.getElementById('verify-texts').textContent);

const utc = iso => iso ? iso.replace('T', ' ').replace(/\.\d+/, '').replace('Z', ' +00:00') : '–';

function row(list, label, value) {
  if (value === null || value === undefined || value === '') return;
  const div = document.createElement('div');
  const dt = document.createElement('dt');
  dt.textContent = label;
  const dd = document.createElement('dd');
  dd.textContent = value;
  div.append(dt, dd);
  list.append(div);
}

function show(verdict) {
  result.replaceChildren();
  const status = verdict.genuine ? 'ok' : 'alarm';
  result.className = `verify-result status-${status}`;
  result.dataset.genuine = String(verdict.genuine);
  const head = document.createElement('p');
  head.className = 'verdict-line';
  head.innerHTML = `<svg class="icon" aria-hidden="true"><use href="/icons/status.svg#${status}"></use></svg>`;
  const word = document.createElement('b');
  word.textContent = verdict.genuine ? texts.genuine : texts.not;
  head.append(word);
  const list = document.createElement('dl');
  row(list, texts.reason, verdict.reason);
  row(list, texts.id, verdict.verificationId);
  row(list, texts.by, verdict.generatedBy);
  row(list, texts.at, verdict.generatedAt && utc(verdict.generatedAt));
  row(list, texts.scope, verdict.scope);
  row(list, texts.period, verdict.from && `${utc(verdict.from)} → ${utc(verdict.to)}`);
  row(list, texts.format, verdict.format);
  row(list, texts.sha, verdict.sha256);
  result.append(head, list);
}

function fail(message) {
  result.className = 'verify-result status-alarm';
  delete result.dataset.genuine;
  result.textContent = texts.failed.replace('{0}', message);
}

form.addEventListener('submit', async event => {
  event.preventDefault();
  const file = document.getElementById('verify-file').files[0];
  if (!file) {
    fail(texts.choose);
    return;
  }
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  result.className = 'verify-result';
  delete result.dataset.genuine;
  result.textContent = texts.verifying;
  try {
    const body = new FormData();
    body.append('file', file);
    const response = await fetch(form.action, { method: 'POST', body, credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!response.ok) {
      let detail = `${response.status}`;
      try { const problem = await response.json(); detail = problem.detail || problem.title || detail; } catch { /* not JSON */ }
      fail(detail);
      return;
    }
    show(await response.json());
  } catch (error) {
    fail(String(error));
  } finally {
    button.disabled = false;
  }
});
