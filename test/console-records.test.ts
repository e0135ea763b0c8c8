/**
 * The official documents (文书) from a record's page (issue 16): each made from the record
 * through chat, read back with mammoth — the issuing body, the 文号, the date and the plan's
 * fields; the same access as the page (404 for a body that may not see the record); a 文号
 * of the body's series given once and kept; never the complainant for the accused body.
 */
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { unitOfWork } from '../db/store';
import { NO_LIMITS } from '../domain/limits';
import { Directory } from '../domain/organisation';
import { Person, last, trackingNoIn } from './support/chat';
import { type TestDatabase, testDatabase } from './support/db';
import type { Figure } from '../adapters/web/console/dashboard';
import { sendReport } from './support/duties';
import { WebClient } from './support/http';
import { staffMember } from './support/staff';
import { type WebApp, serveEngine } from './support/web-app';

vi.setConfig({ hookTimeout: 240_000, testTimeout: 240_000 });

let database: TestDatabase;
let web: WebApp;
let directory: Directory;

const NAME = '李四';
const PHONE = '13812345678';
const CODE = /[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}/;
const YEAR = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
const numberIn = (prefix: string, text: string) => {
  const m = text.match(new RegExp(`${prefix}-\\d{4}-\\d{6}`));
  if (!m) throw new Error(text);
  return m[0];
};
const staff = (id: string, org: string, role: string) => staffMember({ engine: web.engine, db: database.db, directory, now: () => new Date() }, id, org, role);

async function signIn(p: Person): Promise<WebClient> {
  const code = (await p.text('控制台')).match(CODE)![0];
  const c = new WebClient(web.url);
  const r = await c.request('/console/api/login', { method: 'POST', headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' }, body: JSON.stringify({ code }) });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return c;
}

/** The document of a record as text, or the HTTP status when there is none. */
async function documentOf(c: WebClient, kind: string, no: string): Promise<string | number> {
  const res = await fetch(`${web.url}/console/ledger/${kind}/${no}/document`, { headers: { cookie: c.cookie! } });
  if (res.status !== 200) return res.status;
  expect(res.headers.get('content-type')).toContain('wordprocessingml');
  return (await mammoth.extractRawText({ buffer: Buffer.from(await res.arrayBuffer()) })).value;
}
const docNoIn = (text: string) => text.match(/文号：(\S+)/)![1]!;

let justice: Person, scjgOfficer: Person, scjgHead: Person, cgjOfficer: Person, office: Person;

beforeAll(async () => {
  database = await testDatabase();
  directory = new Directory(await unitOfWork(database.db).run((s) => s.directory.all()));
  web = await serveEngine({ uow: unitOfWork(database.db), db: () => database.db, dbKind: database.kind, console: true });
  justice = await staff('doc-sfj', '司法局', 'justice');
  scjgOfficer = await staff('doc-scjg-officer', '市场监管局', 'officer');
  scjgHead = await staff('doc-scjg-head', '市场监管局', 'head');
  cgjOfficer = await staff('doc-cgj-officer', '城管局', 'officer');
  office = await staff('doc-xtb', '执法协调小组办公室', '协调办工作人员');
});
afterAll(async () => {
  await web?.close();
  await database?.close();
});

describe('受理告知书', () => {
  it('tells the complainant who accepted it and how to reach them; the accused body downloads it without the complainant; not before acceptance', async () => {
    const citizen = new Person(web.engine, 'doc-citizen');
    for (const t of ['投诉', '超市长期销售过期变质食品，市场监督局执法人员收了超市好处不处理', '骊城街道某超市', '最近一个月']) await citizen.say(t);
    if (!last(await citizen.say('市场监督局执法人员张某')).text.includes('5/5')) await citizen.say('抚宁区市场监督管理局');
    await citizen.say(`${NAME} ${PHONE}`);
    const no = trackingNoIn(await citizen.text('确认提交'));

    const j = await signIn(justice);
    expect(await documentOf(j, 'complaints', no)).toBe(409); // 待受理
    const notYet = await j.request(`/console/ledger/complaints/${no}/document`);
    expect(notYet.body).toContain('尚未受理');
    expect(await justice.text(`受理 ${no}`)).toContain('已受理');
    expect(await justice.text(`协查 ${no}`)).toContain('投诉人身份对其保密');

    const page = await j.request(`/console/ledger/complaints/${no}`);
    expect(page.body).toContain('下载受理告知书（DOCX）');
    const text = (await documentOf(j, 'complaints', no)) as string;
    const bureau = directory.find('司法局')!;
    for (const w of ['抚宁区司法局', '受理告知书', `${NAME}：`, '超市长期销售过期变质食品', '已由抚宁区司法局于', '受理', bureau.phone, no, '抚宁区市场监督管理局协助调查'])
      expect(text, w).toContain(w);
    expect(docNoIn(text)).toBe(`抚司协〔${YEAR}〕1号`);
    expect(text).toMatch(new RegExp(`${YEAR}-\\d{2}-\\d{2}`));

    // The accused body (assisting) may download it, with the complainant kept from it.
    for (const p of [scjgOfficer, scjgHead]) {
      const t = (await documentOf(await signIn(p), 'complaints', no)) as string;
      expect(t).toContain('受理告知书');
      expect(t).not.toContain(NAME);
      expect(t).not.toContain(PHONE);
      expect(t).toContain('（依规定保密）');
      expect(docNoIn(t)).toBe(`抚司协〔${YEAR}〕1号`); // the same document, the same number
    }
    expect(await documentOf(await signIn(cgjOfficer), 'complaints', no)).toBe(404);
  });
});

describe('责令限期移送通知书 and the 文号 series', () => {
  it('names the case, the body it must go to, the limit and the sanction; numbered next in the bureau\'s series, the same on every download', async () => {
    const issue = async (caseRef: string) => {
      for (const t of ['责令移送', '卫健局', caseRef, '公安', '发现涉嫌销售假酒犯罪线索未移送']) await justice.say(t);
      expect(await justice.text('2026-12-28')).toContain('请确认下达');
      return numberIn('ZL', await justice.text('确认下达'));
    };
    const first = await issue('某超市销售假冒白酒案');
    const second = await issue('某酒行销售假冒白酒案');
    const j = await signIn(justice);
    const a = (await documentOf(j, 'orders', first)) as string;
    for (const w of ['抚宁区司法局', '责令限期移送通知书', '抚宁区卫生健康局：', '某超市销售假冒白酒案', directory.find('公安')!.name, '2026-12-28', '发现涉嫌销售假酒犯罪线索未移送', '记过以上的行政处分', first])
      expect(a, w).toContain(w);
    const b = (await documentOf(j, 'orders', second)) as string;
    const n = (t: string) => Number(docNoIn(t).match(/〕(\d+)号/)![1]);
    expect(docNoIn(a)).toMatch(new RegExp(`^抚司协〔${YEAR}〕\\d+号$`));
    expect(n(b)).toBe(n(a) + 1);
    expect(docNoIn((await documentOf(j, 'orders', first)) as string)).toBe(docNoIn(a)); // kept
    expect(docNoIn((await documentOf(await signIn(await staff('doc-wjj-officer', '卫健局', 'officer')), 'orders', first)) as string)).toBe(docNoIn(a));
    expect(await documentOf(await signIn(cgjOfficer), 'orders', first)).toBe(404);
    // Two first downloads at once: one number, the next of the series.
    const third = await issue('某商店销售假冒白酒案');
    const both = (await Promise.all([documentOf(j, 'orders', third), documentOf(j, 'orders', third)])) as string[];
    expect(docNoIn(both[0]!)).toBe(docNoIn(both[1]!));
    expect(n(both[0]!)).toBe(n(b) + 1);
  });
});

describe('涉嫌犯罪案件移送书 and 纪律检查移送函', () => {
  it('a criminal transfer carries its own 文号 and the copies; the referral the parties, the decision, the matters, addressed to 纪委监委', async () => {
    const o = scjgOfficer;
    for (const t of ['立案', '销售假冒注册商标的白酒，货值较大', '《商标法》第五十七条', '12万', '今天', '赵某', '自然人', '中共党员', '抚宁区某局', '科员', '是', '当事人已登记完毕', '属于本单位管辖']) await o.say(t);
    const caseNo = numberIn('AJ', await o.text('确认登记'));
    for (const t of [`移送 ${caseNo}`, '公安', '货值12万元，达到刑事追诉标准', '抚市监移〔2026〕8号', '调查终结报告', '查扣白酒清单', '商标权利人鉴定意见', '无', '无', '秦皇岛市市场监督管理局']) await o.say(t);
    const transferNo = numberIn('YS', await o.text('提交审批'));
    expect(await scjgHead.text(`批准 ${transferNo}`)).toContain('已抄送');
    const c = await signIn(o);
    expect((await c.request(`/console/ledger/transfers/${transferNo}`)).body).toContain('下载涉嫌犯罪案件移送书（DOCX）');
    const letter = (await documentOf(c, 'transfers', transferNo)) as string;
    for (const w of ['涉嫌犯罪案件移送书', '文号：抚市监移〔2026〕8号', '抄送：抚宁区人民检察院、抚宁区司法局']) expect(letter, w).toContain(w);

    const police = await staff('doc-police', '公安', '联络员');
    expect(await police.text(`接收 ${transferNo}`)).toContain('刑事结果');
    expect(await police.text(`刑事结果 ${transferNo} 不予立案`)).toContain('已登记');
    for (const t of [`办结 ${caseNo}`, '作出行政处罚决定', '抚市监罚〔2026〕21号', '没收假冒白酒，罚款30万元', '赵某系国家工作人员，参与销售假冒白酒']) await o.say(t);
    const referralNo = numberIn('JJ', await o.text('确认办结'));
    const r = (await documentOf(c, 'referrals', referralNo)) as string;
    for (const w of ['抚宁区市场监督管理局', '纪律检查移送函', '抚宁区纪委监委：', caseNo, '赵某（中共党员，抚宁区某局科员，国家工作人员）', '行政处罚决定书（抚市监罚〔2026〕21号）',
      '赵某系国家工作人员，参与销售假冒白酒', '经单位负责人签字并加盖公章', referralNo]) expect(r, w).toContain(w);
    expect(docNoIn(r)).toBe(`抚市协〔${YEAR}〕1号`);
    expect(await documentOf(await signIn(cgjOfficer), 'referrals', referralNo)).toBe(404);
  });
});

describe('行政执法监督通知书', () => {
  it('carries the problems, the limit and the 文号 the notice was issued under', async () => {
    for (const t of ['监督检查', '专项监督', '1 3 8', '城管局', '11月24日至25日抽查行政处罚案卷30卷']) await justice.say(t);
    const jc = numberIn('JC', await justice.text('确认'));
    for (const t of [`通知书 ${jc}`, '城管局', '部分案卷缺少法制审核意见，处罚决定书未载明救济途径']) await justice.say(t);
    expect(await justice.text('2026-12-28')).toContain('确认下发');
    const jd = numberIn('JD', await justice.text('确认'));
    const t = (await documentOf(await signIn(cgjOfficer), 'notices', jd)) as string;
    for (const w of ['抚宁区司法局', '行政执法监督通知书', '抚宁区城市管理综合行政执法局：', jc, '部分案卷缺少法制审核意见', '2026-12-28', '整改情况书面报告', jd]) expect(t, w).toContain(w);
    expect(docNoIn(t)).toBe(`抚司执监〔${jd.slice(3, 7)}〕${Number(jd.slice(-6))}号`);
    expect(await documentOf(await signIn(scjgOfficer), 'notices', jd)).toBe(404);
  });
});

describe('争议协调意见书', () => {
  it('after the opinion: the parties, the facts, the negotiation and the opinion; before it, 409', async () => {
    for (const t of ['争议协调', '职责', '城管局', '占道经营的流动摊贩由谁查处，双方均认为不属于本部门职责', '11月20日两局分管领导召开协调会，未能就职责划分达成一致']) await scjgOfficer.say(t);
    const no = numberIn('ZY', await scjgOfficer.text('确认提交'));
    const j = await signIn(justice);
    expect(await justice.text(`受理 ${no}`)).toContain('已受理');
    expect(await documentOf(j, 'disputes', no)).toBe(409);
    await justice.say(`出具意见 ${no}`);
    await justice.say('占道经营的流动摊贩由城管局依法查处，市场监管局配合提供经营主体信息');
    expect(await justice.text('确认')).toContain('已出具');
    const t = (await documentOf(await signIn(cgjOfficer), 'disputes', no)) as string;
    for (const w of ['抚宁区司法局', '争议协调意见书', '抚宁区市场监督管理局、抚宁区城市管理综合行政执法局：', '占道经营的流动摊贩由谁查处', '11月20日两局分管领导召开协调会',
      '协调意见：占道经营的流动摊贩由城管局依法查处', no]) expect(t, w).toContain(w);
    expect(docNoIn(t)).toMatch(new RegExp(`^抚司协〔${YEAR}〕\\d+号$`));
    expect(await documentOf(await signIn(scjgHead), 'disputes', no)).not.toBe(404);
  });
});

describe('会议纪要', () => {
  it('the meeting, its members, the minutes and the decided items, from the convening office', async () => {
    expect(await office.text('补录会议')).toContain('会议类别');
    for (const t of ['定期会议', `${YEAR}年度行政执法协调监督联席会议`, `${YEAR}-11-20 09:30`, '区委三楼会议室']) await office.say(t);
    await office.text('通报本年度执法协调监督情况，议定开展渣土车专项整治');
    const no = numberIn('HY', await office.text('确认'));
    await office.say(`议定事项 ${no}`);
    await office.say('城管局');
    await office.say('牵头开展渣土车专项整治');
    expect(await office.text('2026-12-28')).toContain('请确认议定事项');
    numberIn('YD', await office.text('确认登记'));
    const t = (await documentOf(await signIn(cgjOfficer), 'meetings', no)) as string;
    for (const w of ['抚宁区委全面依法治区委员会执法协调小组办公室', '会议纪要', '各成员单位：', '区委三楼会议室', '抚宁区城市管理综合行政执法局', '通报本年度执法协调监督情况',
      '牵头开展渣土车专项整治（承办：抚宁区城市管理综合行政执法局；期限：2026-12-28）', no]) expect(t, w).toContain(w);
    expect(docNoIn(t)).toMatch(new RegExp(`^抚全协〔${YEAR}〕1号$`));
  });
});

describe('the dashboard: on time, duties met per unit, dispute and transfer flow', () => {
  it("each chart's numbers equal its ledger's count (each series its own where a chart joins several)", async () => {
    // Two information reports this month meet the unit's 信息报送 duty.
    const liaison = await staff('doc-scjg-liaison', '市场监管局', 'liaison');
    await sendReport(liaison, '市场监管局开展电动自行车质量专项检查');
    await sendReport(liaison, '市场监管局开展节前食品安全专项检查');
    const j = await signIn(justice);
    const page = await j.request('/console/dashboard');
    expect(page.status).toBe(200);
    const figures = [...page.body.matchAll(/data-figure="([^"]*)"/g)].map((m) => JSON.parse(unescapeHtml(m[1]!)) as Figure);
    const ids = figures.map((f) => f.id);
    for (const id of ['accept-on-time', 'resolve-on-time', 'duties-by-unit', 'dispute-flow', 'transfer-flow']) expect(ids).toContain(id);
    const ledgerTotal = async (path: string) => Number((await j.request(path)).body.match(/共 <strong id="total">(\d+)<\/strong> 条/)![1]);
    const sum = (ns: number[]) => ns.reduce((p, n) => p + n, 0);
    for (const f of figures) {
      if (f.series.some((s) => s.ledger)) for (const s of f.series) expect(sum(s.data), `${f.id} ${s.name}`).toBe(await ledgerTotal(s.ledger!));
      else expect(sum(f.series.map((s) => sum(s.data))), f.id).toBe(await ledgerTotal(f.ledger));
    }
    const fig = (id: string) => figures.find((f) => f.id === id)!;
    const cell = (f: Figure, category: string, series: string) => f.series.find((s) => s.name === series)?.data[f.categories.indexOf(category)] ?? 0;
    expect(cell(fig('accept-on-time'), '抚宁区司法局', '按期完成')).toBe(1); // the complaint accepted at once
    expect(cell(fig('duties-by-unit'), '抚宁区市场监督管理局', '执法信息报送')).toBe(1);
    const dispute = fig('dispute-flow');
    expect(dispute.series.map((s) => s.name)).toEqual(['职责争议']);
    expect(dispute.categories.join()).toContain('协调意见');
    expect(sum(dispute.series[0]!.data)).toBe(1);
    const transfers = fig('transfer-flow');
    expect(transfers.series.map((s) => s.name)).toEqual(['涉嫌犯罪移送公安机关']); // the bureau has its copy
    expect(sum(transfers.series[0]!.data)).toBe(1);
  });
});

const unescapeHtml = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

describe('limits on ledger pages, documents and exports', () => {
  it("take from the chat's own per-person and per-address rules: 429 with Retry-After past either, for the console and the ledger API", async () => {
    const limited = await serveEngine({
      uow: unitOfWork(database.db), db: () => database.db, dbKind: database.kind, console: true,
      limits: { ...NO_LIMITS, chat: { points: 3, seconds: 600 }, chatPerIp: { points: 8, seconds: 600 } },
    });
    try {
      const signInThere = async (p: Person) => {
        const code = (await p.text('控制台')).match(CODE)![0];
        const c = new WebClient(limited.url);
        expect((await c.request('/console/api/login', { method: 'POST', headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' }, body: JSON.stringify({ code }) })).status).toBe(200);
        return c;
      };
      const get = (c: WebClient, path: string) => fetch(`${limited.url}${path}`, { headers: { cookie: c.cookie! } });
      const a = await signInThere(justice);
      for (const path of ['/console/ledger/complaints', '/console/ledger/complaints?format=csv', '/console/dashboard']) expect((await get(a, path)).status, path).toBe(200);
      const refused = await get(a, '/console/ledger/complaints?format=xlsx');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await refused.text()).toContain('请求过于频繁');
      // The person's limit holds on the ledger API too.
      const token = (await justice.text('接口令牌')).match(/xt_[A-Za-z0-9_-]{43}/)![0];
      const api = await fetch(`${limited.url}/api/ledger/complaints?format=csv`, { headers: { authorization: `Bearer ${token}` } });
      expect(api.status).toBe(429);
      expect((await api.json()).error).toContain('请求过于频繁');
      // Another person from the same address: their own three, then the address is spent (8 in all).
      const b = await signInThere(scjgOfficer);
      for (let i = 0; i < 3; i++) expect((await get(b, '/console/ledger/complaints')).status).toBe(200);
      expect((await get(b, '/console/ledger/complaints')).status).toBe(429);
      const c = await signInThere(cgjOfficer);
      expect((await get(c, '/console/ledger/complaints')).status).toBe(429); // the address's eighth was taken
    } finally {
      await limited.close();
    }
  });
});
