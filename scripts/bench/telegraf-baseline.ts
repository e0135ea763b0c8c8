/**
 * The peer baseline of the turns benchmark: the same complaint dialogue written the
 * usual telegraf way — a `WizardScene` (what/where/when/accused/contact/confirm) under a
 * `Stage`, with `session({ store })` kept in a PostgreSQL key-value table through the
 * same driver. Each step answers with the complaint flow's own validation and prompts
 * (bot/complaints/filing.ts), and 确认提交 registers the complaint with the same code in
 * one transaction; so the two sides differ only in how state is kept. What the telegraf
 * side does not do: dedupe redelivered updates, or run a turn in one transaction (the
 * session is read and written in autocommit statements around the handler).
 *
 * Updates go through `bot.handleUpdate`; `botInfo` is set (no getMe) and every API call
 * is answered in process (nothing is sent).
 */
import { sql } from 'drizzle-orm';
import { Scenes, Telegraf, session, type Middleware } from 'telegraf';
import type { Update } from 'telegraf/types';
import { type ComplaintDraft, complaintFlow } from '../../bot/complaints/filing';
import { notifyPerson } from '../../bot/notify';
import type { Services, Turn } from '../../bot/turn';
import { UNLIMITED } from '../../bot/limits';
import type { Db } from '../../db/client';
import type { Reply, UnitOfWork } from '../../domain/ports';

type Ctx = Scenes.WizardContext;

/** telegraf's AsyncSessionStore over a jsonb table. */
export function postgresSessionStore(db: Db) {
  return {
    async get(key: string) {
      const r = (await db.execute(sql`SELECT value FROM bench_tg_sessions WHERE key = ${key}`)) as unknown as { rows: { value: unknown }[] };
      return r.rows[0]?.value as Scenes.WizardSession | undefined;
    },
    async set(key: string, value: Scenes.WizardSession) {
      await db.execute(sql`INSERT INTO bench_tg_sessions (key, value) VALUES (${key}, ${JSON.stringify(value)}::jsonb)
        ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
    },
    async delete(key: string) {
      await db.execute(sql`DELETE FROM bench_tg_sessions WHERE key = ${key}`);
    },
  };
}

export async function createSessionTable(db: Db): Promise<void> {
  await db.execute(sql`CREATE TABLE IF NOT EXISTS bench_tg_sessions (key text PRIMARY KEY, value jsonb NOT NULL)`);
}

const ORDER = ['what', 'where', 'when', 'accused', 'contact', 'confirm'] as const;

export function createTelegrafBaseline(db: Db, uow: UnitOfWork, services: Services) {
  const bot = new Telegraf<Ctx>('123456:bench');
  bot.botInfo = {
    id: 123456, is_bot: true, first_name: 'bench', username: 'bench_bot',
    can_join_groups: false, can_read_all_group_messages: false, supports_inline_queries: false,
  } as Telegraf<Ctx>['botInfo'];
  let sent = 0;

  // A turn without a transaction: the steps before 确认提交 read only the directory and router.
  const bare = (): Turn => ({
    actor: { personId: 0, grants: [] },
    account: { accountId: 0, personId: 0 },
    platform: 'telegram',
    store: undefined as never,
    now: services.clock(),
    services,
    notify: async () => {},
    limits: UNLIMITED,
    effects: {},
  });

  const reply = (ctx: Ctx, r: Reply) =>
    ctx.reply(r.text, r.options ? { reply_markup: { inline_keyboard: r.options.map((o) => [{ text: o, callback_data: o.slice(0, 60) }]) } } : {});

  const answerStep = (name: (typeof ORDER)[number]): Middleware<Ctx> => async (ctx) => {
    const text = ctx.message && 'text' in ctx.message ? ctx.message.text.trim() : '';
    const data = ctx.wizard.state as ComplaintDraft;
    const step = complaintFlow.steps[name]!;
    if (name === 'confirm' && text === '取消') {
      await ctx.reply('已取消。');
      return ctx.scene.leave();
    }
    const t = bare();
    if (name === 'confirm' && text === '确认提交') {
      // Registration in one transaction, as the engine does it.
      const replies = await uow.run(async (store) => {
        const account = await store.people.resolveAccount('telegram', String(ctx.from!.id));
        const turn: Turn = {
          ...t, store, account, actor: { personId: account.personId, grants: await store.people.grantsOf(account.personId) },
          notify: (personId, r) => notifyPerson(store, personId, r, new Set()),
        };
        const a = await step.answer(text, data, turn);
        return a.kind === 'done' ? a.replies : [];
      });
      for (const r of replies) await reply(ctx, r);
      return ctx.scene.leave();
    }
    const a = await step.answer(text, data, t);
    if (a.kind === 'invalid') {
      await ctx.reply(a.reason);
      return reply(ctx, await step.prompt(data, t));
    }
    if (a.kind !== 'next') return ctx.scene.leave();
    Object.assign(ctx.wizard.state, a.data);
    await reply(ctx, await complaintFlow.steps[a.step]!.prompt(a.data, t));
    return ctx.wizard.next();
  };

  const scene = new Scenes.WizardScene<Ctx>(
    'complaint',
    async (ctx) => {
      await reply(ctx, await complaintFlow.steps.what!.prompt({}, bare()));
      return ctx.wizard.next();
    },
    ...ORDER.map(answerStep),
  );
  const stage = new Scenes.Stage<Ctx>([scene]);

  // Nothing leaves the process: each update's Telegram client answers every call itself.
  bot.use((ctx, next) => {
    ctx.telegram.callApi = (async () => {
      sent++;
      return { message_id: sent, date: 0, chat: { id: ctx.chat?.id ?? 0, type: 'private' } };
    }) as typeof ctx.telegram.callApi;
    return next();
  });
  bot.use(session({ store: postgresSessionStore(db) }));
  bot.use(stage.middleware());
  bot.hears('投诉', (ctx) => ctx.scene.enter('complaint'));
  bot.catch((e) => {
    throw e;
  });

  let updateId = 0;
  return {
    bot,
    get sent() {
      return sent;
    },
    /** One message from a user, handled to the end. */
    async say(userId: number, text: string): Promise<void> {
      const update: Update.MessageUpdate = {
        update_id: ++updateId,
        message: {
          message_id: updateId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: userId, type: 'private', first_name: 'u' },
          from: { id: userId, is_bot: false, first_name: 'u' },
          text,
        },
      };
      await bot.handleUpdate(update);
    },
  };
}
