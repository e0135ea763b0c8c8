/**
 * Acts that take one text — a reason, an opinion, a report, a ruling: written right after
 * the command (`不予受理 ZY-2026-000001 不属于执法争议`) the act runs at once; otherwise a
 * short dialogue asks for the text and, for acts that notify many people, confirms it.
 */
import type { Result } from '../domain/result';
import { type Outcome, openFlow, say } from './feature';
import { CONFIRM_WORD, type Flow, boundedText, done, invalid, isConfirm, next } from './flow';
import type { Turn } from './turn';

export interface TextActionSpec {
  /** The question, e.g. 「请写明不予受理的理由：」. */
  prompt(no: string): string;
  /** What the text is, for length messages (「不予受理的理由」). */
  what: string;
  min: number;
  max: number;
  /** Asks to confirm before acting, showing the text; without it the act runs on the answer. */
  confirm?: (no: string, text: string) => string;
  /** Whether the act is allowed now (role and state), asked before the dialogue opens. */
  check(t: Turn, no: string): Promise<Result<unknown>>;
  run(t: Turn, no: string, text: string): Promise<Result<string>>;
  /** Commands offered after the act succeeded (default: 查询 the record). */
  then?: (no: string) => string[];
}

export interface TextActionDraft {
  action: string;
  no: string;
  text?: string;
}

const CONFIRM = CONFIRM_WORD;

/** 「查询 ZY-2026-000001」 typed inside the dialogue is a command, not the reason or opinion asked for. */
const COMMAND_LIKE = /^\S{1,6}\s*[A-Za-z]{2}[-－—–_\s]*\d{4}[-－—–_\s]*\d{6}\s*$/;

const finish = (s: TextActionSpec, no: string, r: Result<string>) => (r.ok ? { text: r.value, options: s.then?.(no) ?? [`查询 ${no}`] } : { text: r.reason });

export function textActionFlow(name: string, title: string, help: string, specs: Record<string, TextActionSpec>): Flow<TextActionDraft, 'text' | 'confirm'> {
  const spec = (d: TextActionDraft) => {
    const s = specs[d.action];
    if (!s) throw new Error(`${name}: unknown action ${d.action}`);
    return s;
  };
  return {
    name,
    title,
    help,
    first: 'text',
    steps: {
      text: {
        prompt: (d) => ({ text: spec(d).prompt(d.no) }),
        async answer(text, d, t) {
          const s = spec(d);
          if (COMMAND_LIKE.test(text.trim())) return invalid(`这是一条指令，不是${s.what}。请先发送“取消”退出当前操作，再发送该指令。`);
          const v = boundedText(text, s.min, s.max, s.what);
          if (!v.ok) return invalid(v.reason);
          if (s.confirm) return next('confirm', { ...d, text: v.value });
          return done(finish(s, d.no, await s.run(t, d.no, v.value)));
        },
      },
      confirm: {
        prompt: (d) => ({ text: spec(d).confirm!(d.no, d.text ?? ''), options: [CONFIRM, '取消'] }),
        async answer(text, d, t) {
          if (!isConfirm(text)) return invalid(`请选择“${CONFIRM}”或“取消”，或发送“返回”修改。`);
          return done(finish(spec(d), d.no, await spec(d).run(t, d.no, d.text ?? '')));
        },
      },
    },
  };
}

/** Runs the act with the text written after the command, or opens the dialogue if it is allowed. */
export async function startTextAction(
  t: Turn, flow: Flow<TextActionDraft, 'text' | 'confirm'>, specs: Record<string, TextActionSpec>, action: string, no: string, inline: string | undefined,
): Promise<Outcome> {
  const s = specs[action]!;
  const allowed = await s.check(t, no);
  if (!allowed.ok) return say(allowed.reason);
  if (!inline?.trim()) return openFlow(flow, { action, no });
  const v = boundedText(inline, s.min, s.max, s.what);
  if (!v.ok) return say(v.reason);
  return { replies: [finish(s, no, await s.run(t, no, v.value))] };
}
