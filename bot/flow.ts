/**
 * A dialogue is a flow of steps: prompt → parse/validate the answer → next step (or
 * done). The engine keeps `{flow, step, data, history}` in the database between turns,
 * so a flow's data must be plain JSON.
 *
 * Step names are typed: a flow is a `Flow<D, S>` whose `S` is the union of its step
 * names, so `first`, the keys of `steps` and every `next(step, …)` are checked by the
 * compiler (bot/flow.typetest.ts). A step that needs earlier answers declares them with
 * `needs` and gets a draft in which they are present (no `d.kind!`).
 */
import type { Reply } from '../domain/ports';
import type { Turn } from './turn';
import type { FileOffer } from './attachments/desk';

export type Answer<D, S extends string = string> =
  | { kind: 'next'; data: D; step: S }
  | { kind: 'done'; replies: Reply[] }
  | { kind: 'invalid'; reason: string }
  /** Leave this dialogue for another (the numbered intent choice does this). */
  | { kind: 'open'; flow: Flow<any>; data: Record<string, unknown>; replies: Reply[] };

export interface Step<D, S extends string = string> {
  prompt(data: D, turn: Turn): Reply | Promise<Reply>;
  // NoInfer: the step names come from the flow's `S`, never from what a step returns.
  answer(text: string, data: D, turn: Turn): Answer<D, NoInfer<S>> | Promise<Answer<D, NoInfer<S>>>;
  /**
   * Files sent at this step (bot/attachments): the data with those it keeps (`offer.keep`),
   * and what to tell the sender; the message's text, if any, is then answered as usual.
   * Absent: the step takes no files.
   */
  files?(offer: FileOffer, data: D, turn: Turn): Promise<{ data?: D; notes: string[] }>;
}

/**
 * A dialogue. `S` is the union of its step names; the default (any name) is only for the
 * engine, which handles every flow alike — each flow declares its own union.
 */
export interface Flow<D, S extends string = string> {
  name: string;
  /** What is being filled in (「投诉举报」): the question to leave it names it. */
  title: string;
  /** Shown by 帮助 inside the flow. */
  help: string;
  first: NoInfer<S>;
  steps: { [K in S]: Step<D, S> };
  /**
   * A menu rather than a form: 帮助, 返回 and 查询 are not answered inside it but taken,
   * like any word it does not offer, as a new message (only 取消 stays its own).
   */
  menu?: boolean;
}

export const next = <D, S extends string>(step: S, data: D): Answer<D, S> => ({ kind: 'next', step, data });
export const done = (...replies: Reply[]): Answer<never, never> => ({ kind: 'done', replies });
export const invalid = (reason: string): Answer<never, never> => ({ kind: 'invalid', reason });

/** The same flow under another name, starting at another step (a stored dialogue resumes by name). */
export const startingAt = <D, S extends string>(flow: Flow<D, S>, name: string, first: NoInfer<S>): Flow<D, S> => ({ ...flow, name, first });

/** The draft once the answers `K` are given: present and not null. */
export type Filled<D, K extends keyof D> = D & { [P in K]-?: NonNullable<D[P]> };

/** Whether the draft holds the answers `keys`. */
export const has = <D, K extends keyof D>(d: D, ...keys: K[]): d is Filled<D, K> => keys.every((k) => d[k] != null);

/** What a step says when its stored draft lacks an earlier answer (a dialogue kept from an older release). */
const INCOMPLETE = '此前填写的内容不完整，请发送“取消”后重新开始。';

/**
 * A step that needs earlier answers: it sees the draft with `keys` present. A stored draft
 * without them (only one from before a change to the flow) is told to start again.
 */
export function needs<D, K extends keyof D, S extends string>(
  keys: readonly K[],
  step: {
    prompt(data: Filled<D, K>, turn: Turn): Reply | Promise<Reply>;
    // The answer may clear an earlier answer again (a draft of the flow, not of this step).
    answer(text: string, data: Filled<D, K>, turn: Turn): Answer<NoInfer<D>, NoInfer<S>> | Promise<Answer<NoInfer<D>, NoInfer<S>>>;
    files?(offer: FileOffer, data: Filled<D, K>, turn: Turn): Promise<{ data?: NoInfer<D>; notes: string[] }>;
  },
): Step<D, S> {
  const files = step.files;
  return {
    prompt: (d, t) => (has(d, ...keys) ? step.prompt(d, t) : { text: INCOMPLETE }),
    answer: (text, d, t) => (has(d, ...keys) ? step.answer(text, d, t) : invalid(INCOMPLETE)),
    ...(files ? { files: async (o: FileOffer, d: D, t: Turn) => (has(d, ...keys) ? files(o, d, t) : { notes: [INCOMPLETE] }) } : {}),
  };
}

/** Trimmed text within bounds, or the reason it is not. */
export function boundedText(text: string, min: number, max: number, what: string): { ok: true; value: string } | { ok: false; reason: string } {
  const t = text.trim();
  if (t.length < min) return { ok: false, reason: min <= 1 ? `请填写${what}。` : `${what}太短，请至少写 ${min} 个字。` };
  if (t.length > max) return { ok: false, reason: `${what}不能超过 ${max} 字（当前 ${t.length} 字）。` };
  return { ok: true, value: t };
}

/** The word that confirms the last step of every form. */
export const CONFIRM_WORD = '确认';

/**
 * Whether the text confirms a form's last step: the step's own word (确认提交, 确认上报 …)
 * or 确认, which works in every form.
 */
export function isConfirm(text: string, word: string = CONFIRM_WORD): boolean {
  const t = text.trim();
  return t === CONFIRM_WORD || t === word;
}

/**
 * The last step of a form: shows what will be submitted and, on the confirming word (or
 * 确认), does it; the dialogue then ends with what `act` says.
 */
export function confirmStep<D>(word: string, summary: (d: D, t: Turn) => string, act: (d: D, t: Turn) => Promise<string>): Step<D> {
  return {
    prompt: (d, t) => ({ text: summary(d, t), options: [word, '取消'] }),
    async answer(text, d, t) {
      if (!isConfirm(text, word)) return invalid(`请选择“${word}”或“取消”，或发送“返回”修改。`);
      return done({ text: await act(d, t) });
    },
  };
}
