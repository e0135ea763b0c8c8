'use strict';
(() => {
  const MAX_LEN = 4000, COUNTER_FROM = 3600, POLL_MS = 5000, MAX_RETRIES = 3;
  // A record number as the assistant writes it (TS-2026-000123, AJ-…, ZY-…): each gets a copy button.
  const RECORD_NO = /[A-Z]{2}-\d{4}-\d{6}/g;
  const $ = (id) => document.getElementById(id);
  const list = $('messages'), form = $('composer'), input = $('input'), sendBtn = $('send'), counter = $('counter'), typing = $('typing');
  // Without JavaScript the <noscript> form is the chat; with it, this one.
  list.hidden = false;
  typing.hidden = false;
  form.hidden = false;
  const welcome = $('welcome');
  list.appendChild(welcome);

  const newKey = () => (window.crypto && crypto.randomUUID)
    ? crypto.randomUUID()
    : Date.now().toString(36) + '-' + Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const scrollDown = () => { list.scrollTop = list.scrollHeight; };

  // Times are the district's (Asia/Shanghai), as the server writes them without JavaScript (adapters/web/page.ts).
  const PARTS = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const parts = (d) => Object.fromEntries(PARTS.formatToParts(d).map((x) => [x.type, x.value]));
  function timeLabel(at) {
    const a = parts(at), n = parts(new Date());
    const time = a.hour + ':' + a.minute;
    if (a.year !== n.year) return a.year + '年' + a.month + '月' + a.day + '日 ' + time;
    return a.month === n.month && a.day === n.day ? time : a.month + '月' + a.day + '日 ' + time;
  }

  async function copyText(text) {
    try {
      if (navigator.clipboard && window.isSecureContext) { await navigator.clipboard.writeText(text); return true; }
    } catch (e) { /* fall back below */ }
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'sr-only';
    document.body.appendChild(area);
    area.select();
    let ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { /* not allowed */ }
    area.remove();
    return ok;
  }

  function copyButton(no) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'copy';
    b.dataset.copy = no;
    b.textContent = '复制';
    b.setAttribute('aria-label', '复制编号 ' + no);
    b.addEventListener('click', async () => {
      b.textContent = (await copyText(no)) ? '已复制' : '请手动复制';
      setTimeout(() => { b.textContent = '复制'; }, 2000);
    });
    return b;
  }

  // Text always via text nodes (no HTML injection); the assistant's record numbers get a copy button.
  function fill(bubble, text, numbers) {
    const s = text == null ? '' : String(text);
    if (!numbers) { bubble.textContent = s; return; }
    const seen = new Set();
    let from = 0;
    for (const m of s.matchAll(RECORD_NO)) {
      bubble.append(s.slice(from, m.index));
      const no = document.createElement('span');
      no.className = 'recno';
      no.textContent = m[0];
      bubble.append(no);
      if (!seen.has(m[0])) { seen.add(m[0]); bubble.append(copyButton(m[0])); }
      from = m.index + m[0].length;
    }
    bubble.append(s.slice(from));
  }

  // Option boxes still open: saying anything answers them, so they close (an old 不清楚 must not answer a newer question).
  const open = new Set();
  function closeOptions() {
    for (const box of open) for (const b of box.querySelectorAll('button')) b.disabled = true;
    open.clear();
  }

  /** One message: role user / bot / system; `reply` {text, options, ref}; `at` a Date; `live` whether its options may still be clicked. */
  function addMessage(role, reply, at, live) {
    const wrap = document.createElement('div');
    wrap.className = 'msg ' + role;
    const bubble = document.createElement('div');
    bubble.className = 'bubble';
    fill(bubble, reply.text, role === 'bot');
    wrap.appendChild(bubble);
    const options = Array.isArray(reply.options) ? reply.options : [];
    if (options.length) {
      const box = document.createElement('div');
      box.className = 'options';
      if (reply.ref) box.dataset.ref = reply.ref;
      for (const opt of options) {
        const b = document.createElement('button');
        b.type = 'button';
        b.textContent = String(opt);
        b.disabled = !live;
        b.addEventListener('click', () => {
          b.classList.add('chosen');
          send(String(opt), reply.ref);
        });
        box.appendChild(b);
      }
      if (live) open.add(box);
      wrap.appendChild(box);
    }
    if (at) {
      const time = document.createElement('time');
      time.dateTime = at.toISOString();
      time.textContent = timeLabel(at);
      wrap.appendChild(time);
    }
    list.appendChild(wrap);
    scrollDown();
    return wrap;
  }
  const notice = (text) => addMessage('system', { text }, null, false);

  // Transcript entries ({id, at, kind, said?, replies}) in order; an entry's options stay open until something is said after it.
  let lastId = null;
  function addEntries(entries, live) {
    const lastExchange = entries.map((e) => e.kind).lastIndexOf('exchange');
    entries.forEach((e, i) => {
      if (lastId != null && e.id <= lastId) return;
      const at = new Date(e.at);
      if (e.kind === 'exchange') { closeOptions(); addMessage('user', { text: e.said }, at, false); }
      for (const r of e.replies || []) addMessage('bot', r, at, live && i >= lastExchange);
      lastId = e.id;
    });
  }

  // Serialize sends and polls so replies stay in order and none is shown twice.
  let queue = Promise.resolve();
  let pending = 0;
  const setBusy = (delta) => {
    pending += delta;
    typing.textContent = pending > 0 ? '助手正在回复…' : '';
  };

  function send(text, ref, key = newKey()) {
    text = String(text).trim();
    if (!text) return;
    if (text.length > MAX_LEN) { notice('消息过长，最多 ' + MAX_LEN + ' 个字。'); return; }
    closeOptions();
    addMessage('user', { text }, new Date(), false);
    enqueue(ref ? { text, ref } : { text }, key);
  }

  function enqueue(body, key) {
    setBusy(1);
    queue = queue.then(() => deliver(body, key)).finally(() => setBusy(-1));
  }

  async function deliver(body, key) {
    for (let attempt = 0; attempt <= MAX_RETRIES; attempt++) {
      if (attempt > 0) await sleep(500 * 2 ** (attempt - 1));
      let res;
      try {
        res = await fetch('/api/chat', {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
          body: JSON.stringify(body),
        });
      } catch (e) {
        continue; // network error: retry with the same key
      }
      let data = null;
      try { data = await res.json(); } catch (e) { /* non-JSON body */ }
      if (res.ok && data) {
        if (data.ended) { // 退出登录: the transcript is gone, and so is what this page showed
          for (const m of [...list.children]) if (m !== welcome) m.remove();
          lastId = null;
        }
        const at = new Date(data.at);
        for (const r of data.replies || []) addMessage('bot', r, at, true);
        if (data.id != null) lastId = Math.max(lastId || 0, data.id);
        return;
      }
      notice((data && data.error) || ('请求失败（' + res.status + '），请稍后再试。'));
      return;
    }
    const line = notice('发送失败，请重试');
    const box = document.createElement('div');
    box.className = 'options';
    const retry = document.createElement('button');
    retry.type = 'button';
    retry.textContent = '重试';
    retry.addEventListener('click', () => { retry.disabled = true; enqueue(body, key); });
    box.appendChild(retry);
    line.appendChild(box);
    scrollDown();
  }

  // The transcript: all of it on load (a reload shows the conversation again), then what is new —
  // notifications, and what another tab of this browser said — while the page is visible.
  async function fetchEntries() {
    try {
      const res = await fetch('/api/transcript' + (lastId != null ? '?after=' + lastId : ''), { credentials: 'same-origin', cache: 'no-store' });
      if (res.ok) addEntries((await res.json()).entries || [], true);
    } catch (e) { /* try again next tick */ }
  }
  let pollTimer = null;
  function poll() {
    clearTimeout(pollTimer);
    if (document.visibilityState !== 'visible') return;
    queue = queue.then(fetchEntries).finally(() => {
      clearTimeout(pollTimer);
      if (document.visibilityState === 'visible') pollTimer = setTimeout(poll, POLL_MS);
    });
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

  // The welcome's shortcuts are commands, never answers to a prompt: they stay open.
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
