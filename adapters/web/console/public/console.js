// The console's only script: sign-in and sign-out go as JSON (the server refuses other writes).
'use strict';
async function post(path, body) {
  const r = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), credentials: 'same-origin' });
  const data = await r.json().catch(() => ({}));
  return { ok: r.ok, data };
}
document.addEventListener('DOMContentLoaded', () => {
  const form = document.getElementById('login');
  if (form) {
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const err = document.getElementById('login-error');
      err.textContent = '';
      const r = await post('/console/api/login', { code: document.getElementById('code').value });
      if (r.ok) location.assign(r.data.next || '/console');
      else err.textContent = r.data.error || '登录失败，请重试。';
    });
  }
  const out = document.getElementById('signout');
  if (out) {
    out.addEventListener('click', async () => {
      const r = await post('/console/api/logout', {});
      location.assign((r.data && r.data.next) || '/console/login');
    });
  }
});
