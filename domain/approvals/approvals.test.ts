import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Directory, type Organisation } from '../organisation';
import { APPROVAL_KINDS, classify, supervisingDepartments } from './classification';
import { csvRecords, parseCsv } from './csv';
import * as D from './decision';

const { organisations } = JSON.parse(readFileSync(new URL('../../db/seed/directory.json', import.meta.url), 'utf8')) as { organisations: Omit<Organisation, 'id'>[] };
const dir = new Directory(organisations.map((o, i) => ({ ...o, id: i + 1 })));
const code = (c: ReturnType<typeof classify>) => (c.by === 'none' ? null : dir.byId(c.orgId)!.code);

describe('classification table', () => {
  it('names only enforcement departments of the directory, each kind once, keywords unique across kinds', () => {
    for (const k of APPROVAL_KINDS) expect(dir.byCode(k.supervisor)?.kind, k.code).toBe('department');
    expect(new Set(APPROVAL_KINDS.map((k) => k.code)).size).toBe(APPROVAL_KINDS.length);
    const words = APPROVAL_KINDS.flatMap((k) => k.keywords);
    expect(new Set(words).size).toBe(words.length);
    expect(supervisingDepartments(dir).length).toBe(new Set(APPROVAL_KINDS.map((k) => k.supervisor)).size);
  });

  it('routes typical approvals to their supervising department', () => {
    const cases: Array<[string, string]> = [
      ['食品经营许可（新办）', 'scjg'], ['排污许可证核发', 'sthj'], ['危险化学品经营许可证', 'yjj'], ['建筑工程施工许可证核发', 'zjj'],
      ['城市建筑垃圾处置核准', 'cgj'], ['公共场所卫生许可', 'wjj'], ['道路货物运输经营许可', 'jtj'], ['娱乐场所经营许可', 'wlj'],
      ['取水许可', 'swj'], ['劳务派遣经营许可', 'rsj'], ['民办学校办学许可', 'jyj'], ['养老机构备案', 'mzj'], ['林木采伐许可证核发', 'lyj'],
      ['农药经营许可', 'nyj'], ['乡村建设规划许可证', 'zrzy'],
    ];
    for (const [item, org] of cases) expect(code(classify(item, dir)), item).toBe(org);
    // The longest keyword wins: 危险化学品 (安全生产) over nothing shorter; 危险废物经营许可 is environmental.
    expect(code(classify('危险废物经营许可证', dir))).toBe('sthj');
  });

  it('falls back to the directory keywords, then to none', () => {
    const c = classify('网吧新设立审批', dir);
    expect(c).toMatchObject({ by: 'keyword', keyword: '网吧' });
    expect(code(c)).toBe('wlj');
    expect(classify('其他事项', dir)).toEqual({ by: 'none' });
  });
});

describe('CSV', () => {
  it('reads a BOM, CRLF, quoted commas, doubled quotes and line breaks, skipping blank lines', () => {
    const text = '\ufeff文号,审批事项,申请人\r\n"抚审〔2026〕1号","食品经营许可,新办","某""好味""餐馆"\r\n\r\nA2,"多行\n事项",乙\n';
    expect(parseCsv(text)).toEqual({ ok: true, value: [['文号', '审批事项', '申请人'], ['抚审〔2026〕1号', '食品经营许可,新办', '某"好味"餐馆'], ['A2', '多行\n事项', '乙']] });
    expect(parseCsv('a,b\n1,2')).toEqual({ ok: true, value: [['a', 'b'], ['1', '2']] });
    expect(parseCsv('a,"b\n1,2').ok).toBe(false);
    expect(parseCsv('a,b"c"\n').ok).toBe(false);
    expect(parseCsv('"a"b,c').ok).toBe(false);
  });

  it('keys records by header and refuses ragged rows', () => {
    expect(csvRecords(' a ,b\n1,2')).toEqual({ ok: true, value: [{ a: '1', b: '2' }] });
    expect(csvRecords('a,b\n1')).toEqual({ ok: false, reason: '第 2 条记录有 1 列，表头有 2 列。' });
    expect(csvRecords('').ok).toBe(false);
  });
});

describe('approval decisions', () => {
  it('parses the API and CSV names, normalising dates, and refuses what is missing or wrong', () => {
    expect(D.parseDecision({ decisionNo: 'A1', item: '取水许可', applicant: '某厂', decidedOn: '2026/11/3' })).toEqual({
      ok: true, value: { decisionNo: 'A1', item: '取水许可', applicant: '某厂', decidedOn: '2026-11-03', licenceNo: null, validUntil: null },
    });
    expect(D.parseDecision({ 审批决定文号: 'A2', 审批事项: '取水许可', 申请人: '某厂', 决定日期: '2026年11月3日', 有效期至: '2031-11-02', 证照编号: 'Q1' })).toMatchObject({ ok: true, value: { validUntil: '2031-11-02', licenceNo: 'Q1' } });
    expect(D.parseDecision({ item: '取水许可', applicant: '某厂', decidedOn: '2026-11-03' })).toEqual({ ok: false, reason: '缺少审批决定文号。' });
    expect(D.parseDecision({ decisionNo: 'A', item: 'x', applicant: 'y', decidedOn: '2026-02-30' }).ok).toBe(false);
    expect(D.parseDecision({ decisionNo: 'A', item: 'x', applicant: 'y', decidedOn: '2026-02-03', validUntil: '2025-01-01' })).toEqual({ ok: false, reason: '有效期至早于决定日期。' });
    expect(D.parseDecision([]).ok).toBe(false);
  });

  const decision: D.ApprovalDecision = {
    id: 1, approvalNo: 'SP-2026-000001', bureauOrgId: 3, kindCode: 'water', source: 'csv', importedAt: new Date(0),
    decisionNo: 'A1', item: '取水许可', applicant: '某厂', decidedOn: '2026-11-03', licenceNo: null, validUntil: null, state: 'unrouted',
  };

  it('goes routed → acknowledged → supervised; a department may return it with a reason', () => {
    const routed = D.route(decision, 9, new Date(1));
    expect(routed.ok && routed.value.state).toBe('routed');
    if (!routed.ok) return;
    expect(D.route(routed.value, 9, new Date(2)).ok).toBe(false);
    expect(D.giveBack(routed.value, ' ', new Date(2)).ok).toBe(false);
    const back = D.giveBack(routed.value, '不属本部门监管', new Date(2));
    expect(back.ok && back.value.state === 'unrouted' && back.value.returned).toEqual({ orgId: 9, reason: '不属本部门监管', at: new Date(2) });
    const ack = D.acknowledge(routed.value, 5, new Date(3));
    expect(ack.ok && ack.value.state).toBe('acknowledged');
    if (!ack.ok) return;
    expect(D.acknowledge(ack.value, 5, new Date(3)).ok).toBe(false);
    const done = D.reportSupervision(ack.value, '已现场核查', 6, new Date(4));
    expect(done.ok && done.value.state === 'supervised' && [done.value.acknowledgerPersonId, done.value.reporterPersonId]).toEqual([5, 6]);
    if (!done.ok) return;
    expect(D.route(done.value, 10, new Date(5)).ok).toBe(false);
    expect(D.giveBack(done.value, '不属本部门', new Date(5)).ok).toBe(false);
    const direct = D.reportSupervision(routed.value, '已核查', 7, new Date(4));
    expect(direct.ok && direct.value.state === 'supervised' && direct.value.acknowledgerPersonId).toBe(7);
  });

  it('records a refusal to cooperate with its facts', () => {
    expect(D.cooperationRefusal(decision, 9, '短', 1, new Date(0)).ok).toBe(false);
    expect(D.cooperationRefusal(decision, 9, '拒不签收且不派员核查', 1, new Date(0))).toMatchObject({ ok: true, value: { orgId: 9, reportedByOrgId: 3, recordNo: 'SP-2026-000001' } });
  });
});
