/**
 * The conversation engine, platform-neutral. One inbound message = one turn = one
 * transaction: dedupe by platform message id, lock the dialogue state, run the step or
 * command, save state, queue notifications. A failure rolls the whole turn back.
 */
import type { DayCalendar } from '../domain/calendar/calendar';
import type { Directory } from '../domain/organisation';
import type { AccountRef, ConversationState, Reply, Store, TurnStart, UnitOfWork } from '../domain/ports';
import { ROUTER, command, chooseFlow, type Outcome } from './commands';
import { FEATURES } from './features';
import { type Answer, type Flow } from './flow';
import type { IntentRecognizer } from './intents';
import type { ComplaintRouter } from './routing';
import { type Services, type SessionChange, type Turn, type TurnEffects, TurnAborted } from './turn';
import { KeyedSerial } from './serial';
import { notifyPerson } from './notify';
import { NO_LIMITS, type LimitSettings } from '../domain/limits';
import { type TurnLimits, TurnLimited, UNLIMITED, turnLimits } from './limits';
import type { FileDesk, InboundFile } from './attachments/desk';
import { offerFiles, receiveFiles, turnFiles } from './attachments/turn';

export type { InboundFile } from './attachments/desk';
import { isAllowed } from './router/command';
import { LEAVE_FLOW, LEAVE_NO, LEAVE_YES, leaveChoice, leaveData, leaveFlow, leavePrompt, leaveState } from './leave';
import { STALE_OPTION, promptRef, withRef } from './option-ref';

/** A platform message: who sent it where (what opens its turn), and its text. */
export interface Inbound extends TurnStart {
  text: string;
  /** The network address it came from, when the platform knows it (web): rate limits count it too. */
  source?: string;
  /** Files sent with it (photos, documents): read and checked before the turn, offered to the dialogue's step. */
  files?: InboundFile[];
  /** A click on an option button: the ref of the prompt it belonged to (Reply.ref). Typed text carries none. */
  ref?: string;
}

/** A handled message: the replies, and what the adapter must do next. */
export interface TurnResult {
  replies: Reply[];
  /** A redelivery (already processed): push platforms send nothing again. */
  duplicate: boolean;
  /** The web session to replace (after 绑定, 关联, 解除关联) or end (退出登录). */
  session?: SessionChange;
  /** Over the chat limit: nothing was processed; try again after this many ms. */
  retryAfterMs?: number;
}

export const MAX_INBOUND_CHARS = 4000;
/** How many answers 返回 can undo; older snapshots are dropped to keep the state small. */
const MAX_HISTORY = 30;

const FLOWS: Flow<any>[] = [...FEATURES.flatMap((f) => f.flows), chooseFlow];
const flowByName = new Map(FLOWS.map((f) => [f.name, f]));
// Stored dialogues are resumed by name: two flows with one name would resume the wrong one.
if (flowByName.size !== FLOWS.length) throw new Error('two flows share a name');

export interface EngineDeps {
  uow: UnitOfWork;
  directory: Directory;
  router: ComplaintRouter;
  intents: IntentRecognizer;
  calendar: DayCalendar;
  clock?: () => Date;
  /** Platforms whose push channel runs in this process (for choosing where notifications go). */
  pushPlatforms?: () => ReadonlySet<string>;
  /** Rate limits (domain/limits.ts); none when absent (tests and benches that build an engine themselves). */
  limits?: LimitSettings;
  /** Files (bot/attachments/desk.ts): storage, limits and links; absent, files are refused. */
  files?: FileDesk;
}

export class Engine {
  private readonly services: Services;
  private readonly serial = new KeyedSerial();
  private readonly running: () => ReadonlySet<string>;

  constructor(private readonly deps: EngineDeps) {
    this.running = deps.pushPlatforms ?? (() => new Set<string>());
    this.services = { directory: deps.directory, router: deps.router, intents: deps.intents, calendar: deps.calendar, clock: deps.clock ?? (() => new Date()), files: deps.files };
  }

  /** Handles a message; the replies to send back. */
  async handle(msg: Inbound): Promise<Reply[]> {
    return (await this.receive(msg)).replies;
  }

  /**
   * Handles a message and says whether it was a redelivery (already processed): push
   * platforms then send nothing again, request/response ones answer the same replies.
   */
  async receive(msg: Inbound): Promise<TurnResult> {
    const key = JSON.stringify([msg.platform, msg.externalId, msg.chatId]);
    return this.serial.run(key, () => this.turn(msg));
  }

  private async turn(msg: Inbound): Promise<TurnResult> {
    try {
      return await this.transaction(msg);
    } catch (e) {
      // Rolled back whole: the dialogue stays where it was and the message may be sent again.
      if (e instanceof TurnAborted) return { replies: [{ text: e.message }], duplicate: false };
      if (e instanceof TurnLimited) return { replies: [{ text: e.message }], duplicate: false, retryAfterMs: e.retryAfterMs };
      throw e;
    }
  }

  private async transaction(msg: Inbound): Promise<TurnResult> {
    // Files are read and checked before the transaction (a download takes time); their staged copies go when the turn ends.
    const received = msg.files?.length ? await receiveFiles(this.deps.files, msg.files, this.services.clock()) : undefined;
    try {
      return await this.transact(msg, received);
    } finally {
      await received?.discard();
    }
  }

  private async transact(msg: Inbound, received: Awaited<ReturnType<typeof receiveFiles>> | undefined): Promise<TurnResult> {
    const text = normalise(msg.text);
    const committed: (() => void)[] = [];
    const result = await this.deps.uow.run(async (store) => {
      committed.length = 0;
      const opened = await store.conversations.begin(msg);
      if (opened.kind === 'duplicate') return { replies: opened.replies, duplicate: true };
      const { account, state } = opened;
      const limits = turnLimits(this.deps.limits ?? NO_LIMITS, store.rateLimits, account.accountId, msg.source);
      const wait = await limits.chat();
      if (wait) throw new TurnLimited(wait);
      const effects: TurnEffects = {};
      const turn = await this.turnOf(store, account, msg.platform, limits, effects, committed);
      if (received) turn.files = turnFiles(this.deps.files, received, store, account.personId, this.services.clock());
      // An old option button (its prompt is no longer the current one) answers nothing.
      const stale = msg.ref !== undefined && (!state || msg.ref !== promptRef(state));
      const { replies, state: after } = withRef(state, stale ? await this.stale(turn, state) : await this.withFiles(turn, state, text));
      await store.conversations.save(account.accountId, msg.chatId, after);
      if (msg.messageId) await store.deliveries.storeReplies(account.accountId, msg.messageId, replies.map(withoutSecret));
      return { replies, duplicate: false, ...effects };
    });
    for (const fn of committed) fn();
    return result;
  }

  private async turnOf(
    store: Store, account: AccountRef, platform: string, limits: TurnLimits, effects: TurnEffects, committed: (() => void)[],
  ): Promise<Turn> {
    return {
      actor: { personId: account.personId, grants: await store.people.grantsOf(account.personId) },
      account,
      platform,
      store,
      now: this.services.clock(),
      services: this.services,
      notify: (personId, reply) => notifyPerson(store, personId, reply, this.running()),
      afterCommit: (fn) => void committed.push(fn),
      limits,
      effects,
    };
  }

  /**
   * Runs `fn` as a turn of an account that does not chat — an API client filing for the
   * person it names (Open311): one transaction, the same Turn a message gets (store, clock,
   * services, notifications), no dialogue state and no message dedupe. The caller takes
   * its own rate limits; `fn` throwing rolls everything back, the account included.
   */
  async act<T>(who: { platform: string; externalId: string }, fn: (t: Turn) => Promise<T>): Promise<T> {
    const committed: (() => void)[] = [];
    const result = await this.deps.uow.run(async (store) => {
      committed.length = 0;
      const account = await store.people.resolveAccount(who.platform, who.externalId);
      return fn(await this.turnOf(store, account, who.platform, UNLIMITED, {}, committed));
    });
    for (const f of committed) f();
    return result;
  }

  /** A message with files: they are offered to the step the dialogue is at, then its text (if any) is answered as usual. */
  private async withFiles(t: Turn, state: ConversationState | null, text: string): Promise<{ replies: Reply[]; state: ConversationState | null }> {
    if (!t.files) return this.step(t, state, text);
    const flow = state ? flowByName.get(state.flow) : undefined;
    const offered = await offerFiles(t, state ? flow?.steps[state.step] : undefined, state?.data);
    // Kept files change the data like an answer: 返回 undoes them first.
    const kept = state && offered.data ? { ...state, data: offered.data, history: [...state.history, { step: state.step, data: state.data }].slice(-MAX_HISTORY) } : state;
    if (!text) return { replies: [...offered.notes, ...(kept && flow?.steps[kept.step] ? [await flow.steps[kept.step]!.prompt(kept.data, t)] : [])], state: kept };
    const answered = await this.step(t, kept, text);
    return { replies: [...offered.notes, ...answered.replies], state: answered.state };
  }

  private async step(t: Turn, state: ConversationState | null, text: string): Promise<{ replies: Reply[]; state: ConversationState | null }> {
    if (!text) return { replies: [{ text: '请输入文字消息。发送“帮助”查看可用功能。' }], state };
    if (state?.flow === LEAVE_FLOW) return this.leave(t, state, text);
    const flow = state && flowByName.get(state.flow);
    if (!state || !flow || !flow.steps[state.step]) {
      return this.open(t, await command(t, text));
    }

    // Words that work at every step. A menu takes every other word as a new message.
    if (flow.menu && text !== '取消') return this.answer(t, flow, state, text);
    if (text === '取消') return { replies: [{ text: '已取消。', options: ['投诉', '查询', '帮助'] }], state: null };
    if (text === '返回') {
      const prev = state.history.at(-1);
      if (!prev) return this.reprompt(t, flow, state, '已经是第一步了。');
      const back = typeof prev === 'string'
        ? { ...state, step: prev, history: state.history.slice(0, -1) }
        : { ...state, step: prev.step, data: prev.data, history: state.history.slice(0, -1) };
      return this.reprompt(t, flow, back);
    }
    if (text === '帮助') return this.reprompt(t, flow, state, flow.help);
    const commanded = await this.commandInDialogue(t, flow, state, text);
    return commanded ?? this.answer(t, flow, state, text);
  }

  /**
   * A command word inside a dialogue (unless it is one of the step's own options): a
   * read-only one (查询 编号, 待办 …), a hint how to write one whose argument is malformed,
   * or one the person may not use is answered and the step asked again; any other asks
   * whether to leave the dialogue.
   */
  private async commandInDialogue(t: Turn, flow: Flow<any>, state: ConversationState, text: string) {
    const m = ROUTER.match(t, text, { inDialogue: true });
    // A bare word that needs an argument (管辖, 受理) is no command yet: the step may take it as its answer.
    if (!m || (m.kind === 'hint' && text.trim().toLowerCase() === m.word.toLowerCase())) return null;
    const options = (await flow.steps[state.step]!.prompt(state.data, t)).options ?? [];
    if (options.includes(text)) return null;
    if (m.kind === 'hint' || m.command.inFlow === 'answer' || !isAllowed(m.command.who, t)) {
      return this.reprompt(t, flow, state, (await ROUTER.run(t, m)).replies);
    }
    const asking = leaveState(flow, state, text);
    return { replies: [leavePrompt(leaveData(asking))], state: asking };
  }

  /** The answer to 「要放弃当前的…吗？」: leave and run the command, go back to the dialogue, or neither. */
  private async leave(t: Turn, state: ConversationState, text: string): Promise<{ replies: Reply[]; state: ConversationState | null }> {
    const d = leaveData(state);
    const resumed = flowByName.get(d.resume.flow);
    const choice = leaveChoice(await this.optionByNumber(t, leaveFlow.steps.ask!, state, text));
    if (choice === 'leave' || !resumed) return this.open(t, await command(t, d.text));
    if (choice === 'stay') return this.reprompt(t, resumed, d.resume);
    if (text === '取消') return { replies: [{ text: '已取消。', options: ['投诉', '查询', '帮助'] }], state: null };
    // Another command: answered (and the question asked again), or the new one asked about instead.
    return (await this.commandInDialogue(t, leaveFlow, state, text)) ?? this.reprompt(t, leaveFlow, state, `请选择“${LEAVE_YES}”或“${LEAVE_NO}”。`);
  }

  /** 「该选项已过期。」 and the current prompt (or, with no dialogue open, the usual options); nothing is recorded. */
  private async stale(t: Turn, state: ConversationState | null): Promise<{ replies: Reply[]; state: ConversationState | null }> {
    const flow = state && (state.flow === LEAVE_FLOW ? leaveFlow : flowByName.get(state.flow));
    if (!state || !flow || !flow.steps[state.step]) return { replies: [{ text: STALE_OPTION, options: ['投诉', '查询', '帮助'] }], state };
    return this.reprompt(t, flow, state, STALE_OPTION);
  }

  private async answer(t: Turn, flow: Flow<any>, state: ConversationState, text: string): Promise<{ replies: Reply[]; state: ConversationState | null }> {
    const step = flow.steps[state.step]!;
    const answer: Answer<any> = await step.answer(await this.optionByNumber(t, step, state, text), state.data, t);
    switch (answer.kind) {
      case 'invalid':
        return this.reprompt(t, flow, state, answer.reason);
      case 'done':
        return { replies: answer.replies, state: null };
      case 'open':
        return this.open(t, { replies: answer.replies, open: { flow: answer.flow, data: answer.data } });
      case 'next': {
        const nextState: ConversationState = { flow: flow.name, step: answer.step, data: answer.data, history: [...state.history, { step: state.step, data: state.data }].slice(-MAX_HISTORY) };
        return { replies: [await flow.steps[answer.step]!.prompt(answer.data, t)], state: nextState };
      }
    }
  }

  /**
   * A bare number answers with that option of the current step's prompt: platforms
   * without buttons show options as numbered lines, and this holds across restarts
   * because the prompt is recomputed from the stored state.
   */
  private async optionByNumber(t: Turn, step: Flow<any>['steps'][string], state: ConversationState, text: string): Promise<string> {
    const m = text.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).match(/^(\d{1,2})[.、。．]?$/);
    if (!m) return text;
    const options = (await step.prompt(state.data, t)).options ?? [];
    return options[Number(m[1]) - 1] ?? text;
  }

  private async open(t: Turn, o: Outcome): Promise<{ replies: Reply[]; state: ConversationState | null }> {
    if (!o.open) return { replies: o.replies, state: null };
    const { flow, data } = o.open;
    const state: ConversationState = { flow: flow.name, step: flow.first, data, history: [] };
    return { replies: [...o.replies, await flow.steps[flow.first]!.prompt(data, t)], state };
  }

  private async reprompt(t: Turn, flow: Flow<any>, state: ConversationState, note?: string | Reply[]) {
    const prompt = await flow.steps[state.step]!.prompt(state.data, t);
    const before = note === undefined ? [] : typeof note === 'string' ? [{ text: note }] : note;
    return { replies: [...before, prompt], state };
  }

  /**
   * Replies that an adapter could not send right away (the platform was down): they join
   * the durable outbox for that account, and the dispatcher delivers them when it can.
   */
  async deferReplies(platform: string, externalId: string, replies: Reply[]): Promise<void> {
    if (!replies.length) return;
    await this.deps.uow.run(async (store) => {
      const account = await store.people.resolveAccount(platform, externalId);
      for (const r of replies) await store.outbox.enqueue(account.personId, account.accountId, withoutSecret(r));
    });
  }

  /**
   * Notifications for a polled channel (web chat): acknowledges those up to `after`,
   * returns the ones still waiting with a cursor to acknowledge them next time.
   */
  async inbox(platform: string, externalId: string, after: number | null, limit = 20): Promise<{ replies: Reply[]; cursor: number | null; ids: number[] }> {
    return this.deps.uow.run(async (store) => {
      const account = await store.people.resolveAccount(platform, externalId);
      if (after != null) await store.outbox.ack(account.personId, platform, after);
      const pending = await store.outbox.pending(account.personId, platform, limit);
      return { replies: pending.map((p) => p.reply), cursor: pending.at(-1)?.id ?? after, ids: pending.map((p) => p.id) };
    });
  }

  // ── The staff console (adapters/web/console) reads records as chat shows them ──

  /**
   * What `查询 <no>` answers this person, worked out in a transaction that is always rolled
   * back: the console shows a record exactly as chat would (the complainant's identity
   * included or not by the same code), and nothing it runs can change anything.
   */
  async lookup(personId: number, no: string): Promise<string> {
    let text = '';
    const rollback = new Error('console lookup: rolled back');
    try {
      await this.deps.uow.run(async (store) => {
        // The Turn every message gets; whatever it would notify or defer is rolled back below.
        const t = await this.turnOf(store, { accountId: 0, personId }, 'console', UNLIMITED, {}, []);
        text = (await command(t, `查询 ${no}`)).replies.map((r) => r.text).join('\n');
        throw rollback;
      });
    } catch (e) {
      if (e !== rollback) throw e;
    }
    return text;
  }
}

/** A reply kept for redelivery: a credential is not stored, only a note that it was given once. */
export const withoutSecret = (r: Reply): Reply => (r.secret ? { text: '（此消息含一次性凭据，不再重复发送。如未收到，请重新获取。）' } : r);

/**
 * Trims, folds full-width spaces, drops control characters, caps the length, and
 * replaces lone UTF-16 surrogates with U+FFFD: the text is kept in jsonb dialogue state,
 * and PostgreSQL rejects a lone surrogate's escape there (the turn would fail with a 5xx).
 */
export function normalise(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/\u3000/g, ' ')
    .trim()
    .slice(0, MAX_INBOUND_CHARS)
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}
