/**
 * The arguments a command word takes, each read from the start of what follows the word
 * and typed: a record number of a series, an organisation, a word of a list, a number, a
 * token, or the rest of the message. From the same declaration come the reply to a
 * missing or malformed argument (what to write, with an example) and, for the router's
 * tests, a valid-looking message.
 */
import type { Organisation } from '../../domain/organisation';
import { type Series, parseRecordNo, recordNoPattern } from '../../domain/record-no';
import { boundedText } from '../flow';
import type { Turn } from '../turn';

/** What an argument can look like, for telling two commands of one word apart (clashes). */
export type Shape =
  | { kind: 'record'; series: readonly Series[] }
  | { kind: 'literal'; words: readonly string[] }
  | { kind: 'org' }
  | { kind: 'int' }
  /** One whitespace-free token (a code): could be anything but a sentence. */
  | { kind: 'token' }
  /** The rest of the message. */
  | { kind: 'text' };

export type Read<T> = { value: T; rest: string } | { error: string } | null;

export interface Arg<T> {
  readonly shape: Shape;
  readonly optional: boolean;
  /** What to write, for the reply to a missing one: 「投诉举报编号」, 「不批准的理由」. */
  readonly what: string;
  /** A valid-looking one: 「TS-2026-000123」. */
  readonly example: string;
  /**
   * Text that may follow the command word without a space (「我要投诉楼下饭店噪音」);
   * otherwise only a structured argument may (「受理TS-2026-000123」).
   */
  readonly attached?: boolean;
  /** A sentence added to the reply when it is missing (where the code comes from …). */
  readonly note?: string;
  /**
   * Reads the argument at the start of `rest` (already trimmed on the left): its value and
   * what follows; `{ error }` when it is there but wrong (the reason, without an example);
   * null when it is not this kind of argument at all.
   */
  read(rest: string, t: Turn): Read<T>;
}

export type ArgValues<A extends readonly Arg<unknown>[]> = { -readonly [K in keyof A]: A[K] extends Arg<infer T> ? T : never };

/** Structured arguments make a command recognisable inside a dialogue; free text does not. */
export const isStructured = (a: Arg<unknown>): boolean => a.shape.kind !== 'text';

/** What people call the numbers of each series. */
export const SERIES_LABEL: Record<Series, string> = {
  TS: '投诉举报编号', AJ: '案件编号', YS: '移送编号', ZL: '责令移送编号', JJ: '纪检移送编号', GY: '干预记录编号',
  ZY: '争议编号', HY: '会议编号', YD: '事项编号', JD: '监督通知书编号', ZP: '考核自评编号', AL: '指导案例编号',
  XX: '信息查询编号', TJ: '统计上报编号', SP: '审批编号', LH: '联合执法编号', JC: '监督检查编号', ZR: '追责编号',
  XZ: '执法协助编号', KP: '考核评议编号', XB: '执法信息编号', XC: '网上巡查编号',
};

const recordRe = new Map<string, RegExp>();
const optionalOf = <T>(a: Arg<T>): Arg<T | undefined> => ({
  ...a,
  optional: true,
  read: (rest, t) => (rest ? a.read(rest, t) : { value: undefined, rest }),
});

/** A record number of one of the series (normalised: 「ts-2026-123」 is not one, 「ts 2026 000123」 is TS-2026-000123). */
export function record(...series: [Series, ...Series[]]): Arg<string> {
  const key = series.join('|');
  let re = recordRe.get(key);
  if (!re) recordRe.set(key, (re = new RegExp(`^(?:${series.map(recordNoPattern).join('|')})(?=$|\\s|[^\\d])`, 'i')));
  const pattern = re;
  return {
    shape: { kind: 'record', series },
    optional: false,
    what: series.length === 1 ? SERIES_LABEL[series[0]] : '编号',
    example: `${series[0]}-2026-000123`,
    read(rest) {
      const m = rest.match(pattern);
      if (!m) {
        if (series.some((s) => rest.toUpperCase().startsWith(s))) return { error: `编号格式应为“${series[0]}-年份-6位数字”。` };
        return null;
      }
      const no = series.map((s) => parseRecordNo(s, m[0])).find(Boolean);
      return no ? { value: no, rest: rest.slice(m[0].length) } : null;
    },
  };
}

/** An organisation of the directory, by name, short name or code (one whitespace-free word). */
export function org(opts: { filter?: (o: Organisation) => boolean; what?: string } = {}): Arg<Organisation> {
  return {
    shape: { kind: 'org' },
    optional: false,
    what: opts.what ?? '单位名称',
    example: '市场监管局',
    read(rest, t) {
      const word = rest.match(/^\S+/)?.[0];
      if (!word) return null;
      const found = t.services.directory.find(word, opts.filter);
      return found ? { value: found, rest: rest.slice(word.length) } : { error: `未找到单位“${word.slice(0, 40)}”。请写单位名称或简称。` };
    },
  };
}

/** One of the words, as written in the list. */
export function oneOf<const W extends string>(words: readonly W[], what = words.join('、')): Arg<W> {
  const longest = [...words].sort((a, b) => b.length - a.length);
  return {
    shape: { kind: 'literal', words },
    optional: false,
    what,
    example: words[0]!,
    read(rest) {
      const w = longest.find((x) => rest.startsWith(x) && (rest.length === x.length || /^\s/.test(rest.slice(x.length))));
      return w ? { value: w, rest: rest.slice(w.length) } : null;
    },
  };
}

/** A whole number within bounds (full-width digits too); `suffix` is a unit people add (年). */
export function int(opts: { min: number; max: number; what: string; example?: number; suffix?: string }): Arg<number> {
  const re = new RegExp(`^([0-9０-９]+)(?:${opts.suffix ?? ''})?(?=$|\\s)`);
  return {
    shape: { kind: 'int' },
    optional: false,
    what: opts.what,
    example: String(opts.example ?? opts.min),
    read(rest) {
      const m = rest.match(re);
      if (!m) return null;
      const n = Number(m[1]!.normalize('NFKC'));
      if (n < opts.min || n > opts.max) return { error: `${opts.what}应在 ${opts.min}–${opts.max} 之间。` };
      return { value: n, rest: rest.slice(m[0].length) };
    },
  };
}

/** One whitespace-free word, checked by the command itself (a code, a role, a channel). */
export function token(opts: { what: string; example: string; pattern?: RegExp; note?: string }): Arg<string> {
  return {
    shape: { kind: 'token' },
    optional: false,
    what: opts.what,
    example: opts.example,
    ...(opts.note ? { note: opts.note } : {}),
    read(rest) {
      const word = rest.match(opts.pattern ?? /^\S+/)?.[0];
      return word ? { value: word, rest: rest.slice(word.length) } : null;
    },
  };
}

/** The rest of the message: a reason, an opinion, a report. */
export function text(opts: { what: string; example?: string; min?: number; max?: number; attached?: boolean }): Arg<string>;
export function text(opts: { what: string; example?: string; min?: number; max?: number; attached?: boolean; optional: true }): Arg<string | undefined>;
export function text(opts: { what: string; example?: string; min?: number; max?: number; attached?: boolean; optional?: boolean }): Arg<string | undefined> {
  const a: Arg<string> = {
    shape: { kind: 'text' },
    optional: false,
    what: opts.what,
    example: opts.example ?? opts.what.replace(/^.*的/, ''),
    ...(opts.attached ? { attached: true } : {}),
    read(rest) {
      const v = rest.trim();
      if (!v) return null;
      const bounded = boundedText(v, opts.min ?? 0, opts.max ?? Infinity, opts.what); // the forms' own check and wording
      return bounded.ok ? { value: bounded.value, rest: '' } : { error: bounded.reason };
    },
  };
  return opts.optional ? optionalOf(a) : a;
}

/** An argument that may be left out: its value is undefined then. */
export const optional = <T>(a: Arg<T>): Arg<T | undefined> => optionalOf(a);
