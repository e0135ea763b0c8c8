/**
 * Which updates the bot answers, and what they say. Private chats: every message.
 * Groups: only messages that mention the bot (@username, or a /command@username) or
 * reply to one of its messages, with the mention taken out of the text.
 */
import type { Message, MessageEntity, User, UserFromGetMe } from 'telegraf/types';

export interface Incoming {
  externalId: string;
  chatId: string;
  text: string;
  displayName?: string;
  /** In groups, the message to reply to, so it is clear whom the bot answers. */
  replyTo?: number;
  /** A pressed option button: the ref of the prompt it belonged to (Reply.ref). */
  ref?: string;
  /** A photo or document sent with it (downloaded by getFile when the turn runs). */
  files?: TelegramFile[];
}

/** A file of a message as Telegram names it: fetched later by `file_id`. */
export interface TelegramFile {
  fileId: string;
  name?: string;
  size?: number;
}

/**
 * The file a message carries: a photo (Telegram sends several sizes; the largest is the
 * original as far as Telegram keeps it) or a document (any file, its name as sent).
 */
function filesOf(msg: Message): TelegramFile[] {
  if ('photo' in msg && msg.photo.length) {
    const p = msg.photo.reduce((a, b) => ((b.file_size ?? b.width * b.height) > (a.file_size ?? a.width * a.height) ? b : a));
    return [{ fileId: p.file_id, name: `photo-${msg.message_id}.jpg`, ...(p.file_size ? { size: p.file_size } : {}) }];
  }
  if ('document' in msg) {
    const d = msg.document;
    return [{ fileId: d.file_id, ...(d.file_name ? { name: d.file_name } : {}), ...(d.file_size ? { size: d.file_size } : {}) }];
  }
  return [];
}

const COMMANDS: Record<string, string> = { start: '帮助', help: '帮助' };

export function displayName(u: User): string | undefined {
  const name = [u.first_name, u.last_name].filter(Boolean).join(' ').trim();
  return name || (u.username ? `@${u.username}` : undefined);
}

export function fromMessage(msg: Message, me: Pick<UserFromGetMe, 'id' | 'username'>): Incoming | null {
  const from = msg.from;
  if (!from || from.is_bot) return null;
  const chat = msg.chat;
  if (chat.type === 'channel') return null;
  const raw = 'text' in msg ? msg.text : 'caption' in msg && typeof msg.caption === 'string' ? msg.caption : '';
  const entities: MessageEntity[] = ('text' in msg ? msg.entities : 'caption_entities' in msg ? msg.caption_entities : undefined) ?? [];
  const group = chat.type !== 'private';

  let text = raw;
  if (group) {
    const mentions = entities.filter((e) => isMentionOfMe(raw, e, me.username));
    const replyToMe = 'reply_to_message' in msg && msg.reply_to_message?.from?.id === me.id;
    if (!mentions.length && !replyToMe) return null;
    text = strip(raw, mentions, me.username);
  }
  text = command(text.trim(), me.username);
  const name = displayName(from);
  const files = filesOf(msg);
  return {
    externalId: String(from.id),
    chatId: String(chat.id),
    text,
    ...(name ? { displayName: name } : {}),
    ...(group ? { replyTo: msg.message_id } : {}),
    ...(files.length ? { files } : {}),
  };
}

function isMentionOfMe(text: string, e: MessageEntity, username: string): boolean {
  const s = text.slice(e.offset, e.offset + e.length).toLowerCase();
  const me = `@${username.toLowerCase()}`;
  if (e.type === 'mention') return s === me;
  if (e.type === 'bot_command') return s.endsWith(me);
  return false;
}

/** Takes the @username out of mentions (a /command@username keeps the command). */
function strip(text: string, mentions: MessageEntity[], username: string): string {
  let out = text;
  for (const e of [...mentions].sort((a, b) => b.offset - a.offset)) {
    const s = out.slice(e.offset, e.offset + e.length);
    const kept = e.type === 'bot_command' ? s.slice(0, s.length - username.length - 1) : '';
    out = out.slice(0, e.offset) + kept + out.slice(e.offset + e.length);
  }
  return out.replace(/\s{2,}/g, ' ').trim();
}

/** /start and /help (Telegram's usual first words) mean 帮助; a /cmd@bot is the /cmd. */
function command(text: string, username: string): string {
  const m = text.match(/^\/([A-Za-z0-9_]+)(?:@([A-Za-z0-9_]+))?(?:\s+([\s\S]*))?$/);
  if (!m) return text;
  if (m[2] && m[2].toLowerCase() !== username.toLowerCase()) return text;
  const word = COMMANDS[m[1]!.toLowerCase()];
  return word ?? text;
}
