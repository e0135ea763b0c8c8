/**
 * 网上巡查 (M5): the justice bureau records its quarterly online inspection of what the
 * bodies publish under the 行政执法公示 system — where it looked and what it found. The
 * record meets the quarter's duty and goes to the 执法协调小组办公室, which puts it to the
 * committee (区委全面依法治区委员会) and records the deliberation with 审议 XC-…; that
 * circulates the result, with the committee's opinion, to every unit (通报全区).
 */
import { localYear } from '../../domain/calendar/calendar';
import { periodOf } from '../../domain/deadlines/periods';
import {
  ALL_PLATFORMS, INSPECTION_LIMITS, type Inspection, type InspectionFacts, PLATFORMS, canInspect, canReview, checkInspection, review,
} from '../../domain/inspection';
import { bounded } from '../../domain/guiding-case';
import { ORG } from '../../domain/organisation';
import { SERIES } from '../../domain/record-no';
import { type Result, fail, ok } from '../../domain/result';
import { dutyStateText } from '../deadline-text';
import { justiceBureau, meetDuty, tellStaff } from '../duties';
import { type Feature, openFlow, say } from '../feature';
import { type Flow, invalid, next } from '../flow';
import { confirmStep } from '../steps';
import { notifyStaffOf } from '../staff';
import { record as recordNo, text } from '../router/args';
import { command } from '../router/command';
import type { Turn } from '../turn';

const CONFIRM = '确认提交';
const WHAT = '行政执法公示网上巡查';
const BUREAU_ONLY = `${WHAT}由司法局开展，巡查结果经区委全面依法治区委员会审议后通报全区。`;
const OFFICE_ONLY = '网上巡查结果由执法协调小组办公室提交区委全面依法治区委员会审议，并登记审议意见、通报全区。';

export const inspectionFlow: Flow<Partial<InspectionFacts>, 'scope' | 'findings' | 'confirm'> = {
  name: 'info-inspection',
  title: '网上巡查',
  help: `正在登记本季度${WHAT}：先写巡查范围，再写巡查结果，核对后提交执法协调小组办公室报委员会审议。发送“返回”修改，“取消”放弃。`,
  first: 'scope',
  steps: {
    scope: {
      prompt: (_d, t) => ({
        text: `【网上巡查 1/2】${periodOf(t.now, 'quarter').label}${WHAT}。请写明巡查范围（${PLATFORMS.join('、')}中的哪些，或具体网站和栏目）：`,
        options: [ALL_PLATFORMS],
      }),
      answer(text, d) {
        const r = text.trim() === ALL_PLATFORMS ? { ok: true as const, value: ALL_PLATFORMS } : bounded(text, INSPECTION_LIMITS.scope, '巡查范围');
        return r.ok ? next('findings', { ...d, scope: r.value }) : invalid(r.reason);
      },
    },
    findings: {
      prompt: () => ({ text: '【网上巡查 2/2】请填写巡查结果：各单位行政执法公示是否及时、完整、准确，发现的问题和整改建议：' }),
      answer(text, d) {
        const r = checkInspection({ scope: d.scope ?? '', findings: text });
        return r.ok ? next('confirm', { ...d, findings: r.value.findings }) : invalid(r.reason);
      },
    },
    confirm: confirmStep(CONFIRM, (d) => `请核对：\n巡查范围：${d.scope}\n巡查结果：${d.findings}`, record),
  },
};

const resultLines = (i: Pick<Inspection, 'recordNo' | 'scope' | 'findings'>, quarterLabel: string) => [
  `${quarterLabel}${WHAT}（${i.recordNo}，司法局）`, `巡查范围：${i.scope}`, `巡查结果：${i.findings}`,
];

async function record(d: Partial<InspectionFacts>, t: Turn): Promise<string> {
  const sfj = justiceBureau(t);
  if (!canInspect(t.actor, sfj.id)) return BUREAU_ONLY;
  const facts = checkInspection({ scope: d.scope ?? '', findings: d.findings ?? '' });
  if (!facts.ok) return facts.reason;
  const quarter = periodOf(t.now, 'quarter');
  const recordNo = await t.store.numbers.next(SERIES.onlineInspection, localYear(t.now));
  const i = await t.store.onlineInspections.create({ ...facts.value, recordNo, quarter: quarter.key, inspectedBy: t.actor.personId, inspectedAt: t.now });
  const duty = await meetDuty(t, 'info-inspection', sfj, quarter);
  const xtb = t.services.directory.byCode(ORG.coordinationOffice);
  if (xtb) {
    await tellStaff(t, xtb.id, ['coordination', 'head'], {
      text: [`【网上巡查结果】${resultLines(i, quarter.label).join('\n')}`, `请提交委员会审议，审议后发送“审议 ${recordNo} 审议意见”登记，结果即通报全区。`].join('\n'),
      options: [`审议 ${recordNo}`],
    });
  }
  return [`已登记 ${quarter.label}网上巡查 ${recordNo}，巡查结果已送执法协调小组办公室，报区委全面依法治区委员会审议后通报全区。`, duty ? dutyStateText(duty) : ''].filter(Boolean).join('\n');
}

/** 审议 XC-…: the office records the committee's deliberation and circulates the result to every unit. */
async function recordReview(t: Turn, no: string, opinion: string | undefined): Promise<Result<string>> {
  const dir = t.services.directory;
  const office = dir.byCode(ORG.coordinationOffice);
  if (!office || !canReview(t.actor, office.id)) return fail(OFFICE_ONLY);
  const i = await t.store.onlineInspections.byNo(no);
  if (!i) return fail(`未找到网上巡查 ${no}。`);
  if (!opinion?.trim()) return fail(`请写明委员会审议意见：审议 ${no} 审议意见`);
  const next = review(i, opinion, t.actor.personId, t.now);
  if (!next.ok) return next;
  if (!(await t.store.onlineInspections.saveReview(next.value))) return fail(`网上巡查 ${no} 已经审议并通报全区。`);
  const label = periodOf(i.inspectedAt, 'quarter').label;
  const units = dir.all.filter((o) => o.kind === 'department' || o.kind === 'township').map((o) => o.id);
  const text = [`【网上巡查通报】${resultLines(i, label).join('\n')}`, `审议意见：${next.value.review!.opinion}`, '请各单位对照问题及时更新行政执法公示信息。'].join('\n');
  const told = await notifyStaffOf(t, units, ['head', 'liaison'], { text }, [t.actor.personId]);
  await notifyStaffOf(t, [justiceBureau(t).id], ['justice', 'head'], { text: `【网上巡查】${no} 已经委员会审议并通报全区。\n审议意见：${next.value.review!.opinion}` }, [t.actor.personId, ...told]);
  return ok(`已登记网上巡查 ${no} 的委员会审议意见，并已通报全区：送达各部门、乡镇（街道）负责人和联络员 ${told.length} 人。`);
}

export const inspection: Feature = {
  name: 'inspection',
  flows: [inspectionFlow],
  duties: ['info-inspection'],

  commands: [
    command({
      words: ['网上巡查', '信息巡查', '巡查登记', '公示巡查'],
      who: (t) => canInspect(t.actor, justiceBureau(t).id),
      denied: BUREAU_ONLY,
      help: `网上巡查 —— 登记本季度${WHAT}结果，报委员会审议`,
      run: () => openFlow(inspectionFlow, {}),
    }),
    command({
      words: ['审议', '审议通过'],
      args: [recordNo(SERIES.onlineInspection), text({ what: '审议意见', optional: true })],
      help: (t) => {
        const office = t.services.directory.byCode(ORG.coordinationOffice);
        return office && canReview(t.actor, office.id) ? '审议 XC-编号 审议意见 —— 登记委员会对网上巡查结果的审议意见，并通报全区' : null;
      },
      run: (t, [no, x]) => recordReview(t, no, x),
    }),
  ],
};
