/**
 * The command router: every command word of the bot, declared by the features and the
 * core, in one table built at start. It finds the command a message is (longest word
 * first, then by the shapes of its arguments), says how to write a command whose
 * argument is missing or malformed, writes 帮助 for the person's roles, and refuses to
 * start when two declarations of one word could both take the same message.
 */
import { type Outcome, result, say } from '../feature';
import type { Turn } from '../turn';
import { type Arg, type Shape, isStructured } from './args';
import { type Command, deniedText, isAllowed } from './command';

export type Match =
  /** The text is this command, with its arguments. */
  | { kind: 'command'; command: Command; word: string; args: unknown[] }
  /** The text is this word, but its arguments do not fit: how to write it. */
  | { kind: 'hint'; word: string; text: string };

type Parsed = { ok: true; values: unknown[] } | { ok: false; at: number; missing: boolean; error?: string; raw: string[] };

/** What may follow a command word directly, without a space, when its argument is structured: 受理TS-2026-000123. */
const ATTACHABLE = /^[A-Za-z0-9０-９Ａ-Ｚａ-ｚ]/;

export class CommandRouter {
  private readonly byWord = new Map<string, Command[]>();
  /** Longest first, so 协查答复 is tried before 协查 and 联合执法完成 before 联合执法. */
  private readonly words: string[];

  constructor(readonly commands: readonly Command[]) {
    for (const c of commands) {
      for (const w of c.words) {
        const key = w.toLowerCase();
        const same = this.byWord.get(key) ?? [];
        for (const other of same) {
          if (other !== c && clash(c, other)) {
            throw new Error(`command word “${w}” is declared twice with arguments that overlap (${signature(other)} / ${signature(c)})`);
          }
        }
        if (!same.includes(c)) same.push(c);
        this.byWord.set(key, same);
      }
    }
    this.words = [...this.byWord.keys()].sort((a, b) => b.length - a.length);
  }

  /**
   * The command the text is. Inside a dialogue (`inDialogue`), only text that is
   * unambiguous as a command counts: a bare command word, or a word followed by a
   * structured argument (a record number, an organisation, a listed word); a command
   * whose first argument is free text is taken there only as its bare word.
   */
  match(t: Turn, text: string, opts: { inDialogue?: boolean } = {}): Match | null {
    const lower = text.toLowerCase();
    for (const w of this.words) {
      if (!lower.startsWith(w)) continue;
      const rest = text.slice(w.length);
      const bare = !rest.trim();
      const cmds = this.byWord.get(w)!;
      const word = cmds[0]!.words.find((x) => x.toLowerCase() === w)!;
      if (!bare && !/^\s/.test(rest) && !cmds.some((c) => c.args[0] && (c.args[0].attached || (isStructured(c.args[0]) && ATTACHABLE.test(rest))))) continue;
      const tries = cmds.map((c) => ({ c, p: parse(c.args, rest, t) }));
      for (const { c, p } of tries) {
        if (!p.ok) continue;
        if (opts.inDialogue && !bare && !isStructured(c.args[0]!)) continue;
        return { kind: 'command', command: c, word, args: p.values };
      }
      // The word, with arguments that do not fit. Inside a dialogue only a bare word, or
      // one whose structured first argument was read, is surely meant as the command.
      if (opts.inDialogue && !bare && !tries.some(({ c, p }) => !p.ok && p.at > 0 && isStructured(c.args[0]!))) return null;
      return { kind: 'hint', word, text: hint(t, word, tries) };
    }
    return null;
  }

  /** Runs a match: the command (if the person may use it), or the hint. */
  async run(t: Turn, m: Match): Promise<Outcome> {
    if (m.kind === 'hint') return say(m.text);
    if (!isAllowed(m.command.who, t)) return say(deniedText(m.command, m.word));
    const r = await m.command.run(t, m.args);
    if (typeof r === 'string') return say(r);
    return 'ok' in r ? result(r) : r;
  }

  /** The lines of 帮助 for this person: each command's line (of these commands), if they may use it. */
  helpLines(t: Turn, commands: readonly Command[] = this.commands): string[] {
    const lines: string[] = [];
    for (const c of commands) {
      if (!c.help || !isAllowed(c.who, t)) continue;
      const h = typeof c.help === 'function' ? c.help(t) : c.help;
      for (const line of h == null ? [] : typeof h === 'string' ? [h] : h) {
        const bullet = `· ${line}`;
        if (!lines.includes(bullet)) lines.push(bullet);
      }
    }
    return lines;
  }

  /** A valid-looking message for each word of a command (for tests that drive every command). */
  static examples(c: Command): string[] {
    const args = c.args.filter((a) => !a.optional).map((a) => a.example);
    return c.words.map((w) => [w, ...args].join(' '));
  }
}

function parse(args: readonly Arg<unknown>[], rest: string, t: Turn): Parsed {
  let r = rest;
  const values: unknown[] = [];
  const raw: string[] = [];
  for (const [i, a] of args.entries()) {
    r = r.replace(/^\s+/, '');
    if (!r && !a.optional) return { ok: false, at: i, missing: true, raw };
    const x = a.read(r, t);
    if (!x) return { ok: false, at: i, missing: false, raw };
    if ('error' in x) return { ok: false, at: i, missing: false, error: x.error, raw };
    values.push(x.value);
    raw.push(r.slice(0, r.length - x.rest.length).trim());
    r = x.rest;
  }
  if (r.trim()) return { ok: false, at: args.length, missing: false, raw };
  return { ok: true, values };
}

/** How to write the word's command, from the declarations of the ones that came nearest. */
function hint(t: Turn, word: string, tries: { c: Command; p: Parsed }[]): string {
  let failed = tries.flatMap(({ c, p }) => (p.ok ? [] : [{ c, p }]));
  // A bare-word command of the same word (查询) is no guide to what should follow it.
  if (failed.some(({ c }) => c.args.length)) failed = failed.filter(({ c }) => c.args.length);
  const furthest = Math.max(...failed.map(({ p }) => p.at));
  let near = failed.filter(({ p }) => p.at === furthest);
  const mine = near.filter(({ c }) => isAllowed(c.who, t));
  // Nobody is told how to write a command they may not use.
  if (!mine.length) return deniedText(near[0]!.c, word);
  near = mine;
  const usage = (c: Command, raw: string[]) =>
    [word, ...raw, ...c.args.slice(raw.length).filter((a, i) => i === 0 || !a.optional).map((a) => a.example)].join(' ');

  if (near.length > 1) {
    const examples = [...new Set(near.map(({ c, p }) => `${usage(c, p.raw)}（${c.args[p.at]?.what ?? ''}）`.replace('（）', '')))].slice(0, 4).join('、');
    const records = near.every(({ c, p }) => c.args[p.at]?.shape.kind === 'record');
    if (records && !near.some(({ p }) => p.missing)) return `编号格式应为“两个字母-年份-6位数字”，如：${examples}。`;
    return `请在“${word}”后写上${records ? '编号' : near[0]!.c.args[furthest]?.what ?? '内容'}，如：${examples}。`;
  }
  const { c, p } = near[0]!;
  const a = c.args[p.at];
  const example = usage(c, p.raw);
  if (!a) return `格式应为：${example}。`;
  if (p.error) return `${p.error}如：${example}。`;
  if (p.missing) return `${p.at === 0 ? `请在指令后写上${a.what}` : `请写明${a.what}`}，如：${example}。${a.note ?? ''}`;
  return a.shape.kind === 'record' ? `${a.what}格式应为“${a.example.slice(0, 2)}-年份-6位数字”，如：${example}。` : `请写明${a.what}，如：${example}。`;
}

function shapesOverlap(a: Shape, b: Shape): boolean {
  if (a.kind === 'text' || b.kind === 'text' || a.kind === 'token' || b.kind === 'token') return true;
  if (a.kind !== b.kind) return false;
  if (a.kind === 'record' && b.kind === 'record') return a.series.some((s) => b.series.includes(s));
  if (a.kind === 'literal' && b.kind === 'literal') return a.words.some((w) => b.words.includes(w));
  return true;
}

/** Whether one message could be taken by both commands of a word. */
function clash(a: Command, b: Command): boolean {
  const [x] = a.args;
  const [y] = b.args;
  if ((!x || x.optional) && (!y || y.optional)) return true;
  return !!x && !!y && shapesOverlap(x.shape, y.shape);
}

const signature = (c: Command) => `${c.words[0]} ${c.args.map((a) => (a.optional ? `[${a.what}]` : a.what)).join(' ')}`.trim();
