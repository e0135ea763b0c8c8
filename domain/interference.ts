/**
 * 干预记录 (M12 履职免责): an officer records, fully and truthfully (全面、如实记录), any
 * attempt by a unit or person to interfere in enforcement or in a case (违法干预行政执法活动、
 * 插手具体案件处理), and the record is archived for inspection (存档备查).
 *
 * Records are append-only (the database refuses UPDATE, DELETE and TRUNCATE) and chained
 * by hash, so that tampering done around the database's guard is detectable:
 *
 *   hash(n) = sha256( hash(n-1) ‖ "\n" ‖ canonical(record n) ),   hash(0) = GENESIS
 *
 * `canonical` is JSON of the record's own fields in a fixed order (see CANONICAL_FIELDS),
 * instants as ISO-8601 UTC with milliseconds, absent values as null. The digest is
 * injected (`Digest`), so this module stays free of I/O and platform imports; the bot
 * passes node:crypto's SHA-256.
 *
 * A hash chain shows that a record was changed, removed or inserted — unless the whole
 * tail after it was re-sealed by someone able to write the table. What was sealed before
 * such a rewrite is pinned twice over: each new chain head is kept as a dated anchor in a
 * table of its own (checked by every verification), and told to the justice bureau and
 * the coordination office in notices (witnesses a supervisor may paste back). Rewriting
 * the records then also takes rewriting the anchors, and cannot reach the notices.
 */
import { formatLocal } from './calendar/calendar';
import { SERIES, parseRecordNo, recordNoPattern } from './record-no';
import { type Result, fail, ok } from './result';

/** Lower-case hex SHA-256 of the text's UTF-8 bytes. */
export type Digest = (text: string) => string;

/** The previous hash of the first record. */
export const GENESIS = '0'.repeat(64);

/** 干预方式 offered as options; any other short description is accepted too. */
export const METHODS = ['打招呼', '说情', '批条子', '递材料', '打电话', '当面要求', '其他'] as const;

export const MAX_TEXT = { caseRef: 200, unit: 100, person: 100, occurred: 100, method: 50, request: 2000, response: 1000 } as const;

/** What the officer says happened. */
export interface InterferenceFacts {
  caseRef: string; // 涉及案件: number or description, as written
  caseNo: string | null; // AJ-YYYY-NNNNNN when caseRef names one (案件登记 may not exist yet)
  interfererOrgId: number | null; // the directory's unit when the interferer is one of its bodies
  interfererUnit: string | null; // 干预单位, as written
  interfererPerson: string | null; // 干预人员 name and position, as written
  occurred: string; // 干预时间, as said
  method: string; // 干预方式
  request: string; // 提出的要求
  response: string | null; // 执法人员的应对
}

/** A record before it joins the chain. */
export interface InterferenceDraft extends InterferenceFacts {
  recordNo: string; // GY-YYYY-NNNNNN
  recordedAt: Date;
  recorderPersonId: number;
  recorderOrgId: number; // the body the officer records for
}

export interface ChainHead {
  seq: number; // 0 for an empty chain
  hash: string;
}

export const EMPTY_CHAIN: ChainHead = { seq: 0, hash: GENESIS };

export interface InterferenceRecord extends InterferenceDraft {
  seq: number; // position in the chain, 1, 2, 3 …
  prevHash: string;
  hash: string;
}

/** The order in which fields enter the hash; changing it breaks every existing chain. */
export const CANONICAL_FIELDS = [
  'seq', 'recordNo', 'recordedAt', 'recorderPersonId', 'recorderOrgId', 'caseRef', 'caseNo',
  'interfererOrgId', 'interfererUnit', 'interfererPerson', 'occurred', 'method', 'request', 'response',
] as const satisfies readonly (keyof InterferenceRecord)[];

/** The record's own fields as hashed: JSON, fixed key order, ISO instants, nulls kept. */
export function canonical(r: InterferenceDraft & { seq: number }): string {
  const out: Record<string, string | number | null> = {};
  for (const k of CANONICAL_FIELDS) {
    const v = r[k];
    out[k] = v instanceof Date ? v.toISOString() : (v ?? null);
  }
  return JSON.stringify(out);
}

export const linkHash = (digest: Digest, prevHash: string, r: InterferenceDraft & { seq: number }): string =>
  digest(`${prevHash}\n${canonical(r)}`);

/** The draft as the next link after `head`. */
export function seal(digest: Digest, head: ChainHead, d: InterferenceDraft): InterferenceRecord {
  const seq = head.seq + 1;
  return { ...d, seq, prevHash: head.hash, hash: linkHash(digest, head.hash, { ...d, seq }) };
}

/** The case number inside what the officer wrote, if any (AJ-2026-000012). */
export function caseNoIn(text: string): string | null {
  const m = text.match(new RegExp(recordNoPattern(SERIES.case), 'i'));
  return (m && parseRecordNo(SERIES.case, m[1]!)) ?? null;
}

export const parseInterferenceNo = (text: string): string | undefined => parseRecordNo(SERIES.interference, text);

const blank = (s: string | null | undefined): s is null | undefined => s == null || !s.trim();

/** Checks what the officer said: every fact within bounds, and someone who interfered. */
export function checkFacts(f: InterferenceFacts): Result<InterferenceFacts> {
  if (blank(f.interfererUnit) && blank(f.interfererPerson) && f.interfererOrgId == null) return fail('请至少写明实施干预的单位或人员。');
  const required: Array<[string, string, number]> = [
    [f.caseRef, '涉及的案件', MAX_TEXT.caseRef], [f.occurred, '干预时间', MAX_TEXT.occurred],
    [f.method, '干预方式', MAX_TEXT.method], [f.request, '提出的要求', MAX_TEXT.request],
  ];
  for (const [v, what, max] of required) {
    if (blank(v)) return fail(`请填写${what}。`);
    if (v.length > max) return fail(`${what}不能超过 ${max} 字。`);
  }
  const optional: Array<[string | null, string, number]> = [
    [f.interfererUnit, '干预单位', MAX_TEXT.unit], [f.interfererPerson, '干预人员', MAX_TEXT.person], [f.response, '应对情况', MAX_TEXT.response],
  ];
  for (const [v, what, max] of optional) if (v && v.length > max) return fail(`${what}不能超过 ${max} 字。`);
  if (f.caseNo != null && caseNoIn(f.caseNo) !== f.caseNo) return fail(`案件编号有误：${f.caseNo}`);
  return ok(f);
}

/** The record to append: checked facts, its number, its recorder and the instant. */
export function draft(f: InterferenceFacts, recorder: { personId: number; orgId: number }, recordNo: string, at: Date): Result<InterferenceDraft> {
  if (parseInterferenceNo(recordNo) !== recordNo) return fail(`干预记录编号有误：${recordNo}`);
  const facts = checkFacts(f);
  if (!facts.ok) return facts;
  return ok({ ...facts.value, recordNo, recordedAt: at, recorderPersonId: recorder.personId, recorderOrgId: recorder.orgId });
}

/** The chain head after a record, kept outside the record table and dated by the database. */
export interface Anchor {
  seq: number;
  recordNo: string;
  hash: string;
  anchoredAt: Date;
}

/** The anchor of a record just sealed (dated by the database when kept). */
export const anchorOf = (r: InterferenceRecord): Omit<Anchor, 'anchoredAt'> => ({ seq: r.seq, recordNo: r.recordNo, hash: r.hash });

/**
 * A hash someone kept outside the database (from a notice), of a record named by its
 * number or by its place in the chain (第 N 条): prefix of at least 8 hex digits.
 */
export type Witness = { hashPrefix: string } & ({ recordNo: string } | { seq: number });

export const WITNESS_MIN = 8;

export type ChainProblem =
  | 'missing' // a record before this one is gone (the sequence jumps), or the witnessed record is absent
  | 'link' // its previous hash is not the hash of the record before it
  | 'hash' // its content does not give its hash: it was altered
  | 'witness' // its hash is not the one told when it was recorded: the chain was re-sealed
  | 'anchor' // its hash is not the one anchored when it was recorded: the chain was re-sealed
  | 'unanchored'; // it has no anchor: it was written around the application

export type ChainCheck =
  | { ok: true; count: number; head: ChainHead; headNo: string | null }
  | { ok: false; problem: ChainProblem; seq: number | null; recordNo: string; intact: number; anchoredAt?: Date };

/**
 * Walks the chain in order (`records` sorted by seq) and returns the first broken link:
 * a jump in the sequence, a previous hash that is not the previous record's hash, a hash
 * its content does not give, a hash different from its anchor or from a witnessed copy —
 * or, when `anchors` are given, a record without one, and an anchor past the chain's end.
 */
export function verifyChain(
  digest: Digest, records: readonly InterferenceRecord[], witnesses: readonly Witness[] = [], anchors?: readonly Anchor[],
): ChainCheck {
  let head = EMPTY_CHAIN;
  let headNo: string | null = null;
  const byNo = new Map<string, string>();
  const bySeq = new Map<number, string>();
  for (const w of witnesses) ('recordNo' in w ? byNo.set(w.recordNo, w.hashPrefix.toLowerCase()) : bySeq.set(w.seq, w.hashPrefix.toLowerCase()));
  const anchored = new Map((anchors ?? []).map((a) => [a.seq, a]));
  for (const r of records) {
    const broken = (problem: ChainProblem, anchoredAt?: Date): ChainCheck =>
      ({ ok: false, problem, seq: r.seq, recordNo: r.recordNo, intact: head.seq, ...(anchoredAt ? { anchoredAt } : {}) });
    if (r.seq !== head.seq + 1) return broken('missing');
    if (r.prevHash !== head.hash) return broken('link');
    if (linkHash(digest, r.prevHash, r) !== r.hash) return broken('hash');
    const a = anchored.get(r.seq);
    if (anchors && !a) return broken('unanchored');
    if (a && (a.hash !== r.hash || a.recordNo !== r.recordNo)) return broken('anchor', a.anchoredAt);
    for (const w of [byNo.get(r.recordNo), bySeq.get(r.seq)]) if (w != null && !r.hash.startsWith(w)) return broken('witness');
    byNo.delete(r.recordNo);
    bySeq.delete(r.seq);
    anchored.delete(r.seq);
    head = { seq: r.seq, hash: r.hash };
    headNo = r.recordNo;
  }
  const absent = [...byNo.keys(), ...[...bySeq.keys(), ...anchored.keys()].sort((x, y) => x - y).map((seq) => anchored.get(seq)?.recordNo ?? `第 ${seq} 条`)][0];
  if (absent) return { ok: false, problem: 'missing', seq: null, recordNo: absent, intact: head.seq };
  return { ok: true, count: head.seq, head, headNo };
}

const PROBLEM_TEXT: Record<ChainProblem, string> = {
  missing: '之前的记录缺失（序号不连续），记录可能被删除',
  link: '与前一条记录的校验值不衔接，记录可能被插入或替换',
  hash: '内容与校验值不符，记录可能被篡改',
  witness: '校验值与报送时的不一致，记录链可能被整体重写',
  anchor: '校验值与存证的不一致，记录链可能被整体重写',
  unanchored: '没有存证，可能是绕过系统写入的',
};

/** The verdict in Chinese for the supervising body. */
export function describeCheck(c: ChainCheck): string {
  if (c.ok) {
    return c.count
      ? `干预记录链完整：共 ${c.count} 条，最新一条 ${c.headNo}，校验值 ${shortHash(c.head.hash)}。`
      : '目前没有干预记录。';
  }
  if (c.seq == null) return `核验未通过：${c.recordNo} 不在记录链中，记录可能被删除。`;
  const problem = c.problem === 'anchor' && c.anchoredAt ? `校验值与 ${formatLocal(c.anchoredAt)} 的存证不一致，记录链可能被整体重写` : PROBLEM_TEXT[c.problem];
  return `核验未通过：${c.recordNo}（第 ${c.seq} 条）${problem}。此前 ${c.intact} 条完好。`;
}

/** The part of a hash shown to people and accepted back as a witness. */
export const shortHash = (hash: string): string => hash.slice(0, 16);

/** Reads `GY-2026-000001 1a2b3c4d…` and `第3条 1a2b3c4d…` pairs a supervisor pastes from notices. */
export function parseWitnesses(text: string): Result<Witness[]> {
  const out: Witness[] = [];
  const re = new RegExp(`(?:${recordNoPattern(SERIES.interference)}|第\\s*(\\d{1,9})\\s*条)[\\s:：,，]*([0-9a-fA-F]*)`, 'gi');
  for (const m of text.matchAll(re)) {
    const hashPrefix = m[3]!.toLowerCase();
    if (hashPrefix.length < WITNESS_MIN || hashPrefix.length > 64) {
      return fail(`请在编号后写上通知中的校验值（至少 ${WITNESS_MIN} 位），如：核验干预记录 GY-2026-000001 1a2b3c4d5e6f7a8b`);
    }
    out.push(m[1] ? { recordNo: parseInterferenceNo(m[1])!, hashPrefix } : { seq: Number(m[2]), hashPrefix });
  }
  return ok(out);
}

/** 干预记录 (M12): an append-only chain; the database refuses UPDATE, DELETE and TRUNCATE. */
export interface InterferenceRepo {
  /**
   * Appends the record `seal` makes from the chain's head, and anchors the new head. The
   * head is read under a lock held to the end of the transaction, so concurrent appends
   * queue and the chain never forks.
   */
  append(seal: (head: ChainHead) => InterferenceRecord): Promise<InterferenceRecord>;
  byNo(recordNo: string): Promise<InterferenceRecord | null>;
  /** Newest first: the records naming that body (`naming`), or all others (`notNaming`). */
  latest(filter: { naming: number } | { notNaming: number }, limit: number): Promise<InterferenceRecord[]>;
  /** The whole chain, in order, for verification (under the chain lock: no append lands between it and anchors()). */
  chain(): Promise<InterferenceRecord[]>;
  /** Every anchor, in order. */
  anchors(): Promise<Anchor[]>;
}

// This mechanism's repositories in the Store (domain/ports.ts MechanismPorts), implemented in db/ and registered in db/mechanisms.ts.
declare module './ports' {
  interface MechanismPorts {
    interference: InterferenceRepo;
  }
}
