'use strict';
(() => {
  const MAX_LEN = 4000, COUNTER_FROM = 3600, POLL_MS = 5000, MAX_RETRIES = 3;
  const list = document.getElementById('messages');
  const form = document.getElementById('composer');
  const input = document.getElementById('input');
  const sendBtn = document.getElementById('send');
  const counter = document.getElementById('counter');
  const typing = document.getElementById('typing');

  const newKey = () => (window.crypto && crypto.randomUUID)
    ? crypto.randomUUID()
    : Date.now().toString(36) + '-' + Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const scrollDown = () => { list.scrollTop = list.scrollHeight; };

  // Render one message; text always via textContent (no HTML injection).
  function addMessage(role, text, options) {
    const wrap = document.createElement('div');
    wrap.className = 'msg ' + role;
    const bubble = document.createElement('div');
    bubble.className = 'bubble';
    bubble.textContent = text == null ? '' : String(text);
    wrap.appendChild(bubble);
    if (Array.isArray(options) && options.length) {
      const box = document.createElement('div');
      box.className = 'options';
      for (const opt of options) {
        const b = document.createElement('button');
        b.type = 'button';
        b.textContent = String(opt);
        b.addEventListener('click', () => {
          for (const other of box.querySelectorAll('button')) other.disabled = true;
          b.classList.add('chosen');
          send(String(opt));
        });
        box.appendChild(b);
      }
      wrap.appendChild(box);
    }
    list.appendChild(wrap);
    scrollDown();
    return wrap;
  }

  const addReplies = (replies) => {
    if (!Array.isArray(replies)) return;
    for (const r of replies) if (r && (r.text || (r.options && r.options.length))) addMessage('bot', r.text, r.options);
  };

  // Serialize sends so replies stay in order.
  let queue = Promise.resolve();
  let pending = 0;
  const setBusy = (delta) => {
    pending += delta;
    typing.textContent = pending > 0 ? '助手正在回复…' : '';
  };

  function send(text, key = newKey()) {
    text = String(text).trim();
    if (!text) return;
    if (text.length > MAX_LEN) { addMessage('system', '消息过长，最多 ' + MAX_LEN + ' 个字。'); return; }
    addMessage('user', text);
    enqueue(text, key);
  }

  function enqueue(text, key) {
    setBusy(1);
    queue = queue.then(() => deliver(text, key)).finally(() => setBusy(-1));
  }

  async function deliver(text, key) {
    for (let attempt = 0; attempt <= MAX_RETRIES; attempt++) {
      if (attempt > 0) await sleep(500 * 2 ** (attempt - 1));
      let res;
      try {
        res = await fetch('/api/chat', {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
          body: JSON.stringify({ text }),
        });
      } catch (e) {
        continue; // network error: retry with the same key
      }
      let data = null;
      try { data = await res.json(); } catch (e) { /* non-JSON body */ }
      if (res.ok) { addReplies(data && data.replies); return; }
      addMessage('system', (data && data.error) || ('请求失败（' + res.status + '），请稍后再试。'));
      return;
    }
    const line = addMessage('system', '发送失败，请重试');
    const box = document.createElement('div');
    box.className = 'options';
    const retry = document.createElement('button');
    retry.type = 'button';
    retry.textContent = '重试';
    retry.addEventListener('click', () => { retry.disabled = true; enqueue(text, key); });
    box.appendChild(retry);
    line.appendChild(box);
    scrollDown();
  }

  // Inbox polling while the page is visible.
  // The cursor acknowledges what was shown, so a lost response loses no notification.
  let polling = false, pollTimer = null, cursor = null;
  async function poll() {
    clearTimeout(pollTimer);
    if (polling || document.visibilityState !== 'visible') return; // in-flight poll reschedules itself
    polling = true;
    try {
      const res = await fetch('/api/inbox' + (cursor != null ? '?after=' + cursor : ''), { credentials: 'same-origin', cache: 'no-store' });
      if (res.ok) {
        const body = await res.json();
        if (body.cursor != null && body.cursor !== cursor) { addReplies(body.replies); cursor = body.cursor; }
      }
    } catch (e) { /* ignore, try again next tick */ }
    polling = false;
    clearTimeout(pollTimer);
    if (document.visibilityState === 'visible') pollTimer = setTimeout(poll, POLL_MS);
  }
  document.addEventListener('visibilitychange', poll);

  // Composer: Enter sends, Shift+Enter newline, auto-grow, length counter.
  function refreshInput() {
    const len = input.value.length;
    sendBtn.disabled = !input.value.trim() || len > MAX_LEN;
    counter.hidden = len < COUNTER_FROM;
    counter.textContent = len + '/' + MAX_LEN;
    counter.classList.toggle('over', len >= MAX_LEN);
    input.style.height = 'auto';
    input.style.height = Math.min(input.scrollHeight + 2, 140) + 'px';
  }
  input.addEventListener('input', refreshInput);
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event('submit', { cancelable: true }));
    }
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = input.value.slice(0, MAX_LEN);
    if (!text.trim()) return;
    input.value = '';
    refreshInput();
    send(text);
    input.focus();
  });

  const welcome = addMessage('bot', '您好！我是执法协同助手。可以发送“投诉”提交投诉举报，“查询 编号”查看进度，“帮助”查看全部功能。');
  const quick = document.createElement('div');
  quick.className = 'options';
  quick.setAttribute('aria-label', '快捷操作');
  for (const [label, text] of [['投诉举报', '投诉'], ['查询', '查询'], ['帮助', '帮助']]) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.addEventListener('click', () => send(text));
    quick.appendChild(b);
  }
  welcome.appendChild(quick);
  refreshInput();
  poll();
})();
