/**
 * 考核评价 (M9): 自评 (a department's or township's year-end self-assessment) and 考核评议 (a
 * unit's half-yearly officer evaluation) — drafted over several sittings, approved by the
 * head (批准 / 退回), filed with the justice bureau (and, a self-assessment, reported to the
 * district government and public), which grades the self-assessment (评定); the district
 * government approves the grade (审定) — then the unit is told and it is published — and
 * records 表彰 / 通报批评. Filing meets the period's duty. 考核结果 is for anyone.
 */
import * as A from '../../domain/assessment';
import { type AssessmentKind, DIMENSIONS } from '../../domain/assessment';
import { hasRole } from '../../domain/roles';
import { justiceBureau } from '../duties';
import { type Feature, type Outcome, openFlow, say } from '../feature';
import type { Turn } from '../turn';
import {
  NUMBER, approveAssessment, bodies, reopenWord, gradeAssessment, parseAssessmentNo, returnAssessment, startAssessment, viewAssessment, whereItStands,
} from './actions';
import { officerEvaluationFlow, selfAssessmentFlow } from './flows';
import { periodLabel, titleOf } from './render';
import { distinguishAssessment, ratifyAssessment, resultsText, resultsYear } from './results';

async function start(t: Turn, kind: AssessmentKind, args = ''): Promise<Outcome> {
  const r = await startAssessment(t, kind, args);
  if (!r.ok) return say(r.reason);
  const a = r.value;
  if (a.status !== 'draft') return say(whereItStands(a, t.services.directory), [`查询 ${a.recordNo}`]);
  const flow = kind === 'self' ? selfAssessmentFlow : officerEvaluationFlow;
  return openFlow(flow, { recordNo: a.recordNo });
}

const re = (word: string, tail = '') => new RegExp(`^${word}\\s*${NUMBER}${tail}$`, 'is');

const drafterOrgs = (t: Turn) => [...new Set(t.actor.grants.filter((g) => (A.DRAFTER_ROLES as readonly string[]).includes(g.role)).map((g) => g.orgId))];
const headOrgs = (t: Turn) => [...new Set(t.actor.grants.filter((g) => g.role === 'head').map((g) => g.orgId))];

export const assessment: Feature = {
  name: 'assessment',
  flows: [selfAssessmentFlow, officerEvaluationFlow],
  duties: ['self-assessment', 'officer-evaluation'],

  help(t) {
    const lines: string[] = [];
    if (drafterOrgs(t).length) lines.push('· 自评 / 考核评议 —— 填写年度考核自评、半年执法人员考核评议（可分次填写）');
    if (headOrgs(t).length) lines.push('· 批准 编号 / 退回 编号 理由 —— 审核本单位的自评、考核评议（ZP-、KP- 编号）');
    if (A.canGrade(t.actor, justiceBureau(t).id)) lines.push(`· 评定 ZP-编号 等次 —— 评定年度考核等次（${A.GRADES.join('、')}），报区政府审定`);
    if (A.canRatify(t.actor, bodies(t).governmentId)) {
      lines.push('· 审定 ZP-编号 [等次] —— 审定司法局评定的考核等次（可调整），反馈被考核单位并公布');
      lines.push('· 表彰 ZP-编号 事由 / 通报批评 ZP-编号 事由 —— 根据审定的考核结果表彰奖励（优秀）或通报批评（不合格）');
    }
    lines.push('· 考核结果 [年度] —— 查看经区政府审定公布的依法行政考核结果和考核自评');
    return lines;
  },

  intents: { selfassess: (t) => start(t, 'self') },

  async command(t, text) {
    let m: RegExpMatchArray | null;
    if ((m = text.match(/^(?:自评|考核自评|年度自评|填写自评)(?:\s+(.*))?$/s))) return start(t, 'self', m[1] ?? '');
    if ((m = text.match(/^(?:考核评议|执法人员考核评议)(?:\s+(.*))?$/s))) return start(t, 'officers', m[1] ?? '');
    if ((m = text.match(re('查询')))) return say(await viewAssessment(t, parseAssessmentNo(m[1]!)!));
    if ((m = text.match(re('批准')))) {
      const r = await approveAssessment(t, parseAssessmentNo(m[1]!)!);
      return say(r.ok ? r.value : r.reason);
    }
    if ((m = text.match(re('退回', String.raw`\s*(.*)`)))) {
      const r = await returnAssessment(t, parseAssessmentNo(m[1]!)!, m[2] ?? '');
      return say(r.ok ? r.value : r.reason);
    }
    if ((m = text.match(re('评定', String.raw`\s*(\S*)\s*`)))) {
      const r = await gradeAssessment(t, parseAssessmentNo(m[1]!)!, m[2] ?? '');
      return say(r.ok ? r.value : r.reason);
    }
    if ((m = text.match(re('审定', String.raw`\s*(\S*)\s*`)))) {
      const r = await ratifyAssessment(t, parseAssessmentNo(m[1]!)!, m[2] ?? '');
      return say(r.ok ? r.value : r.reason);
    }
    if ((m = text.match(re('(表彰奖励|表彰|通报批评)', String.raw`\s*(.*)`)))) {
      const r = await distinguishAssessment(t, parseAssessmentNo(m[2]!)!, m[1] === '通报批评' ? 'criticise' : 'commend', m[3] ?? '');
      return say(r.ok ? r.value : r.reason);
    }
    if ((m = text.match(/^(?:考核结果|考核结果公布|依法行政考核结果)(?:\s+(.*))?$/s))) {
      const year = resultsYear(m[1] ?? '', t.now);
      return say(year.ok ? await resultsText(t, year.value) : year.reason);
    }
    return null;
  },

  async todo(t) {
    const dir = t.services.directory;
    const lines: string[] = [];
    const options: string[] = [];
    for (const a of await t.store.assessments.list(drafterOrgs(t), ['draft'], 10)) {
      const left = A.missing(a);
      const progress = a.kind === 'self' ? `已填 ${DIMENSIONS.length - left.length}/${DIMENSIONS.length} 项` : `已评议 ${a.items.length} 人`;
      lines.push(`· ${titleOf(a, dir)}：填写中（${progress}）${a.returned ? `，负责人退回：${a.returned.reason}` : ''}`);
      options.push(reopenWord(a));
    }
    for (const a of await t.store.assessments.list(headOrgs(t), ['submitted'], 10)) {
      lines.push(`· 待审核：${titleOf(a, dir)}`);
      options.push(`批准 ${a.recordNo}`);
    }
    if (hasRole(t.actor, justiceBureau(t).id, ['justice', 'head'])) {
      for (const a of await t.store.assessments.list(undefined, ['filed'], 20)) {
        if (a.kind !== 'self') continue;
        lines.push(`· 待评定等次：${dir.name(a.orgId)} ${periodLabel(a)}考核自评 ${a.recordNo}`);
        options.push(`查询 ${a.recordNo}`);
      }
    }
    if (A.canRatify(t.actor, bodies(t).governmentId)) {
      for (const a of await t.store.assessments.list(undefined, ['graded'], 30)) {
        if (a.status !== 'graded') continue;
        lines.push(`· 待审定：${dir.name(a.orgId)} ${periodLabel(a)}考核等次（司法局评定：${a.grade}）${a.recordNo}`);
        options.push(`审定 ${a.recordNo}`);
      }
    }
    return lines.length ? { lines: ['考核评价：', ...lines], options: [...new Set(options)] } : null;
  },
};
