import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type InterferenceDraft, type InterferenceFacts, type InterferenceRecord, CANONICAL_FIELDS, EMPTY_CHAIN, GENESIS,
  anchorOf, canonical, caseNoIn, checkFacts, describeCheck, draft, linkHash, parseWitnesses, seal, shortHash, verifyChain,
} from './interference';
import { deepFreeze, reason, value } from './testing';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

const facts = (over: Partial<InterferenceFacts> = {}): InterferenceFacts => ({
  caseRef: 'AJ-2026-000012 某超市销售过期食品案',
  caseNo: 'AJ-2026-000012',
  interfererOrgId: 20,
  interfererUnit: '农业局',
  interfererPerson: '张某，副局长',
  occurred: '11月20日上午',
  method: '打招呼',
  request: '要求对该超市从轻处罚',
  response: '当场拒绝',
  ...over,
});

const draftOf = (n: number, over: Partial<InterferenceFacts> = {}): InterferenceDraft =>
  value(draft(facts({ request: `要求从轻处罚（第${n}次）`, ...over }), { personId: 7, orgId: 10 }, `GY-2026-${String(n).padStart(6, '0')}`, new Date(Date.UTC(2026, 10, 25, 2, n))));

/** A chain of n records sealed one after another. */
function chainOf(n: number): InterferenceRecord[] {
  const out: InterferenceRecord[] = [];
  for (let i = 1; i <= n; i++) out.push(seal(sha256, out.at(-1) ?? EMPTY_CHAIN, draftOf(i)));
  return out;
}

describe('canonical form', () => {
  it('is JSON of the own fields in the fixed order, instants in ISO UTC, absent values as null', () => {
    const d = draftOf(1, { response: null, caseNo: null, caseRef: '某超市案' });
    expect(canonical({ ...d, seq: 1 })).toBe(
      '{"seq":1,"recordNo":"GY-2026-000001","recordedAt":"2026-11-25T02:01:00.000Z","recorderPersonId":7,"recorderOrgId":10,' +
        '"caseRef":"某超市案","caseNo":null,"interfererOrgId":20,"interfererUnit":"农业局","interfererPerson":"张某，副局长",' +
        '"occurred":"11月20日上午","method":"打招呼","request":"要求从轻处罚（第1次）","response":null}',
    );
  });

  it('does not depend on the order properties were set in, and ignores fields outside it', () => {
    const d = draftOf(1);
    const shuffled = Object.fromEntries(Object.entries({ ...d, seq: 1, extra: 'x' }).reverse()) as unknown as InterferenceDraft & { seq: number };
    expect(canonical(shuffled)).toBe(canonical({ ...d, seq: 1 }));
    expect(Object.keys(JSON.parse(canonical({ ...d, seq: 1 })))).toEqual([...CANONICAL_FIELDS]);
  });

  it('escapes quotes and newlines, so a field cannot pose as another', () => {
    const a = canonical({ ...draftOf(1, { request: '甲","method":"乙' }), seq: 1 });
    expect(JSON.parse(a).request).toBe('甲","method":"乙');
    expect(JSON.parse(a).method).toBe('打招呼');
  });
});

describe('sealing', () => {
  it('links the first record to GENESIS and each next one to the hash before it', () => {
    const [a, b] = chainOf(2);
    expect(a).toMatchObject({ seq: 1, prevHash: GENESIS });
    expect(a!.hash).toBe(sha256(`${GENESIS}\n${canonical(a!)}`));
    expect(b).toMatchObject({ seq: 2, prevHash: a!.hash });
    expect(b!.hash).toBe(linkHash(sha256, a!.hash, b!));
    expect(a!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not change the draft or the head it is given', () => {
    const d = deepFreeze(draftOf(1));
    const head = deepFreeze({ ...EMPTY_CHAIN });
    expect(() => seal(sha256, head, d)).not.toThrow();
  });

  it('gives different hashes for the same content at another place in the chain', () => {
    const d = draftOf(1);
    expect(seal(sha256, EMPTY_CHAIN, d).hash).not.toBe(seal(sha256, { seq: 1, hash: 'a'.repeat(64) }, d).hash);
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain and names its head', () => {
    const c = chainOf(4);
    expect(verifyChain(sha256, c)).toEqual({ ok: true, count: 4, head: { seq: 4, hash: c[3]!.hash }, headNo: 'GY-2026-000004' });
    expect(verifyChain(sha256, [])).toEqual({ ok: true, count: 0, head: EMPTY_CHAIN, headNo: null });
  });

  it('finds a record whose content was altered', () => {
    const c = chainOf(4);
    c[2] = { ...c[2]!, request: '（已删改）' };
    expect(verifyChain(sha256, c)).toMatchObject({ ok: false, problem: 'hash', seq: 3, recordNo: 'GY-2026-000003', intact: 2 });
  });

  it('finds an altered record re-hashed on its own: the next link no longer fits', () => {
    const c = chainOf(4);
    const forged = { ...c[1]!, interfererPerson: '王某' };
    c[1] = { ...forged, hash: linkHash(sha256, forged.prevHash, forged) };
    expect(verifyChain(sha256, c)).toMatchObject({ ok: false, problem: 'link', seq: 3 });
  });

  it('finds a removed record, first or in the middle', () => {
    const c = chainOf(4);
    expect(verifyChain(sha256, [c[0]!, c[2]!, c[3]!])).toMatchObject({ ok: false, problem: 'missing', seq: 3, intact: 1 });
    expect(verifyChain(sha256, c.slice(1))).toMatchObject({ ok: false, problem: 'missing', seq: 2, intact: 0 });
  });

  it('finds a record inserted into the chain and renumbered', () => {
    const c = chainOf(3);
    const inserted = seal(sha256, c[0]!, draftOf(9));
    const shifted = c.slice(1).map((r) => ({ ...r, seq: r.seq + 1 }));
    expect(verifyChain(sha256, [c[0]!, inserted, ...shifted])).toMatchObject({ ok: false, problem: 'link', seq: 3 });
  });

  it('finds a chain re-sealed after a change by the hashes witnessed in notices', () => {
    const c = chainOf(3);
    const witnessed = { recordNo: c[1]!.recordNo, hashPrefix: shortHash(c[1]!.hash) };
    const rewritten: InterferenceRecord[] = [c[0]!];
    for (const r of c.slice(1)) rewritten.push(seal(sha256, rewritten.at(-1)!, { ...r, request: r.seq === 2 ? '无' : r.request }));
    expect(verifyChain(sha256, rewritten).ok).toBe(true); // a full rewrite fools the chain alone …
    expect(verifyChain(sha256, rewritten, [witnessed])).toMatchObject({ ok: false, problem: 'witness', seq: 2 }); // … not the witness
    expect(verifyChain(sha256, c, [{ ...witnessed, hashPrefix: witnessed.hashPrefix.toUpperCase() }]).ok).toBe(true);
  });

  it('finds a witnessed record that is no longer there (the tail was cut)', () => {
    const c = chainOf(3);
    const w = { recordNo: c[2]!.recordNo, hashPrefix: shortHash(c[2]!.hash) };
    const check = verifyChain(sha256, c.slice(0, 2), [w]);
    expect(check).toMatchObject({ ok: false, problem: 'missing', seq: null, recordNo: 'GY-2026-000003', intact: 2 });
    expect(describeCheck(check)).toContain('GY-2026-000003 不在记录链中');
  });

  it('says in Chinese what is wrong and where', () => {
    const c = chainOf(2);
    expect(describeCheck(verifyChain(sha256, c))).toBe(`干预记录链完整：共 2 条，最新一条 GY-2026-000002，校验值 ${shortHash(c[1]!.hash)}。`);
    c[0] = { ...c[0]!, method: '无' };
    expect(describeCheck(verifyChain(sha256, c))).toBe('核验未通过：GY-2026-000001（第 1 条）内容与校验值不符，记录可能被篡改。此前 0 条完好。');
    expect(describeCheck(verifyChain(sha256, []))).toBe('目前没有干预记录。');
  });
});

describe('verifyChain against the anchors', () => {
  const at = new Date('2026-12-01T02:30:00Z');
  const anchorsOf = (c: InterferenceRecord[]) => c.map((r) => ({ ...anchorOf(r), anchoredAt: at }));

  it('accepts a chain whose every record has its anchor', () => {
    const c = chainOf(3);
    expect(verifyChain(sha256, c, [], anchorsOf(c))).toMatchObject({ ok: true, count: 3 });
  });

  it('finds a re-sealed chain at the first record that disagrees with its anchor, with the anchor\'s date', () => {
    const c = chainOf(4);
    const rewritten: InterferenceRecord[] = c.slice(0, 1);
    for (const r of c.slice(1)) rewritten.push(seal(sha256, rewritten.at(-1)!, { ...r, request: r.seq === 2 ? '无' : r.request }));
    const check = verifyChain(sha256, rewritten, [], anchorsOf(c));
    expect(check).toEqual({ ok: false, problem: 'anchor', seq: 2, recordNo: 'GY-2026-000002', intact: 1, anchoredAt: at });
    expect(describeCheck(check)).toBe('核验未通过：GY-2026-000002（第 2 条）校验值与 2026年12月1日 10:30 的存证不一致，记录链可能被整体重写。此前 1 条完好。');
  });

  it('finds a record without an anchor, and an anchor whose record is gone', () => {
    const c = chainOf(3);
    expect(verifyChain(sha256, c, [], anchorsOf(c.slice(0, 2)))).toMatchObject({ ok: false, problem: 'unanchored', seq: 3, recordNo: 'GY-2026-000003' });
    expect(describeCheck(verifyChain(sha256, c, [], anchorsOf(c.slice(0, 2))))).toContain('没有存证');
    expect(verifyChain(sha256, c.slice(0, 2), [], anchorsOf(c))).toMatchObject({ ok: false, problem: 'missing', seq: null, recordNo: 'GY-2026-000003' });
    expect(verifyChain(sha256, c, [], []).ok).toBe(false); // anchors given and none kept: nothing is vouched for
    expect(verifyChain(sha256, c).ok).toBe(true); // no anchors given: the chain alone
  });

  it('checks a witness by place in the chain (第 N 条) as by record number', () => {
    const c = chainOf(3);
    const rewritten: InterferenceRecord[] = c.slice(0, 1);
    for (const r of c.slice(1)) rewritten.push(seal(sha256, rewritten.at(-1)!, { ...r, request: '无' }));
    expect(verifyChain(sha256, rewritten, [{ seq: 2, hashPrefix: shortHash(c[1]!.hash) }])).toMatchObject({ ok: false, problem: 'witness', seq: 2 });
    expect(verifyChain(sha256, c, [{ seq: 2, hashPrefix: shortHash(c[1]!.hash) }]).ok).toBe(true);
    expect(verifyChain(sha256, c, [{ seq: 9, hashPrefix: 'abcdef12' }])).toMatchObject({ ok: false, problem: 'missing', seq: null, recordNo: '第 9 条' });
  });
});

describe('facts and drafts', () => {
  it('keeps the case number found in the reference, whatever dashes were typed', () => {
    expect(caseNoIn('aj－2026－000012 某超市案')).toBe('AJ-2026-000012');
    expect(caseNoIn('某超市销售过期食品案')).toBeNull();
    expect(caseNoIn('TS-2026-000012')).toBeNull();
  });

  it('needs a unit or a person who interfered', () => {
    expect(reason(checkFacts(facts({ interfererOrgId: null, interfererUnit: null, interfererPerson: ' ' })))).toContain('单位或人员');
    expect(value(checkFacts(facts({ interfererOrgId: null, interfererUnit: null }))).interfererPerson).toBe('张某，副局长');
  });

  it('refuses blank or overlong facts and a malformed number', () => {
    expect(reason(checkFacts(facts({ request: '  ' })))).toContain('提出的要求');
    expect(reason(checkFacts(facts({ request: '要'.repeat(2001) })))).toContain('2000');
    expect(reason(checkFacts(facts({ response: '拒'.repeat(1001) })))).toContain('应对情况');
    expect(reason(checkFacts(facts({ caseNo: 'AJ-26-1' })))).toContain('案件编号');
    expect(reason(draft(facts(), { personId: 1, orgId: 2 }, 'TS-2026-000001', new Date()))).toContain('编号');
  });
});

describe('witnesses typed by a supervisor', () => {
  it('reads number and hash prefix pairs', () => {
    expect(value(parseWitnesses('GY-2026-000001 1A2B3C4D5E6F7a8b，gy－2026－000002：abcdef12'))).toEqual([
      { recordNo: 'GY-2026-000001', hashPrefix: '1a2b3c4d5e6f7a8b' },
      { recordNo: 'GY-2026-000002', hashPrefix: 'abcdef12' },
    ]);
    expect(value(parseWitnesses(''))).toEqual([]);
    expect(value(parseWitnesses('第2条 1A2B3C4D5E6F7a8b 第 10 条：abcdef12'))).toEqual([
      { seq: 2, hashPrefix: '1a2b3c4d5e6f7a8b' },
      { seq: 10, hashPrefix: 'abcdef12' },
    ]);
  });

  it('refuses a number without a long enough hash', () => {
    expect(reason(parseWitnesses('GY-2026-000001'))).toContain('校验值');
    expect(reason(parseWitnesses('GY-2026-000001 abc'))).toContain('至少 8 位');
    expect(reason(parseWitnesses('第3条'))).toContain('校验值');
  });
});
