/** Chat scripts for the submissions that meet periodic duties, as staff would type them. */
import { expect } from 'vitest';
import type { Person } from './chat';

export async function sendReport(p: Person, title = '开展节前食品安全专项检查'): Promise<string> {
  await p.say('信息报送');
  await p.say(title);
  await p.say('执法人员检查商超和餐饮单位12家，发现问题3处，均已责令当场整改。');
  const r = await p.text('确认报送');
  expect(r).toContain('已报送执法信息');
  return r;
}

export async function submitGuidingCase(p: Person, title = '某超市销售过期食品行政处罚案'): Promise<string> {
  await p.say('报送案例');
  await p.say('行政处罚');
  await p.say(title);
  await p.say('当事人销售超过保质期的食品，依据食品安全法没收违法所得并处罚款，当事人履行完毕。');
  await p.say('社会普遍关注');
  const r = await p.text('确认报送');
  expect(r).toContain('已报送指导案例');
  return r;
}

export async function inspect(p: Person): Promise<string> {
  await p.say('网上巡查');
  await p.say('全部公示平台');
  await p.say('各部门行政处罚、行政许可信息均已按时公示，个别部门栏目链接失效，已通知整改。');
  const r = await p.text('确认提交');
  expect(r).toContain('网上巡查');
  return r;
}

/** A whole self-assessment in one sitting, approved by the head; the approval's reply. */
export async function selfAssess(liaison: Person, head: Person): Promise<string> {
  const no = (await liaison.text('自评')).match(/ZP-\d{4}-\d{6}/)![0];
  await liaison.say('继续填写');
  for (let i = 0; i < 6; i++) {
    await liaison.say(String(80 + i));
    await liaison.say('依据本年度工作台账、案卷评查和统计数据');
  }
  expect(await liaison.text('提交审核')).toContain('已提交');
  return head.text(`批准 ${no}`);
}

/** An officer evaluation of one officer, approved by the head; the approval's reply. */
export async function evaluateOfficers(liaison: Person, head: Person): Promise<string> {
  const no = (await liaison.text('考核评议')).match(/KP-\d{4}-\d{6}/)![0];
  await liaison.say('张三');
  await liaison.say('优秀');
  await liaison.say('办案数量多，案卷评查全部优良');
  await liaison.say('完成');
  expect(await liaison.text('提交审核')).toContain('已提交');
  return head.text(`批准 ${no}`);
}
