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
import { SERIES } from '../../domain/record-no';
import { hasRole } from '../../domain/roles';
import { justiceBureau } from '../duties';
import { type Feature, type Outcome, openFlow, say } from '../feature';
import { optional, record, text, token } from '../router/args';
import { command } from '../router/command';
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

/** 考核自评 (ZP) and 执法人员考核评议 (KP) numbers. */
const ZP = record(SERIES.assessment, SERIES.evaluation);

const drafterOrgs = (t: Turn) => [...new Set(t.actor.grants.filter((g) => (A.DRAFTER_ROLES as readonly string[]).includes(g.role)).map((g) => g.orgId))];
const headOrgs = (t: Turn) => [...new Set(t.actor.grants.filter((g) => g.role === 'head').map((g) => g.orgId))];

export const assessment: Feature = {
  name: 'assessment',
  flows: [selfAssessmentFlow, officerEvaluationFlow],
  duties: ['self-assessment', 'officer-evaluation'],

  intents: { selfassess: (t) => start(t, 'self') },
  commands: [
    command({
      words: ['自评', '考核自评', '年度自评', '填写自评'],
      args: [text({ what: '年度或单位', optional: true })],
      help: (t) => (drafterOrgs(t).length ? '自评 / 考核评议 —— 填写年度考核自评、半年执法人员考核评议（可分次填写）' : null),
      run: (t, [x]) => start(t, 'self', x ?? ''),
    }),
    command({ words: ['考核评议', '执法人员考核评议'], args: [text({ what: '期间或单位', optional: true })], run: (t, [x]) => start(t, 'officers', x ?? '') }),
    command({ words: ['查询'], args: [ZP], inFlow: 'answer', run: (t, [no]) => viewAssessment(t, no) }),
    command({
      words: ['批准'],
      args: [ZP],
      help: (t) => (headOrgs(t).length ? '批准 编号 / 退回 编号 理由 —— 审核本单位的自评、考核评议（ZP-、KP- 编号）' : null),
      run: (t, [no]) => approveAssessment(t, no),
    }),
    command({ words: ['退回'], args: [ZP, text({ what: '退回理由', optional: true })], run: (t, [no, x]) => returnAssessment(t, no, x ?? '') }),
    command({
      words: ['评定'],
      args: [ZP, optional(token({ what: '等次', example: A.GRADES[0]! }))],
      help: (t) => (A.canGrade(t.actor, justiceBureau(t).id) ? `评定 ZP-编号 等次 —— 评定年度考核等次（${A.GRADES.join('、')}），报区政府审定` : null),
      run: (t, [no, grade]) => gradeAssessment(t, no, grade ?? ''),
    }),
    command({
      words: ['审定'],
      args: [ZP, optional(token({ what: '等次', example: A.GRADES[0]! }))],
      help: (t) => (A.canRatify(t.actor, bodies(t).governmentId)
        ? ['审定 ZP-编号 [等次] —— 审定司法局评定的考核等次（可调整），反馈被考核单位并公布', '表彰 ZP-编号 事由 / 通报批评 ZP-编号 事由 —— 根据审定的考核结果表彰奖励（优秀）或通报批评（不合格）']
        : null),
      run: (t, [no, grade]) => ratifyAssessment(t, no, grade ?? ''),
    }),
    command({ words: ['表彰', '表彰奖励'], args: [ZP, text({ what: '事由', optional: true })], run: (t, [no, x]) => distinguishAssessment(t, no, 'commend', x ?? '') }),
    command({ words: ['通报批评'], args: [ZP, text({ what: '事由', optional: true })], run: (t, [no, x]) => distinguishAssessment(t, no, 'criticise', x ?? '') }),
    command({
      words: ['考核结果', '考核结果公布', '依法行政考核结果'],
      args: [text({ what: '年度', example: '2026', optional: true })],
      inFlow: 'answer',
      help: '考核结果 [年度] —— 查看经区政府审定公布的依法行政考核结果和考核自评',
      async run(t, [x]) {
        const year = resultsYear(x ?? '', t.now);
        return year.ok ? resultsText(t, year.value) : year.reason;
      },
    }),
  ],

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
