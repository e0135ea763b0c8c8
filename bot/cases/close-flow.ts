/**
 * 办结 案件编号: the outcome, the penalty decision's number, and — a penalty against a party
 * member or state employee — the suspected disciplinary matter for the referral (M10).
 */
import { MAX_CASE_TEXT, OUTCOME_LABEL } from '../../domain/cases/case';
import { checkMatters } from '../../domain/cases/referral';
import { type Flow, boundedText, done, invalid, isConfirm, next, needs } from '../flow';
import { closeCase } from './actions';

export interface CloseDraft {
  caseNo: string;
  kind?: 'penalty' | 'no-penalty';
  decisionNo?: string;
  summary?: string;
  /** A party is a party member or state employee: a penalty opens the referral (M10). */
  discipline?: boolean;
  /** 涉嫌违纪问题及线索 */
  matters?: string;
}

const PENALTY = OUTCOME_LABEL.penalty;
const NO_PENALTY = OUTCOME_LABEL['no-penalty'];
const CONFIRM = '确认办结';

export const closeFlow: Flow<CloseDraft, 'kind' | 'decision' | 'summary' | 'matters' | 'confirm'> = {
  name: 'case-close',
  title: '案件办结',
  help: '正在登记案件办结：选择处理结果，作出处罚的填写决定书文号。发送“返回”修改上一项，“取消”放弃。',
  first: 'kind',
  steps: {
    kind: {
      prompt: (d) => ({ text: `【案件办结】${d.caseNo}：处理结果是？`, options: [PENALTY, NO_PENALTY] }),
      answer(text, d) {
        const a = text.trim();
        if (a === PENALTY) return next('decision', { ...d, kind: 'penalty' as const });
        if (a === NO_PENALTY) return next('summary', { ...d, kind: 'no-penalty' as const });
        return invalid('请从选项中选择处理结果。');
      },
    },
    decision: {
      prompt: () => ({ text: '请填写行政处罚决定书文号：' }),
      answer(text, d) {
        const v = boundedText(text, 2, MAX_CASE_TEXT.decisionNo, '决定书文号');
        return v.ok ? next('summary', { ...d, decisionNo: v.value }) : invalid(v.reason);
      },
    },
    summary: {
      prompt: () => ({ text: '请简述处理结果（如：罚款5000元，责令改正）：' }),
      answer(text, d) {
        const v = boundedText(text, 4, MAX_CASE_TEXT.outcome, '处理结果');
        if (!v.ok) return invalid(v.reason);
        return d.kind === 'penalty' && d.discipline ? next('matters', { ...d, summary: v.value }) : next('confirm', { ...d, summary: v.value, matters: undefined });
      },
    },
    matters: {
      prompt: () => ({ text: '当事人中有党员或国家工作人员，办结后须将涉嫌违纪问题及线索移送纪检监察机关。请写明涉嫌违纪问题及线索（涉及的人员、行为及证据线索）：' }),
      answer(text, d) {
        const v = checkMatters(text);
        return v.ok ? next('confirm', { ...d, matters: v.value }) : invalid(v.reason);
      },
    },
    confirm: needs(['kind', 'decisionNo', 'summary'], {
      prompt: (d) => ({
        text: [
          `请确认办结 ${d.caseNo}：`, `结果：${OUTCOME_LABEL[d.kind]}${d.decisionNo ? `（${d.decisionNo}）` : ''}`, `情况：${d.summary}`,
          ...(d.matters ? [`涉嫌违纪问题及线索：${d.matters}`] : []),
        ].join('\n'),
        options: [CONFIRM, '取消'],
      }),
      async answer(text, d, t) {
        if (!isConfirm(text, CONFIRM)) return invalid(`请回复“${CONFIRM}”，或发送“返回”修改、“取消”放弃。`);
        const outcome = d.kind === 'penalty' ? { kind: 'penalty' as const, decisionNo: d.decisionNo, summary: d.summary } : { kind: 'no-penalty' as const, summary: d.summary };
        const r = await closeCase(t, d.caseNo, outcome, d.kind === 'penalty' ? d.matters ?? null : null);
        return done({ text: r.ok ? r.value : `未能办结：${r.reason}`, options: [`查询 ${d.caseNo}`] });
      },
    }),
  },
};
