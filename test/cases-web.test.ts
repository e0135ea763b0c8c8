/**
 * A township's case transferred to a district department through the web API, as
 * officers do it in the browser: register, confirm evidence, draft the transfer with its
 * materials, the head approves, the receiver accepts. The clock shown honours the
 * official holidays and make-up workdays; /api/deadlines/compute answers the same.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { numberIn } from './support/chat';
import { WebClient } from './support/http';
import { type TestServer, startTestServer } from './support/server';

let t: TestServer;
let server: TestServer['server'];

beforeAll(async () => {
  t = await startTestServer('cases-web');
  server = t.server;
});
afterAll(async () => t?.close());

async function staff(org: string, role: string): Promise<WebClient> {
  const c = new WebClient(server.url);
  expect(await c.say(`绑定 ${await t.invite(org, role)}`)).toContain('绑定成功');
  return c;
}

describe('a township → district transfer through the web API', () => {
  it('is registered, confirmed, drafted, approved by the head and accepted by the department', async () => {
    const officer = await staff('台营镇', '执法人员');
    const head = await staff('台营镇', '负责人');
    const receiver = await staff('市场监管局', '执法人员');

    // 立案: found on Friday 24 January 2025, before the Spring Festival (28 Jan – 4 Feb, make-up Sunday 26 Jan).
    expect(await officer.say('立案')).toContain('1/7');
    await officer.say('某食品作坊无证生产销售散装白酒');
    await officer.say('《食品安全法》第三十五条、第一百二十二条');
    await officer.say('3.5万');
    expect(await officer.say('2025-01-24 10:00')).toContain('姓名或名称');
    await officer.say('王某');
    await officer.say('自然人');
    await officer.say('群众');
    await officer.say('无');
    await officer.say('无');
    expect(await officer.say('否')).toContain('已登记当事人 1 名');
    // Found to be the regulator's at 立案: the 3-working-day clock runs from the discovery.
    expect(await officer.say('当事人已登记完毕')).toContain('是否属于本单位管辖');
    expect(await officer.say('市场监管局')).toContain('情况是否紧急');
    const summary = await officer.say('否');
    expect(summary).toContain('涉案金额：35,000 元');
    expect(summary).toContain('管辖：属抚宁区市场监督管理局管辖，应移送');
    const registered = await officer.say('确认登记');
    const caseNo = numberIn('AJ', registered);
    expect(registered).toContain('2025年2月5日 23:59');

    // 证据: a copy with every confirmation.
    await officer.say(`证据 ${caseNo}`);
    await officer.say('复制件');
    await officer.say('营业场所租赁合同复印件');
    for (let i = 0; i < 3; i++) expect(await officer.say('已确认')).toContain('复制件 确认');
    expect(await officer.say('已确认')).toContain('各项均已确认');

    // 移送: to the market regulator, with the materials; the facts statement is required.
    expect(await officer.say(`移送 ${caseNo}`)).toContain('移送给哪个单位');
    expect(await officer.say('市场监管局')).toContain('乡镇与区职能部门之间移送');
    await officer.say('涉及的法律法规不属本单位执法权限');
    // The urgency recorded at 立案 stands: not asked again.
    expect(await officer.say('无证生产食品属市场监管部门查处，乡镇未获划转')).toContain('案件移送书');
    await officer.say('台营移〔2025〕1号');
    await officer.say('关于王某无证生产白酒的调查报告');
    await officer.say('散装白酒40斤清单');
    await officer.say('无');
    expect(await officer.say('无')).toContain('基本违法事实的书面材料');
    expect(await officer.say('无')).toContain('必备材料'); // cannot be declared absent
    await officer.say('基本违法事实说明一份');
    const check = await officer.say('无');
    expect(check).toContain('请核对移送内容');
    expect(check).toContain('移送单位：台营镇人民政府');
    const submitted = await officer.say('提交审批');
    const transferNo = numberIn('YS', submitted);
    // 3 working days from Fri 24 Jan 2025: Sun 26 (make-up), Mon 27, then Wed 5 Feb after the holiday.
    expect(submitted).toContain('2025年2月5日 23:59');
    expect(submitted).toContain('已提请本单位负责人审批');

    // The receiver sees nothing before approval; a non-head cannot approve.
    expect(await receiver.say(`接收 ${transferNo}`)).toContain('未找到');
    expect(await officer.say(`批准 ${transferNo}`)).toContain('负责人审批');

    const approval = (await head.inbox()).map((r) => r.text).join('\n');
    expect(approval).toContain('【移送审批】');
    expect(approval).toContain('基本违法事实的书面材料：基本违法事实说明一份');
    expect(await head.say(`批准 ${transferNo}`)).toContain('以台营镇人民政府名义移送 抚宁区市场监督管理局');

    const incoming = (await receiver.inbox()).map((r) => r.text).join('\n');
    expect(incoming).toContain(`【案件移送】台营镇人民政府向贵单位移送案件`);
    expect(await receiver.say(`接收 ${transferNo}`)).toContain(`案件 ${caseNo} 现由贵单位办理`);
    expect((await officer.inbox()).map((r) => r.text).join('\n')).toContain('已接收移送');

    const status = await receiver.say(`查询 ${caseNo}`);
    expect(status).toContain('办案单位：抚宁区市场监督管理局');
    expect(status).toContain('办理中');
    expect(await receiver.say(`查询 ${transferNo}`)).toContain('已接收');
    expect(await head.say(`查询 ${transferNo}`)).toContain('已接收');
  });
});

describe('checking a clock', () => {
  const compute = (q: string) => new WebClient(server.url).request(`/api/deadlines/compute?${q}`);

  it.each([
    ['township-transfer', '2024-09-27', '2024-10-08T23:59:59+08:00'], // National Day 2024, make-up Sunday 29 Sep
    ['township-transfer', '2024-02-08', '2024-02-19T23:59:59+08:00'], // Spring Festival 2024, make-up Sunday 18 Feb
    ['township-transfer', '2025-01-24', '2025-02-05T23:59:59+08:00'], // Spring Festival 2025, make-up Sunday 26 Jan
    ['township-transfer', '2025-09-30', '2025-10-11T23:59:59+08:00'], // National Day 2025, make-up Saturday 11 Oct
    ['discipline-referral', '2025-01-24', '2025-02-13T23:59:59+08:00'],
    ['urgent-transfer', '2025-01-27T15:30:00+08:00', '2025-01-28T15:30:00+08:00'], // 24 hours, holidays included
    ['urgent-transfer', '2025-01-27T07:30:00Z', '2025-01-28T15:30:00+08:00'],
  ])('%s from %s is due %s', async (rule, from, due) => {
    const r = await compute(`rule=${rule}&from=${encodeURIComponent(from)}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ due, provisional: false });
  });

  it('marks a clock over a year without a published schedule provisional', async () => {
    const r = await compute('rule=township-transfer&from=2027-09-30');
    expect(r.status).toBe(200);
    expect(r.body.provisional).toBe(true);
  });

  it('refuses an unknown rule or a malformed date with a reason', async () => {
    const bad = await compute('rule=nonsense&from=2024-09-27');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('rule');
    const date = await compute('rule=township-transfer&from=2024-02-30');
    expect(date.status).toBe(400);
    expect(date.body.error).toContain('from');
  });

  it('answers 期限 in chat for staff, the same as the API', async () => {
    const s = await staff('司法局', '司法局工作人员');
    const text = await s.say('期限 乡镇移送 2024-09-27');
    expect(text).toContain('2024年10月8日 23:59');
    expect(text).toContain('3个工作日');
    expect(await new WebClient(server.url).say('期限 乡镇移送 2024-09-27')).toContain('工作人员');
  });
});
