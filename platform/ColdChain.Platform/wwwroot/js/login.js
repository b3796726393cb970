// Password strength as the user types (zxcvbn on the server: /api/auth/password-strength), debounced so that a
// password costs one or two requests, not one per key.
const password = document.getElementById('Password');
const email = document.getElementById('Email');
const box = document.getElementById('strength');
const meter = document.getElementById('strength-meter');
const text = document.getElementById('strength-text');
const words = JSON.parse(document.getElementById('strength-words').textContent);
let timer = 0;
let asked = 0;

password.addEventListener('input', () => {
  clearTimeout(timer);
  if (password.value.length < 4) { box.hidden = true; return; }
  timer = setTimeout(score, 600);
});

async function score() {
  const ask = ++asked;
  try {
    const response = await fetch('/api/auth/password-strength', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ password: password.value, email: email.value || null }),
    });
    if (!response.ok || ask !== asked) return;
    const strength = await response.json();
    meter.value = strength.score;
    box.dataset.score = String(strength.score);
    text.textContent = words[strength.score] ?? String(strength.score);
    box.hidden = false;
  } catch {
    box.hidden = true;
  }
}
