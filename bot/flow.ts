/**
 * A dialogue is a flow of steps: prompt → parse/validate the answer → next step (or
 * done). The engine keeps `{flow, step, data, history}` in the database between turns,
 * so a flow's data must be plain JSON.
 */
import type { Reply } from '../domain/ports';
import type { Turn } from './turn';
import type { FileOffer } from './attachments/desk';

export type Answer<D> =
  | { kind: 'next'; data: D; step: string }
  | { kind: 'done'; replies: Reply[] }
  | { kind: 'invalid'; reason: string }
  /** Leave this dialogue for another (the numbered intent choice does this). */
  | { kind: 'open'; flow: Flow<any>; data: Record<string, unknown>; replies: Reply[] };

export interface Step<D> {
  prompt(data: D, turn: Turn): Reply | Promise<Reply>;
  answer(text: string, data: D, turn: Turn): Answer<D> | Promise<Answer<D>>;
  /**
   * Files sent at this step (bot/attachments): the data with those it keeps (`offer.keep`),
   * and what to tell the sender; the message's text, if any, is then answered as usual.
   * Absent: the step takes no files.
   */
  files?(offer: FileOffer, data: D, turn: Turn): Promise<{ data?: D; notes: string[] }>;
}

export interface Flow<D> {
  name: string;
  /** Shown by 帮助 inside the flow. */
  help: string;
  first: string;
  steps: Record<string, Step<D>>;
  /**
   * A menu rather than a form: 帮助, 返回 and 查询 are not answered inside it but taken,
   * like any word it does not offer, as a new message (only 取消 stays its own).
   */
  menu?: boolean;
}

export const next = <D>(step: string, data: D): Answer<D> => ({ kind: 'next', step, data });
export const done = <D>(...replies: Reply[]): Answer<D> => ({ kind: 'done', replies });
export const invalid = <D>(reason: string): Answer<D> => ({ kind: 'invalid', reason });

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
