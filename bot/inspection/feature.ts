/**
 * 网上巡查 (M5): the justice bureau records its quarterly online inspection of the published
 * enforcement information — where it looked and what it found. The record meets the
 * quarter's duty, and the result goes to the 执法协调小组办公室 (the office of the
 * committee the plan reports it to, 区委全面依法治区委员会).
 */
import { localYear } from '../../domain/calendar/calendar';
import { periodOf } from '../../domain/deadlines/periods';
import { ALL_PLATFORMS, INSPECTION_LIMITS, type InspectionFacts, PLATFORMS, canInspect, checkInspection } from '../../domain/inspection';
import { bounded } from '../../domain/guiding-case';
import { ORG } from '../../domain/organisation';
import { SERIES } from '../../domain/record-no';
import { dutyStateText } from '../deadline-text';
import { justiceBureau, meetDuty, tellStaff } from '../duties';
import { type Feature, openFlow, say } from '../feature';
import { type Flow, confirmStep, invalid, next } from '../flow';
import type { Turn } from '../turn';

const CONFIRM = '确认提交';

export const inspectionFlow: Flow<Partial<InspectionFacts>> = {
  name: 'info-inspection',
  help: '正在登记本季度行政执法信息网上巡查（M5）：先写巡查范围，再写巡查结果，核对后提交并通报执法协调小组办公室。发送“返回”修改，“取消”放弃。',
  first: 'scope',
  steps: {
    scope: {
      prompt: (_d, t) => ({
        text: `【网上巡查 1/2】${periodOf(t.now, 'quarter').label}行政执法信息网上巡查。请写明巡查范围（${PLATFORMS.join('、')}中的哪些，或具体网站和栏目）：`,
        options: [ALL_PLATFORMS],
      }),
      answer(text, d) {
        const r = text.trim() === ALL_PLATFORMS ? { ok: true as const, value: ALL_PLATFORMS } : bounded(text, INSPECTION_LIMITS.scope, '巡查范围');
        return r.ok ? next('findings', { ...d, scope: r.value }) : invalid(r.reason);
      },
    },
    findings: {
      prompt: () => ({ text: '【网上巡查 2/2】请填写巡查结果：各单位公示是否及时、完整、准确，发现的问题和整改建议：' }),
      answer(text, d) {
        const r = checkInspection({ scope: d.scope ?? '', findings: text });
        return r.ok ? next('confirm', { ...d, findings: r.value.findings }) : invalid(r.reason);
      },
    },
    confirm: confirmStep(CONFIRM, (d) => `请核对：\n巡查范围：${d.scope}\n巡查结果：${d.findings}`, record),
  },
};

async function record(d: Partial<InspectionFacts>, t: Turn): Promise<string> {
  const sfj = justiceBureau(t);
  if (!canInspect(t.actor, sfj.id)) return '网上巡查由司法局开展（M5）。';
  const facts = checkInspection({ scope: d.scope ?? '', findings: d.findings ?? '' });
  if (!facts.ok) return facts.reason;
  const quarter = periodOf(t.now, 'quarter');
  const recordNo = await t.store.numbers.next(SERIES.onlineInspection, localYear(t.now));
  await t.store.infoReports.createInspection({ ...facts.value, recordNo, quarter: quarter.key, inspectedBy: t.actor.personId, inspectedAt: t.now });
  const duty = await meetDuty(t, 'info-inspection', sfj, quarter);
  const xtb = t.services.directory.byCode(ORG.coordinationOffice);
  if (xtb) {
    await tellStaff(t, xtb.id, ['coordination', 'head'], {
      text: [`【网上巡查结果】${quarter.label}行政执法信息网上巡查（${recordNo}，司法局）`, `巡查范围：${facts.value.scope}`, `巡查结果：${facts.value.findings}`].join('\n'),
    });
  }
  return [`已登记 ${quarter.label}网上巡查 ${recordNo}，巡查结果已通报执法协调小组办公室。`, duty ? dutyStateText(duty) : ''].filter(Boolean).join('\n');
}

export const inspection: Feature = {
  name: 'inspection',
  flows: [inspectionFlow],
  duties: ['info-inspection'],

  help: (t) => (canInspect(t.actor, justiceBureau(t).id) ? ['· 网上巡查 —— 登记本季度行政执法信息网上巡查结果'] : []),

  async command(t, text) {
    if (!/^(网上巡查|信息巡查|巡查登记)$/.test(text)) return null;
    if (!canInspect(t.actor, justiceBureau(t).id)) return say('网上巡查由司法局开展（M5），结果通报各单位。');
    return openFlow(inspectionFlow, {});
  },
};
