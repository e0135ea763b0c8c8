/**
 * Which body a complaint accuses (M3), from what the citizen wrote: the answer to
 * 被投诉对象 and the 事由. It must not rest on an exact alias, so it looks for
 *  - the directory's names and aliases (the aliases carry the common variants people say:
 *    市监所, 卫健委, 城管队员, 交警 …);
 *  - abbreviations and misspellings of them before a body word (局、所、委、队、站 …): the
 *    characters in order (市场监督局 → 市场监督管理局, 卫健委 → 卫生健康局), or the same
 *    sounds in order (卫建委, 城官局 — pinyin-pro, since people type by pinyin);
 *  - generic words for an officer (执法人员, 队长 …) or a township government (乡政府的人);
 *  - the complaint router's view of whose matter the 事由 is.
 * Only a body named by its name or a listed alias, and nothing else named, is certain;
 * anything else is a question for the citizen (bot/complaints/filing.ts).
 */
import { pinyin } from 'pinyin-pro';
import { type Directory, type Organisation, ORG } from '../../domain/organisation';
import type { ComplaintRouter } from '../routing';

export type AccusedGuess =
  /** Nothing names a department, an officer or an act of enforcement. */
  | { kind: 'none' }
  /** One body, named by its name or a listed alias, and no other. */
  | { kind: 'certain'; orgId: number }
  /** Someone is (or may be) accused; these bodies are the likely ones, most likely first. */
  | { kind: 'unsure'; candidates: number[] };

/** Words that end the name of a body ("市场监督局", "卫健委", "综合执法大队"). */
const BODY_SUFFIXES = ['委员会', '分局', '大队', '中队', '中心', '部门', '局', '所', '委', '队', '站', '办'];
/** Suffixes that make an unknown word a body all the same ("税务局的人"). */
const STRONG_SUFFIXES = new Set(['委员会', '分局', '大队', '中队', '部门', '局']);
/** Ordinary words ending like a body. */
const NOT_BODIES = new Set(['结局', '布局', '格局', '饭局', '当局', '邮局', '赌局', '骗局', '棋局', '大局', '开局', '僵局', '出局', '终局', '全局', '战局', '时局', '政局', '有关部门', '相关部门']);
/** 所 that is not 派出所 but 所有, 所以 …: the character after it tells. */
const NOT_AFTER_SUO = new Set([...'有以谓在属得需说做']);

/** An officer, or enforcement staff in general: someone of some body is complained about. */
const OFFICER_WORDS = [
  '执法人员', '执法队员', '执法者', '执法的人', '检查的人', '公职人员', '公务员', '干部', '领导', '局长', '所长', '队长', '科长', '站长',
  '协管员', '协管', '辅警', '民警', '警察', '稽查人员', '检查人员', '监察人员', '执法局', '执法队', '执法大队', '执法部门',
  '有关部门', '相关部门', '监管部门', '职能部门', '主管部门', '政府部门', '当官的',
];
/** A township government or its enforcement team, without saying which. */
const TOWNSHIP_WORDS = ['乡政府', '镇政府', '乡镇政府', '乡镇', '乡里', '镇里', '乡上', '镇上', '综合行政执法队', '综合执法队', '执法中队'];
/** Misconduct of officials: someone's enforcement is complained about. */
const MISCONDUCT_WORDS = [
  '收了好处', '收好处', '拿了好处', '拿好处', '好处费', '收钱', '收了钱', '受贿', '索贿', '吃拿卡要', '不作为', '乱作为', '慢作为',
  '包庇', '保护伞', '暴力执法', '选择性执法', '执法不公', '乱罚款', '罚款不开票', '滥用职权', '玩忽职守', '徇私', '通风报信',
  '不出示证件', '没亮证', '踢皮球', '以罚代管',
];
/** Acts of enforcement, or the lack of it: with a body named, its enforcement may be what is complained about. */
const ENFORCEMENT_WORDS = [
  '罚款', '罚了', '处罚', '没收', '扣押', '扣了', '查封', '吊销', '强拆', '拆了', '强制', '执法', '检查',
  '不处理', '不管', '没人管', '不理', '不受理', '不立案', '推诿', '刁难', '态度', '打人',
];
/** "人民政府" hides the alias 民政 (民政局). */
const MASKS = ['人民政府'];
/** A township alias without 政府/办 is a place, not the government. */
const isPlace = (o: Organisation, phrase: string) => o.kind === 'township' && !/政府|办/.test(phrase);

const MAX_STEM = 8;
const MAX_OPTIONS = 4;
/** A router alternative this likely is offered too. */
const LIKELY = 0.2;

/** Full-width to half-width, no spaces, lower case: what people type, comparable. */
const normalise = (text: string): string => text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

const isHan = (ch: string) => /\p{Script=Han}/u.test(ch);

const soundCache = new Map<string, string>();
const sound = (ch: string): string => {
  let s = soundCache.get(ch);
  if (s === undefined) soundCache.set(ch, (s = isHan(ch) ? pinyin(ch, { toneType: 'none' }) : ch));
  return s;
};

/** `a` abbreviates `b`: same first element, all of `a` in `b` in order. */
function abbreviates(a: readonly string[], b: readonly string[]): boolean {
  if (a.length < 2 || a[0] !== b[0]) return false;
  let j = 0;
  for (const x of b) if (x === a[j]) j++;
  return j >= a.length;
}

interface Stem {
  orgId: number;
  chars: string[];
  sounds: string[];
}

/** A body's name without the district and the body word: 抚宁区卫生健康局 → 卫生健康. */
function stemOf(name: string): string {
  let s = normalise(name).replace(/^(秦皇岛市|抚宁区|抚宁|区)/, '').replace(/人民政府|抚宁/g, '');
  let cut = s.length;
  for (const suffix of BODY_SUFFIXES) {
    const i = s.indexOf(suffix);
    if (i >= 2 && i < cut) cut = i;
  }
  s = s.slice(0, cut);
  return [...s].every(isHan) ? s : '';
}

/** What one text names. */
interface Scan {
  /** Bodies named by name or alias (places excluded). */
  exact: number[];
  /** Townships named as places. */
  places: number[];
  /** Bodies an abbreviation or misspelling may mean; each group is one mention. */
  fuzzy: number[][];
  /** A body word the directory does not know ("税务局"). */
  unknownBody: boolean;
  officer: boolean;
  township: boolean;
}

class AccusedIndex {
  private readonly phrases: { text: string; org: Organisation; place: boolean }[] = [];
  private readonly stems: Stem[] = [];

  constructor(readonly directory: Directory) {
    const seen = new Set<string>();
    for (const o of directory.all) {
      for (const n of [o.name, ...o.aliases]) {
        const text = normalise(n);
        if (text.length >= 2) this.phrases.push({ text, org: o, place: isPlace(o, text) });
        const stem = stemOf(n);
        const key = `${o.id}:${stem}`;
        // Departments only: abbreviating the authorities' long names ("执法协调小组") would catch generic words.
        if (stem.length >= 2 && !seen.has(key) && o.kind === 'department') {
          seen.add(key);
          this.stems.push({ orgId: o.id, chars: [...stem], sounds: [...stem].map(sound) });
        }
      }
    }
    this.phrases.sort((a, b) => b.text.length - a.text.length);
  }

  scan(raw: string): Scan {
    const text = normalise(raw);
    const covered = new Array<boolean>(text.length).fill(false);
    const free = (from: number, to: number) => covered.slice(from, to).every((c) => !c);
    const cover = (from: number, to: number) => covered.fill(true, from, to);
    const masked: [number, number][] = [];
    for (const m of MASKS) for (let i = text.indexOf(m); i >= 0; i = text.indexOf(m, i + 1)) masked.push([i, i + m.length]);

    const out: Scan = { exact: [], places: [], fuzzy: [], unknownBody: false, officer: false, township: false };
    for (const p of this.phrases) {
      for (let i = text.indexOf(p.text); i >= 0; i = text.indexOf(p.text, i + 1)) {
        const end = i + p.text.length;
        if (!free(i, end)) continue;
        if (!MASKS.some((m) => p.text.includes(m)) && masked.some(([a, b]) => i >= a && end <= b)) continue;
        cover(i, end);
        (p.place ? out.places : out.exact).push(p.org.id);
      }
    }
    for (let i = 2; i < text.length; i++) {
      const suffix = BODY_SUFFIXES.find((s) => text.startsWith(s, i));
      if (!suffix || covered[i] || (suffix === '所' && NOT_AFTER_SUO.has(text[i + 1] ?? ''))) continue;
      const found = this.abbreviation(text, i, free);
      if (found) {
        out.fuzzy.push(found.orgIds);
        cover(found.from, i + suffix.length);
      } else if (STRONG_SUFFIXES.has(suffix) && free(i - 2, i) && isHan(text[i - 1]!) && !NOT_BODIES.has(text.slice(i - 2, i + suffix.length)) && !NOT_BODIES.has(text.slice(i - 1, i + suffix.length))) {
        out.unknownBody = true;
      }
    }
    out.officer = OFFICER_WORDS.some((w) => text.includes(w));
    out.township = TOWNSHIP_WORDS.some((w) => text.includes(w));
    return out;
  }

  /** The longest run of characters before `end` that abbreviates some body's stem. */
  private abbreviation(text: string, end: number, free: (a: number, b: number) => boolean): { orgIds: number[]; from: number } | undefined {
    for (let k = Math.min(MAX_STEM, end); k >= 2; k--) {
      const from = end - k;
      const chars = [...text.slice(from, end)];
      if (!chars.every(isHan) || !free(from, end)) continue;
      const sounds = chars.map(sound);
      const orgIds = [...new Set(this.stems.filter((s) => abbreviates(chars, s.chars) || abbreviates(sounds, s.sounds)).map((s) => s.orgId))];
      if (orgIds.length) return { orgIds, from };
    }
    return undefined;
  }
}

const indexes = new WeakMap<Directory, AccusedIndex>();
const indexFor = (dir: Directory): AccusedIndex => {
  let ix = indexes.get(dir);
  if (!ix) indexes.set(dir, (ix = new AccusedIndex(dir)));
  return ix;
};

const named = (s: Scan): number[] => [...s.exact, ...s.fuzzy.flat()];
const mentionsAny = (text: string, words: readonly string[]) => words.some((w) => text.includes(w));

export interface AccusedInput {
  /** The answer to 被投诉对象; null when the citizen skipped it. */
  answer: string | null;
  what: string;
  where: string;
}

export function guessAccused(dir: Directory, router: Pick<ComplaintRouter, 'route'>, input: AccusedInput): AccusedGuess {
  const ix = indexFor(dir);
  const what = ix.scan(input.what);
  const text = normalise(input.what);
  const justice = dir.byCode(ORG.justiceBureau)?.id;
  const routed = router.route(input.what, input.where);

  if (input.answer == null) {
    // Skipped: the 事由 alone may still accuse someone.
    const bodyNamed = named(what).length > 0 || what.unknownBody || what.township;
    // The router's keywords for the justice bureau are misconduct words (乱罚款, 态度恶劣 …); its classifier alone is too loose here.
    const misconduct = mentionsAny(text, MISCONDUCT_WORDS) || (routed != null && routed.orgId === justice && routed.by === 'keywords');
    const signal = what.officer || misconduct || (bodyNamed && mentionsAny(text, ENFORCEMENT_WORDS));
    return signal ? { kind: 'unsure', candidates: candidates(ix, null, what, input, routed, justice) } : { kind: 'none' };
  }

  const answer = ix.scan(input.answer);
  const exact = [...new Set(answer.exact)];
  const others = named(what).filter((id) => id !== exact[0]);
  if (exact.length === 1 && !answer.fuzzy.length && !answer.unknownBody && !answer.township && !others.length) return { kind: 'certain', orgId: exact[0]! };
  return { kind: 'unsure', candidates: candidates(ix, answer, what, input, routed, justice) };
}

/** The likely bodies, most likely first: named in the answer, then in the 事由, a township by place, whose matter it is. */
function candidates(
  ix: AccusedIndex, answer: Scan | null, what: Scan, input: AccusedInput, routed: ReturnType<ComplaintRouter['route']>, justice: number | undefined,
): number[] {
  const ids: number[] = [];
  if (answer) ids.push(...named(answer));
  ids.push(...named(what));
  if (answer?.township || what.township) ids.push(...(answer?.places ?? []), ...what.places, ...ix.scan(input.where).places);
  if (routed) {
    const likely = [routed, ...routed.alternatives].filter((r, i) => i === 0 || r.confidence >= LIKELY);
    ids.push(...likely.map((r) => r.orgId).filter((id) => id !== justice));
  }
  return [...new Set(ids)].slice(0, MAX_OPTIONS);
}
