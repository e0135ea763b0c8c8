/**
 * The kinds of step most forms are made of: text with bounds, a choice, a date, an
 * organisation, a phone number, yes/no and the confirming last step. Each reads and checks
 * the answer, says why it is refused, and hands the value to `then`, which says where the
 * dialogue goes (`next('step', …)`, typed by the flow's step names).
 */
import type { Organisation } from '../domain/organisation';
import type { Reply } from '../domain/ports';
import { type Answer, type Step, boundedText, done, invalid, isConfirm } from './flow';
import type { Turn } from './turn';

/** A step's question: fixed text, or a reply made from the draft. */
export type Ask<D> = string | ((d: D, t: Turn) => Reply);
type Then<D, S extends string, V> = (value: V, d: D, t: Turn) => Answer<D, NoInfer<S>> | Promise<Answer<D, NoInfer<S>>>;

const ask = <D>(a: Ask<D>, d: D, t: Turn, options?: readonly string[]): Reply => {
  const r = typeof a === 'string' ? { text: a } : a(d, t);
  return options?.length && !r.options ? { ...r, options: [...options] } : r;
};

/** Free text of `min`–`max` characters (trimmed), named `what` in the reasons. */
export function textStep<D, S extends string>(o: { ask: Ask<D>; what: string; min: number; max: number; options?: readonly string[]; then: Then<D, S, string> }): Step<D, S> {
  return {
    prompt: (d, t) => ask(o.ask, d, t, o.options),
    answer(text, d, t) {
      const v = boundedText(text, o.min, o.max, o.what);
      return v.ok ? o.then(v.value, d, t) : invalid(v.reason);
    },
  };
}

/** One of a list of words (offered as options); a unique start of one is taken for it. */
export function choiceStep<D, S extends string, C extends string>(o: {
  ask: Ask<D>;
  choices: readonly C[] | ((d: D, t: Turn) => readonly C[]);
  then: Then<D, S, C>;
}): Step<D, S> {
  const choices = (d: D, t: Turn) => (typeof o.choices === 'function' ? o.choices(d, t) : o.choices);
  return {
    prompt: (d, t) => ask(o.ask, d, t, choices(d, t)),
    answer(text, d, t) {
      const a = text.trim();
      const all = choices(d, t);
      const starts = a.length >= 2 ? all.filter((c) => c.startsWith(a)) : [];
      const c = all.find((x) => x === a) ?? (starts.length === 1 ? starts[0] : undefined);
      return c ? o.then(c, d, t) : invalid(`请选择：${all.join('、')}。`);
    },
  };
}

/** Yes or no (是 / 否, and the usual ways of saying them). */
export function yesNoStep<D, S extends string>(o: { ask: Ask<D>; yes?: string; no?: string; then: Then<D, S, boolean> }): Step<D, S> {
  const yes = o.yes ?? '是';
  const no = o.no ?? '否';
  return {
    prompt: (d, t) => ask(o.ask, d, t, [yes, no]),
    answer(text, d, t) {
      const v = readYesNo(text, yes, no);
      return v == null ? invalid(`请回复“${yes}”或“${no}”。`) : o.then(v, d, t);
    },
  };
}

const YES_WORDS = new Set(['是', '是的', '对', '对的', '正确', '没错', '好', '好的', '嗯', 'y', 'yes']);
const NO_WORDS = new Set(['否', '不是', '不对', '不', '没有', 'n', 'no']);

/** 是 / 否 in their common forms (and the step's own words); null when neither. */
export function readYesNo(text: string, yes = '是', no = '否'): boolean | null {
  const a = text.trim().toLowerCase().replace(/[。！!，,.]$/, '');
  if (a === yes || YES_WORDS.has(a)) return true;
  if (a === no || NO_WORDS.has(a)) return false;
  return null;
}

/** An organisation of the district directory, by name, alias or a unique part of one; `filter` says which may be named. */
export function orgStep<D, S extends string>(o: {
  ask: Ask<D>;
  filter?: (org: Organisation, d: D, t: Turn) => boolean;
  /** Offered as options: the names of these organisations. */
  offer?: (d: D, t: Turn) => readonly number[];
  notFound: string;
  then: Then<D, S, Organisation>;
}): Step<D, S> {
  return {
    prompt: (d, t) => ask(o.ask, d, t, o.offer?.(d, t).map((id) => t.services.directory.name(id))),
    answer(text, d, t) {
      const org = t.services.directory.find(text, (x) => o.filter?.(x, d, t) ?? true);
      return org ? o.then(org, d, t) : invalid(o.notFound);
    },
  };
}

/** A mobile (11 digits) or fixed-line number (0335-1234567), as found in the text. */
export const PHONE_RE = /(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})/;

/** The phone number in a text (spaces and dashes folded), or null. */
export function readPhone(text: string): string | null {
  const m = text.normalize('NFKC').replace(/[\s－—]/g, (c) => (c.trim() ? '-' : '')).match(PHONE_RE);
  return m ? m[1]! : null;
}

/**
 * The last step of a form: shows what will be submitted and, on the confirming word (or
 * 确认, which works in every form), does it; the dialogue then ends with what `act` says.
 */
export function confirmStep<D>(word: string, summary: (d: D, t: Turn) => string, act: (d: D, t: Turn) => Promise<string>): Step<D, never> {
  return {
    prompt: (d, t) => ({ text: summary(d, t), options: [word, '取消'] }),
    async answer(text, d, t) {
      if (!isConfirm(text, word)) return invalid(`请选择“${word}”或“取消”，或发送“返回”修改。`);
      return done({ text: await act(d, t) });
    },
  };
}

export const KEEP = '是';
export const CHANGE = '修改';

/**
 * A step whose answer may already be known (slot filling: the citizen's first sentence
 * said it): it asks to confirm the known value (「地点：东风路12号，对吗？」 是 / 修改)
 * instead of asking. 是 takes it; 修改 forgets it and asks the ordinary question; any other
 * answer is taken as the ordinary answer. Without a known value it is the ordinary step.
 */
export function confirmKnown<D, S extends string>(o: {
  /** This step's own name: 修改 comes back to it with the value forgotten. */
  self: NoInfer<S>;
  known: (d: D, t: Turn) => string | undefined;
  question: (value: string, d: D) => string;
  forget: (d: D) => D;
  keep: (d: D, t: Turn) => Answer<D, NoInfer<S>> | Promise<Answer<D, NoInfer<S>>>;
  ask: Step<D, S>;
}): Step<D, S> {
  return {
    prompt(d, t) {
      const v = o.known(d, t);
      return v === undefined ? o.ask.prompt(d, t) : { text: o.question(v, d), options: [KEEP, CHANGE] };
    },
    answer(text, d, t) {
      if (o.known(d, t) === undefined) return o.ask.answer(text, d, t);
      const a = text.trim();
      if (readYesNo(a) === true) return o.keep(d, t);
      if (a === CHANGE || readYesNo(a) === false || a === '不对，修改') return { kind: 'next', step: o.self, data: o.forget(d) };
      return o.ask.answer(text, o.forget(d), t);
    },
  };
}

/** The first step when the person acts for several bodies: in which one's name. */
export function actingOrgStep<D extends { orgChoices: number[]; orgId?: number }, S extends string>(nextStep: NoInfer<S>, title: string): Step<D, S> {
  return orgStep({
    ask: `${title}以哪个单位的名义？`,
    offer: (d) => d.orgChoices,
    filter: (o, d) => d.orgChoices.includes(o.id),
    notFound: '请选择您所在的单位。',
    then: (o, d) => ({ kind: 'next', step: nextStep, data: { ...d, orgId: o.id } }),
  });
}
