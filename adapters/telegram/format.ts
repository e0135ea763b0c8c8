/**
 * Replies as Telegram messages: text cut to the message size limit, options as an
 * inline keyboard; and back again, a pressed button as the option's text.
 */
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types';
import type { Reply } from '../../domain/ports';

/** Telegram's limit is 4096 characters; keep a margin. */
export const MAX_MESSAGE_CHARS = 4000;
export const CALLBACK_DATA_MAX_BYTES = 64;
/** Options that fit in two columns. */
const SHORT_OPTION_CHARS = 8;
/**
 * callback_data of a button whose text cannot be its own data (over 64 bytes, or
 * starting with this mark): the mark and the option's index. The text is read back
 * from the pressed message's own keyboard, so nothing is kept on the server.
 */
export const KEY_MARK = '~';

export interface OutgoingMessage {
  text: string;
  reply_markup?: InlineKeyboardMarkup;
}

/** Between a keyed button's index and the ref of its prompt: 「~2|complaint:when:17」. */
const REF_MARK = '|';

/**
 * callback_data of a button of a prompt with a ref (Reply.ref): keyed, with the ref, so a
 * press says which prompt it answers; the option's text is read back from the keyboard.
 * Without a ref, or when the ref would not fit, as before.
 */
export function callbackData(option: string, index: number, ref?: string): string {
  const withRef = ref && `${KEY_MARK}${index}${REF_MARK}${ref}`;
  if (withRef && Buffer.byteLength(withRef, 'utf8') <= CALLBACK_DATA_MAX_BYTES) return withRef;
  const fits = Buffer.byteLength(option, 'utf8') <= CALLBACK_DATA_MAX_BYTES && option.length > 0;
  return fits && !option.startsWith(KEY_MARK) ? option : `${KEY_MARK}${index}`;
}

/** One button per row; two short options share a row. */
export function inlineKeyboard(options: string[], ref?: string): InlineKeyboardMarkup {
  const buttons: InlineKeyboardButton.CallbackButton[] = options.map((text, i) => ({ text, callback_data: callbackData(text, i, ref) }));
  const rows: InlineKeyboardButton[][] = [];
  for (let i = 0; i < buttons.length; i++) {
    const a = buttons[i]!;
    const b = buttons[i + 1];
    if (b && isShort(a.text) && isShort(b.text)) {
      rows.push([a, b]);
      i++;
    } else rows.push([a]);
  }
  return { inline_keyboard: rows };
}

const isShort = (s: string) => [...s].length <= SHORT_OPTION_CHARS;

/**
 * The option a button press stands for: its callback_data, or for a keyed button the
 * text of the button with that data in the message's keyboard. Undefined if a keyed
 * button can no longer be resolved (the message is too old to be included).
 */
export function optionOfCallback(data: string, markup: InlineKeyboardMarkup | undefined): string | undefined {
  if (!data.startsWith(KEY_MARK)) return data;
  for (const row of markup?.inline_keyboard ?? []) {
    for (const button of row) {
      if ('callback_data' in button && button.callback_data === data) return button.text;
    }
  }
  return undefined;
}

/** The ref of the prompt a pressed button belonged to, if its data carries one. */
export function refOfCallback(data: string): string | undefined {
  if (!data.startsWith(KEY_MARK)) return undefined;
  const at = data.indexOf(REF_MARK);
  return at > 0 ? data.slice(at + 1) : undefined;
}

/** A reply as one or more messages; the keyboard goes with the last. */
export function toMessages(reply: Reply): OutgoingMessage[] {
  const options = reply.options?.filter((o) => o.trim()) ?? [];
  let chunks = splitText(reply.text.trim());
  if (!chunks.length) {
    if (!options.length) return [];
    chunks = ['请选择：'];
  }
  const messages: OutgoingMessage[] = chunks.map((text) => ({ text }));
  if (options.length) messages[messages.length - 1]!.reply_markup = inlineKeyboard(options, reply.ref);
  return messages;
}

/** Cuts text into pieces of at most `max` UTF-16 units, at a line break where possible. */
export function splitText(text: string, max = MAX_MESSAGE_CHARS): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n', max);
    if (cut < max / 2) cut = max;
    // Never split a surrogate pair.
    const code = rest.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut--;
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^\n/, '');
  }
  if (rest.trim()) out.push(rest);
  return out.filter((c) => c.trim());
}
