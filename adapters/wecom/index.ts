/**
 * WeCom (企业微信) self-built application: the callback URL on the koa server, replies
 * and notifications through the message send API.
 *
 * A callback is answered with an empty 200 as soon as the turn is committed (WeCom
 * retries anything slower than 5 s or not 200); the replies are then sent through
 * message/send in the background, in order per member. A redelivered callback (same
 * MsgId) is one turn: the engine dedupes `msg:<MsgId>` per account and returns the
 * stored replies, which are sent again only if they were not sent the first time.
 *
 * Options become numbered lines, and a bare number answers the option of that number in
 * the last message sent to the member. That memory is in-process and bounded; inside a
 * dialogue the engine maps a bare number from the stored step as well, so a restart
 * loses nothing there.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { Address, RunningChannel } from '../../bot/channels';
import { TransientError } from '../../bot/channels';
import { KeyedSerial } from '../../bot/serial';
import type { Reply } from '../../domain/ports';
import type { InboundFile } from '../../bot/engine';
import type { ChannelDeps, ChannelModule } from '../module';
import { DEFAULT_API_ROOT, WecomApi, WecomApiError } from './api';
import { CallbackError, type CallbackSecrets, readBody, readMessage, readQuery, verifyUrl } from './callback';
import { aesKeyOf } from './crypto';
import { Lru, pickOption, renderReply } from '../numbered-options';
import { splitText } from './render';

export interface WecomOptions {
  corpId: string;
  corpSecret: string;
  agentId: string;
  token: string;
  encodingAesKey: string;
  /** default https://qyapi.weixin.qq.com */
  apiRoot?: string;
  /** default /wecom/callback */
  path?: string;
  /** Waits between attempts of one API call (default 300, 1000, 3000 ms: four attempts). */
  retryDelaysMs?: readonly number[];
  /** Clock in ms (tests). */
  now?: () => number;
}

export interface WecomModule extends ChannelModule {
  readonly channel: RunningChannel;
  routes(router: Router): void;
  /** Resolves once every reply queued so far has been sent or given up on. */
  idle(): Promise<void>;
}

export const DEFAULT_PATH = '/wecom/callback';
/** Members whose last options are remembered, and callbacks whose delivery progress is. */
const MEMORY = 10_000;
const STOP_WAIT_MS = 5_000;

export function wecomModule(opts: WecomOptions, deps: ChannelDeps): WecomModule {
  for (const k of ['corpId', 'corpSecret', 'agentId', 'token'] as const) {
    if (!opts[k]?.trim()) throw new Error(`WeCom: ${k} is required`);
  }
  if (!/^[0-9]{1,12}$/.test(opts.agentId)) throw new Error('WeCom: agentId must be the numeric AgentId of the application');
  if (/\s/.test(opts.token) || opts.token.length > 128) throw new Error('WeCom: token must be the Token of 接收消息 › API 接收 (no spaces)');
  const key = aesKeyOf(opts.encodingAesKey); // throws a clear error for a malformed EncodingAESKey
  const path = opts.path ?? DEFAULT_PATH;
  const now = opts.now ?? Date.now;
  const log = deps.log.child({ channel: 'wecom' });

  const api = new WecomApi({
    corpId: opts.corpId, corpSecret: opts.corpSecret, agentId: Number(opts.agentId),
    apiRoot: opts.apiRoot ?? DEFAULT_API_ROOT, now,
    ...(opts.retryDelaysMs ? { retryDelaysMs: opts.retryDelaysMs } : {}),
  });
  const secrets: CallbackSecrets = { token: opts.token, key, corpId: opts.corpId, now };

  const lastOptions = new Lru<string, readonly string[]>(MEMORY);
  /** `member \n MsgId` → replies of that callback already sent, or 'busy' while sending. */
  const progress = new Lru<string, number | 'busy'>(MEMORY);
  const perMember = new KeyedSerial();
  const pending = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    const settled = p.then(() => {}, () => {});
    pending.add(settled);
    void settled.then(() => pending.delete(settled));
  };

  /** Sends one reply (split if long) and remembers its options for a bare-number answer. */
  async function sendReply(to: string, reply: Reply): Promise<void> {
    for (const piece of splitText(renderReply(reply))) await api.sendText(to, piece);
    if (reply.options?.length) lastOptions.set(to, [...reply.options]);
    else lastOptions.delete(to);
  }

  /** Replies to a callback, in the background; a redelivery resumes where sending stopped. */
  function deliver(to: string, msgId: string, replies: Reply[]): void {
    const k = `${to}\n${msgId}`;
    const state = progress.get(k);
    if (state === 'busy' || (typeof state === 'number' && state >= replies.length)) return;
    let sent = typeof state === 'number' ? state : 0;
    progress.set(k, 'busy');
    track(perMember.run(to, async () => {
      try {
        for (; sent < replies.length; sent++) await sendReply(to, replies[sent]!);
      } catch (e) {
        if (e instanceof WecomApiError && e.transient) {
          // Not lost: the rest joins the durable outbox and the dispatcher retries it.
          try {
            await deps.engine.deferReplies('wecom', to, replies.slice(sent));
            log.warn({ msgId, deferred: replies.length - sent }, 'wecom: replies deferred to the outbox');
            sent = replies.length;
          } catch (err) {
            log.error({ err, msgId, sent, of: replies.length }, 'wecom: could not defer the replies to a message');
          }
        } else {
          log.error({ err: e, msgId, sent, of: replies.length }, 'wecom: could not send the replies to a message');
        }
      } finally {
        progress.set(k, sent);
      }
    }));
  }

  /** An image, voice or video message's file as the engine reads it: media/get, its name known once fetched. */
  function mediaFile(mediaId: string): InboundFile {
    let name: string | undefined;
    return {
      get name() {
        return name;
      },
      async open() {
        const m = await api.media(mediaId);
        name = m.name;
        return m.body;
      },
    };
  }

  const channel: RunningChannel = {
    platform: 'wecom',
    async send(to: Address, reply: Reply): Promise<void> {
      try {
        await perMember.run(to.externalId, () => sendReply(to.externalId, reply));
      } catch (e) {
        if (e instanceof WecomApiError && e.transient) {
          throw new TransientError(e.message, e.errcode === 45009 || e.errcode === 45033 ? 60_000 : undefined);
        }
        throw e;
      }
    },
    async stop(): Promise<void> {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([idle(), new Promise<void>((r) => (timer = setTimeout(r, STOP_WAIT_MS)))]);
      clearTimeout(timer);
    },
  };

  async function idle(): Promise<void> {
    while (pending.size) await Promise.allSettled([...pending]);
  }

  async function guarded(ctx: Context, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (e) {
      ctx.type = 'text/plain';
      if (e instanceof CallbackError) {
        log.warn({ status: e.status, reason: e.message, ip: ctx.ip }, 'wecom: callback refused');
        ctx.status = e.status;
        ctx.body = e.message;
        return;
      }
      log.error({ err: e }, 'wecom: callback failed'); // not 200: WeCom delivers it again
      ctx.status = 503;
      ctx.body = '系统繁忙，请稍后重试';
    }
  }

  return {
    channel,
    idle,
    routes(router: Router): void {
      // URL verification (保存回调配置时): answer the decrypted echostr as is.
      router.get(path, (ctx) =>
        guarded(ctx, async () => {
          const echo = verifyUrl(secrets, readQuery(ctx, true));
          ctx.status = 200;
          ctx.type = 'text/plain';
          ctx.body = echo;
        }),
      );
      router.post(path, (ctx) =>
        guarded(ctx, async () => {
          const q = readQuery(ctx, false);
          const msg = readMessage(secrets, q, await readBody(ctx));
          if (msg) {
            const text = pickOption(msg.content, lastOptions.get(msg.from)) ?? msg.content;
            const messageId = `msg:${msg.msgId}`;
            const files = msg.mediaId ? [mediaFile(msg.mediaId)] : [];
            const replies = await deps.engine.handle({ platform: 'wecom', externalId: msg.from, chatId: msg.from, messageId, text, ...(files.length ? { files } : {}) });
            deliver(msg.from, msg.msgId, replies);
          }
          ctx.status = 200;
          ctx.type = 'text/plain';
          ctx.body = '';
        }),
      );
    },
    async start(): Promise<void> {
      try {
        await api.check();
      } catch (e) {
        throw new Error(`WeCom: cannot get an access token for corpId ${opts.corpId}; check corpId and corpSecret (${(e as Error).message})`);
      }
      log.info({ path, agentId: opts.agentId }, 'wecom: access token ok; callback ready');
    },
  };
}

export { WecomApi, WecomApiError } from './api';
