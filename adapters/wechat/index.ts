/**
 * Personal WeChat through wechaty. The puppet (the protocol implementation) is chosen
 * as wechaty users expect: WECHATY_PUPPET names its npm module (wechaty brings
 * wechaty-puppet-wechat4u, its default, and wechaty-puppet-service, which takes
 * WECHATY_PUPPET_SERVICE_TOKEN; others must be installed), and WECHATY_NAME keeps the
 * login session in `<name>.memory-card.json` so a restart needs no new QR scan.
 *
 * - One-to-one text messages from people become engine turns; the replies are said back.
 * - In a group (room) only messages that @-mention the bot are handled, without the
 *   mention; the replies go to the room, mentioning the sender.
 * - Pictures, files, video and voice one to one reach the engine as files (issue 17); other
 *   kinds of messages (stickers, cards, links …) get a short request for text.
 * - Options become numbered lines; a bare number picks one (see render.ts).
 * - `channel.send` pushes a notification to a contact (or room) by id.
 *
 * A message the puppet delivers twice is handled once: the engine dedupes by message id
 * (durably), and this adapter drops a repeat it is still handling or has answered since
 * it started, so the replies are not said twice either.
 */
import qrcodeTerminal from 'qrcode-terminal';
import {
  type Contact,
  type Message,
  type Room,
  ScanStatus,
  type Wechaty,
  WechatyBuilder,
  type WechatyOptions,
  qrcodeValueToImageUrl,
  types,
} from 'wechaty';
import { type Address, type RunningChannel, TransientError } from '../../bot/channels';
import { KeyedSerial } from '../../bot/serial';
import type { Reply } from '../../domain/ports';
import type { InboundFile } from '../../bot/engine';
import type { ChannelDeps, ChannelModule } from '../module';
import { OptionMemory, lastOptions, pickOption, renderReply } from '../numbered-options';

export interface WechatOptions {
  /** npm module of the puppet, e.g. 'wechaty-puppet-service' (default: WECHATY_PUPPET, then wechaty's default). */
  puppet?: string;
  /** Token for wechaty-puppet-service (default: WECHATY_PUPPET_SERVICE_TOKEN, read by the puppet). */
  puppetToken?: string;
  /** Bot name: wechaty keeps the login session in `<name>.memory-card.json`. */
  name?: string;
  /** for tests: a ready puppet instance */
  puppetInstance?: unknown;
}

export interface WechatModule extends ChannelModule {
  /** The wechaty instance (diagnostics, tests). */
  readonly bot: Wechaty;
}

/** Options from the environment variables wechaty users know. */
export function wechatOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): WechatOptions {
  return {
    ...(env.WECHATY_PUPPET ? { puppet: env.WECHATY_PUPPET } : {}),
    ...(env.WECHATY_PUPPET_SERVICE_TOKEN ? { puppetToken: env.WECHATY_PUPPET_SERVICE_TOKEN } : {}),
    ...(env.WECHATY_NAME ? { name: env.WECHATY_NAME } : {}),
  };
}

export const NON_TEXT_REPLY = '请发送文字消息。发送“帮助”查看可用功能。';
export const FAILURE_REPLY = '抱歉，系统暂时无法处理您的消息，请稍后再发一次。';

/** What people send that deserves the request for text; system notices and money are ignored. */
const CONTENT_TYPES: ReadonlySet<types.Message> = new Set([
  types.Message.Attachment, types.Message.Audio, types.Message.Contact, types.Message.ChatHistory,
  types.Message.Emoticon, types.Message.Image, types.Message.Location, types.Message.MiniProgram,
  types.Message.Url, types.Message.Video,
]);

/**
 * What people send as files (issue 17): the engine reads each from its FileBox and offers
 * it to the dialogue's step (a complaint's photos …); in a group, as for text, only what
 * mentions the bot is addressed to it, so files there are ignored.
 */
const FILE_TYPES: ReadonlySet<types.Message> = new Set([types.Message.Image, types.Message.Attachment, types.Message.Video, types.Message.Audio]);

/** A file message as the engine reads it: its FileBox's bytes, its name as sent (never trusted for the type). */
function inboundFile(message: Message): InboundFile {
  let name: string | undefined;
  return {
    get name() {
      return name;
    },
    async open() {
      const box = await message.toFileBox();
      name = box.name;
      return box.toStream();
    },
  };
}

/** WeChat group ids end with “@chatroom”; everything else is a contact. */
export const isRoomId = (id: string): boolean => id.endsWith('@chatroom');

/** Message ids seen recently, bounded (oldest forgotten first). */
class RecentIds {
  private readonly ids = new Set<string>();
  constructor(private readonly capacity: number) {}
  /** Adds `id`; false if it was already there. */
  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value!);
    return true;
  }
  delete(id: string): void {
    this.ids.delete(id);
  }
}

const errText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export function wechatModule(opts: WechatOptions, deps: ChannelDeps): WechatModule {
  const log = deps.log.child({ channel: 'wechat' });
  const env = wechatOptionsFromEnv();
  const puppet = opts.puppet ?? env.puppet;
  const token = opts.puppetToken ?? env.puppetToken;
  const name = opts.name ?? env.name;
  const puppetName = opts.puppetInstance ? String(opts.puppetInstance) : (puppet ?? 'wechaty-puppet-wechat4u (the wechaty default)');
  const buildOptions = (
    opts.puppetInstance
      ? { ...(name ? { name } : {}), puppet: opts.puppetInstance }
      : { ...(name ? { name } : {}), ...(puppet ? { puppet } : {}), ...(token ? { puppetOptions: { token } } : {}) }
  ) as WechatyOptions;
  const bot = WechatyBuilder.build(buildOptions);

  const options = new OptionMemory(10_000);
  const seen = new RecentIds(10_000);
  const serial = new KeyedSerial();
  const inflight = new Set<Promise<void>>();
  let started = false;
  let stopping = false;

  /** Per person and chat: in a group each member has a dialogue (and a list) of their own. */
  const chatKey = (chatId: string, externalId: string) => JSON.stringify([chatId, externalId]);

  /** Says the replies in order; in a room, pass the sender as `mention` to @-mention them once. */
  async function sayAll(target: Contact | Room, replies: readonly Reply[], mention?: Contact): Promise<void> {
    for (const [i, reply] of replies.entries()) {
      const text = renderReply(reply);
      if (mention && i === 0) await (target as Room).say(text, mention);
      else await target.say(text);
    }
  }

  async function handle(message: Message): Promise<void> {
    if (stopping || message.self()) return;
    const talker = message.talker();
    if (talker.type() === types.Contact.Official) return; // 公众号 pushes, not people
    const room = message.room();
    const type = message.type();

    let text: string;
    if (type === types.Message.Text) {
      if (room) {
        if (!(await message.mentionSelf())) return; // group chatter not addressed to the bot
        text = await message.mentionText();
      } else {
        text = message.text();
      }
    } else {
      // In a group only an @-mention (a text message) is addressed to the bot.
      if (room || !CONTENT_TYPES.has(type)) return;
      text = '';
    }
    const files = FILE_TYPES.has(type) ? [inboundFile(message)] : [];

    if (!seen.add(message.id)) {
      log.debug({ messageId: message.id }, 'repeated message ignored');
      return;
    }
    const externalId = talker.id;
    const chatId = room?.id ?? talker.id;
    const key = chatKey(chatId, externalId);
    const answerTo = room ?? talker;
    const mention = room ? talker : undefined;
    try {
      await serial.run(key, async () => {
        if (type !== types.Message.Text && !files.length) return sayAll(answerTo, [{ text: NON_TEXT_REPLY }], mention);
        let replies: Reply[];
        try {
          replies = await deps.engine.handle({
            platform: 'wechat',
            externalId,
            chatId,
            messageId: message.id,
            text: files.length ? '' : (pickOption(text, options.get(key)) ?? text),
            displayName: talker.name(),
            ...(files.length ? { files } : {}),
          });
        } catch (e) {
          await sayAll(answerTo, [{ text: FAILURE_REPLY }], mention).catch(() => {});
          throw e;
        }
        options.remember(key, lastOptions(replies));
        await sayAll(answerTo, replies, mention);
      });
    } catch (e) {
      seen.delete(message.id); // a redelivery may try again (the engine still dedupes what it committed)
      log.error({ err: e, messageId: message.id, chatId }, 'WeChat message could not be handled or answered');
    }
  }

  /** Keeps track of running handlers so `stop()` can wait for them. */
  function onMessage(message: Message): void {
    const task = handle(message).catch((e) => log.error({ err: e }, 'wechat message handler failed'));
    inflight.add(task);
    void task.finally(() => inflight.delete(task));
  }

  bot.on('scan', (qrcode: string, status: ScanStatus) => {
    if (status === ScanStatus.Waiting || status === ScanStatus.Timeout) {
      qrcodeTerminal.generate(qrcode, { small: true }, (art) => process.stdout.write(`${art}\n`));
      log.info({ url: qrcodeValueToImageUrl(qrcode), status: ScanStatus[status] }, 'WeChat login: scan the QR code above (or open the URL) with the bot’s WeChat');
    } else {
      log.info({ status: ScanStatus[status] }, 'WeChat login: QR code status');
    }
  });
  bot.on('login', (user: Contact) => log.info({ user: user.name(), id: user.id }, 'WeChat logged in'));
  bot.on('logout', (user: Contact, reason?: string) => log.warn({ user: user.name(), id: user.id, reason }, 'WeChat logged out'));
  // Puppets retry by themselves and may repeat one error many times a second: log each
  // distinct message at most once a minute, with the number left out.
  const errorsLogged = new Map<string, { at: number; suppressed: number }>();
  bot.on('error', (e: unknown) => {
    const key = errText(e).slice(0, 200);
    const now = Date.now();
    const seenError = errorsLogged.get(key);
    if (seenError && now - seenError.at < 60_000) {
      seenError.suppressed++;
      return;
    }
    if (errorsLogged.size > 100) errorsLogged.clear();
    errorsLogged.set(key, { at: now, suppressed: 0 });
    log.error({ err: e, ...(seenError?.suppressed ? { repeated: seenError.suppressed } : {}) }, 'WeChat error');
  });
  bot.on('message', onMessage);

  const channel: RunningChannel = {
    platform: 'wechat',

    async send(to: Address, reply: Reply): Promise<void> {
      if (!started || !bot.isLoggedIn) throw new TransientError('WeChat is not logged in');
      const key = chatKey(to.chatId, to.externalId);
      await serial.run(key, async () => {
        let target: Contact | Room | undefined;
        try {
          target = isRoomId(to.chatId) ? await bot.Room.find({ id: to.chatId }) : await bot.Contact.find({ id: to.chatId });
        } catch (e) {
          throw new TransientError(`WeChat could not look up ${to.chatId}: ${errText(e)}`);
        }
        if (!target) throw new Error(`WeChat has no contact or room ${to.chatId}`);
        try {
          await sayAll(target, [reply]);
        } catch (e) {
          throw new TransientError(`WeChat could not send to ${to.chatId}: ${errText(e)}`);
        }
        // A push without options leaves the dialogue's numbered list in force.
        if (reply.options?.length) options.remember(key, reply.options);
      });
    },

    async stop(): Promise<void> {
      stopping = true;
      await Promise.allSettled([...inflight]);
      if (!started) return;
      started = false;
      await bot.stop();
      log.info('WeChat bot stopped');
    },
  };

  return {
    bot,
    channel,
    async start(): Promise<void> {
      if (started) return;
      // wechaty reports a puppet that fails to start as an 'error' event, not a rejection.
      const errors: unknown[] = [];
      const collect = (e: unknown) => void errors.push(e);
      bot.on('error', collect);
      try {
        await bot.start();
      } catch (e) {
        throw new Error(
          `WeChat puppet ${puppetName} could not be loaded: ${errText(e)} (install the puppet's npm module, or set WECHATY_PUPPET to one that is installed)`,
          { cause: e },
        );
      } finally {
        bot.off('error', collect);
      }
      if (!bot.puppet.state.active()) {
        await bot.stop().catch(() => {});
        const cause = errors[0];
        throw new Error(`WeChat puppet ${puppetName} failed to start${cause ? `: ${errText(cause)}` : ''}`, { cause });
      }
      started = true;
      stopping = false;
      if (bot.isLoggedIn) log.info({ puppet: puppetName, user: bot.currentUser.name() }, 'WeChat bot started, logged in');
      else log.info({ puppet: puppetName }, 'WeChat bot started, waiting for login (scan the QR code when it is printed)');
    },
  };
}
