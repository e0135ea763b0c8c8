/**
 * For platforms without buttons (WeChat, WeCom): a reply's options become numbered lines
 * under its text, and a bare number from the person is read as the option of that
 * number in the last numbered list sent to them in that chat.
 *
 * The lists are remembered in memory only (bounded, least recently used chats are
 * forgotten); they matter for notices with options sent outside a dialogue. Inside a
 * dialogue the engine maps a bare number to the current step's options itself, from the
 * stored state, so a restart loses nothing there.
 */
import type { Reply } from '../domain/ports';

export const OPTIONS_HEADER = '回复序号或文字：';

export function renderReply(reply: Reply): string {
  const options = reply.options ?? [];
  if (!options.length) return reply.text;
  return `${reply.text}\n\n${OPTIONS_HEADER}\n${options.map((o, i) => `${i + 1}. ${o}`).join('\n')}`;
}

/**
 * The option a bare number stands for: 1-based, ASCII or full-width digits, optionally
 * followed by “.”, “、” or “。”. Anything else (or a number out of range) is no option.
 */
export function pickOption(text: string, options: readonly string[] | undefined): string | undefined {
  if (!options?.length) return undefined;
  const t = text
    .trim()
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 0x30))
    .replace(/[.、。．]$/, '');
  if (!/^[0-9]{1,2}$/.test(t)) return undefined;
  const n = Number(t);
  return n >= 1 ? options[n - 1] : undefined;
}

/** The options of the last reply in `replies` that has any (what the person saw last). */
export function lastOptions(replies: readonly Reply[]): string[] | undefined {
  for (let i = replies.length - 1; i >= 0; i--) {
    const o = replies[i]!.options;
    if (o?.length) return [...o];
  }
  return undefined;
}

/** A small least-recently-used map. */
export class Lru<K, V> {
  private readonly map = new Map<K, V>();

  constructor(readonly capacity = 10_000) {
    if (!(capacity >= 1)) throw new Error('Lru capacity must be at least 1');
  }

  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      // Refresh its place: a Map iterates in insertion order, oldest first.
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as K);
  }

  delete(key: K): void {
    this.map.delete(key);
  }

  get size(): number {
    return this.map.size;
  }
}

/** The numbered list last sent per chat key (LRU); setting no options forgets the chat. */
export class OptionMemory extends Lru<string, string[]> {
  remember(key: string, options: readonly string[] | undefined): void {
    if (options?.length) this.set(key, [...options]);
    else this.delete(key);
  }
}
