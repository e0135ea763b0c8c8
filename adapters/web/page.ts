/**
 * The chat page. With JavaScript, app.js draws the conversation from `/api/transcript`;
 * without it, the `<noscript>` part rendered here is the conversation: the transcript with
 * its times, the options still open as buttons, and a form — each a plain POST to
 * `/noscript`, answered by a redirect back here (so a reload never sends it again).
 */
import { randomUUID } from 'node:crypto';
import escape from 'escape-html';
import type { ShownReply, TranscriptEntry } from '../../domain/transcript';

const PLACEHOLDER = '<!--NOSCRIPT-->';

/** The conversation's times are the district's (Asia/Shanghai): 14:05 today, else 11月30日 14:05, another year 2025年11月30日 14:05. */
const PARTS = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
export function timeLabel(at: Date, now: Date): string {
  const p = (d: Date) => Object.fromEntries(PARTS.formatToParts(d).map((x) => [x.type, x.value]));
  const a = p(at);
  const n = p(now);
  const time = `${a.hour}:${a.minute}`;
  if (a.year !== n.year) return `${a.year}年${a.month}月${a.day}日 ${time}`;
  return a.month === n.month && a.day === n.day ? time : `${a.month}月${a.day}日 ${time}`;
}

/** A key per form shown: the form sent twice (a double click) is processed once. */
const formKey = () => `nojs-${randomUUID()}`;

const RECORD_NO = /[A-Z]{2}-\d{4}-\d{6}/g;

function bubble(role: 'user' | 'bot', text: string): string {
  const html = escape(text);
  return `<div class="bubble">${role === 'bot' ? html.replace(RECORD_NO, (no) => `<strong class="recno">${no}</strong>`) : html}</div>`;
}

function options(r: ShownReply, live: boolean): string {
  if (!r.options?.length) return '';
  if (!live) return `<div class="options">${r.options.map((o) => `<button type="button" disabled>${escape(o)}</button>`).join('')}</div>`;
  const ref = r.ref ? `<input type="hidden" name="ref" value="${escape(r.ref)}">` : '';
  return `<form class="options" method="post" action="/noscript"><input type="hidden" name="key" value="${formKey()}">${ref}${r.options
    .map((o) => `<button type="submit" name="text" value="${escape(o)}">${escape(o)}</button>`)
    .join('')}</form>`;
}

function message(role: 'user' | 'bot', text: string, at: Date, now: Date, opts = ''): string {
  return `<li class="msg ${role}">${bubble(role, text)}${opts}<time datetime="${at.toISOString()}">${timeLabel(at, now)}</time></li>`;
}

/**
 * The `<noscript>` conversation. An entry's options stay open until the person says
 * something after it — the same rule the page applies with JavaScript.
 */
export function renderNoscript(entries: readonly TranscriptEntry[], now: Date, error?: string): string {
  const lastExchange = entries.findLastIndex((e) => e.kind === 'exchange');
  const items = entries.flatMap((e, i) => [
    ...(e.kind === 'exchange' ? [message('user', e.said, e.at, now)] : []),
    ...e.replies.map((r) => message('bot', r.text, e.at, now, options(r, i >= lastExchange))),
  ]);
  return [
    '<section id="nojs" aria-label="对话">',
    `<ol class="log" role="log">${items.join('')}</ol>`,
    error ? `<p class="alert" role="alert">${escape(error)}</p>` : '',
    '<form id="latest" class="nojs-composer" method="post" action="/noscript">',
    `<input type="hidden" name="key" value="${formKey()}">`,
    '<label for="nojs-text" class="sr-only">输入消息</label>',
    '<textarea id="nojs-text" name="text" rows="2" maxlength="4000" required placeholder="请输入消息，例如“我要投诉”或“查询 TS-2026-000123”"></textarea>',
    '<button type="submit">发送</button>',
    '</form>',
    '</section>',
  ].join('');
}

export function renderPage(template: string, noscript: string): string {
  return template.replace(PLACEHOLDER, () => noscript);
}

/** Fails at start-up, not on the first request, if the page lost its placeholder. */
export function checkTemplate(template: string): string {
  if (template.split(PLACEHOLDER).length !== 2) throw new Error(`index.html must hold ${PLACEHOLDER} once`);
  return template;
}
