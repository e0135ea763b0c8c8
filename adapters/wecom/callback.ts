/**
 * The callback URL (回调配置): URL verification (GET) and encrypted messages (POST).
 * Everything is checked before anything is stored: the query, the body size, the
 * replay window, the signature, the ciphertext and the receive id (CorpID), then the
 * message XML. Each failure is a CallbackError with the HTTP status to answer.
 */
import type { Context } from 'koa';
import { BodyError, readText } from '../body';
import { decrypt, verifySignature, WecomCryptoError } from './crypto';
import { field, parseXml, XmlError } from './xml';

export const MAX_CALLBACK_BYTES = 64 * 1024;
/** A callback older than this, or further in the future than SKEW, is refused (replay window). */
export const MAX_AGE_S = 300;
export const MAX_SKEW_S = 60;

export class CallbackError extends Error {
  constructor(readonly status: 400 | 401 | 413, message: string) {
    super(message);
    this.name = 'CallbackError';
  }
}

export interface CallbackSecrets {
  token: string;
  key: Buffer;
  corpId: string;
  /** Current time in ms. */
  now: () => number;
}

export interface SignedQuery {
  signature: string;
  timestamp: string;
  nonce: string;
  echostr?: string;
}

/** An inbound member message worth a turn; events and the like come back as null. */
export interface InboundMessage {
  from: string;
  msgId: string;
  createTime: number;
  msgType: string;
  /** The text of a text message; '' for other message types (image, voice, …). */
  content: string;
  /** The file of an image, voice or video message (fetched by media/get when the turn runs). */
  mediaId?: string;
}

/** Message types that carry a file by MediaId (issue 17). */
const MEDIA_TYPES = new Set(['image', 'voice', 'video', 'file']);
const MEDIA_ID = /^[0-9A-Za-z_@.-]{1,256}$/;

function one(ctx: Context, name: string): string | undefined {
  const v = ctx.query[name];
  return typeof v === 'string' ? v : undefined;
}

/** The signed query parameters; missing or malformed ones are a 400. */
export function readQuery(ctx: Context, withEcho: boolean): SignedQuery {
  const signature = one(ctx, 'msg_signature');
  const timestamp = one(ctx, 'timestamp');
  const nonce = one(ctx, 'nonce');
  const echostr = one(ctx, 'echostr');
  if (!signature || !timestamp || !nonce || (withEcho && !echostr)) {
    throw new CallbackError(400, `缺少参数：需要 msg_signature、timestamp、nonce${withEcho ? '、echostr' : ''}`);
  }
  if (!/^[0-9a-fA-F]{40}$/.test(signature)) throw new CallbackError(400, 'msg_signature 格式错误');
  if (!/^[0-9]{1,12}$/.test(timestamp)) throw new CallbackError(400, 'timestamp 格式错误');
  if (nonce.length > 128) throw new CallbackError(400, 'nonce 过长');
  if (echostr !== undefined && echostr.length > 4096) throw new CallbackError(400, 'echostr 过长');
  return { signature, timestamp, nonce, ...(echostr !== undefined ? { echostr } : {}) };
}

/** Refuses a callback outside the replay window. */
export function checkFresh(q: SignedQuery, nowMs: number): void {
  const age = Math.floor(nowMs / 1000) - Number(q.timestamp);
  if (age > MAX_AGE_S) throw new CallbackError(401, 'timestamp 已过期');
  if (age < -MAX_SKEW_S) throw new CallbackError(401, 'timestamp 超前');
}

/** Verifies the signature over `encrypted`, decrypts it and checks the receive id. */
export function open(s: CallbackSecrets, q: SignedQuery, encrypted: string): string {
  if (!verifySignature(s.token, q.timestamp, q.nonce, encrypted, q.signature)) throw new CallbackError(401, '签名无效');
  let plain;
  try {
    plain = decrypt(s.key, encrypted);
  } catch (e) {
    if (e instanceof WecomCryptoError) throw new CallbackError(400, `密文无效（${e.kind}）`);
    throw e;
  }
  if (plain.receiveId !== s.corpId) throw new CallbackError(401, 'CorpID 不符');
  return plain.message;
}

/** The request body as UTF-8 text, at most `max` bytes (413 beyond). */
export async function readBody(ctx: Context, max = MAX_CALLBACK_BYTES): Promise<string> {
  try {
    return await readText(ctx.req, max);
  } catch (e) {
    if (e instanceof BodyError) throw new CallbackError(e.status, e.message);
    throw e;
  }
}

function xml(text: string) {
  try {
    const root = parseXml(text);
    if (root.name !== 'xml') throw new XmlError('root element is not <xml>');
    return root;
  } catch (e) {
    if (e instanceof XmlError) throw new CallbackError(400, `XML 无效：${e.message}`);
    throw e;
  }
}

function get(root: ReturnType<typeof xml>, name: string): string | undefined {
  try {
    return field(root, name);
  } catch (e) {
    if (e instanceof XmlError) throw new CallbackError(400, `XML 无效：${e.message}`);
    throw e;
  }
}

/** GET: the plain echostr to answer. */
export function verifyUrl(s: CallbackSecrets, q: SignedQuery): string {
  checkFresh(q, s.now());
  return open(s, q, q.echostr!);
}

/** POST: the member message in an encrypted callback body, or null for events. */
export function readMessage(s: CallbackSecrets, q: SignedQuery, body: string): InboundMessage | null {
  checkFresh(q, s.now());
  const encrypted = get(xml(body), 'Encrypt')?.trim();
  if (!encrypted) throw new CallbackError(400, '缺少 Encrypt');
  const inner = xml(open(s, q, encrypted));

  const msgType = get(inner, 'MsgType')?.trim();
  if (!msgType) throw new CallbackError(400, '缺少 MsgType');
  if (msgType === 'event') return null;

  const from = get(inner, 'FromUserName')?.trim();
  const msgId = get(inner, 'MsgId')?.trim();
  const createTime = get(inner, 'CreateTime')?.trim();
  const validFrom = !!from && from.length <= 128 && !/[\u0000-\u001f]/.test(from);
  const validId = !!msgId && /^[0-9A-Za-z_-]{1,64}$/.test(msgId);
  const validTime = !!createTime && /^[0-9]{1,12}$/.test(createTime);
  if (msgType !== 'text') {
    // Image, voice, location, …: a turn with no text (the engine asks for text), or
    // ignored when it does not look like a member's message.
    if (!(validFrom && validId && validTime)) return null;
    const mediaId = MEDIA_TYPES.has(msgType) ? get(inner, 'MediaId')?.trim() : undefined;
    return { from: from!, msgId: msgId!, createTime: Number(createTime), msgType, content: '', ...(mediaId && MEDIA_ID.test(mediaId) ? { mediaId } : {}) };
  }
  const content = get(inner, 'Content');
  if (!validFrom) throw new CallbackError(400, '缺少或无效的 FromUserName');
  if (!validId) throw new CallbackError(400, '缺少或无效的 MsgId');
  if (!validTime) throw new CallbackError(400, '缺少或无效的 CreateTime');
  if (content === undefined) throw new CallbackError(400, '缺少 Content');
  return { from: from!, msgId: msgId!, createTime: Number(createTime), msgType, content };
}
