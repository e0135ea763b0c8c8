/** Staff dialogues on a complaint: 转办 (forward) and 办结 (record the result). */
import { type Accused, MAX_TEXT } from '../../domain/complaint';
import { handlingRefusal } from '../../domain/complaint-access';
import { canHandleComplaints } from '../../domain/organisation';
import { type Filled, type Flow, done, invalid, isConfirm, needs, next } from '../flow';
import { choiceStep, orgStep, textStep } from '../steps';
import { canKeepRecord } from '../../domain/accountability';
import { forwardComplaint, justiceBureauId, resolveComplaint } from './actions';

export interface ForwardDraft {
  trackingNo: string;
  fromOrgId: number;
  alternatives: number[];
  accused: Accused;
  toOrgId?: number;
}

type ForwardStep = 'org' | 'reason';

export const forwardFlow: Flow<ForwardDraft, ForwardStep> = {
  name: 'forward',
  title: '转办',
  help: '正在转办投诉举报：先选择接收单位，再说明理由。发送“取消”放弃。',
  first: 'org',
  steps: {
    org: orgStep({
      ask: (d) => ({ text: `转办 ${d.trackingNo}：请选择或输入接收单位（区职能部门或乡镇、街道）：` }),
      offer: (d) => d.alternatives.slice(0, 5),
      filter: canHandleComplaints,
      notFound: '没有找到该单位。请输入区职能部门、乡镇（街道）或司法局的名称。',
      then(org, d, t) {
        if (org.id === d.fromOrgId) return invalid('不能转办给本单位，请选择其他单位。');
        const refusal = handlingRefusal(d, org.id, org.name, justiceBureauId(t));
        if (refusal) return invalid(refusal);
        return next('reason', { ...d, toOrgId: org.id });
      },
    }),
    reason: needs<ForwardDraft, 'toOrgId', ForwardStep>(['toOrgId'], textStep<Filled<ForwardDraft, 'toOrgId'>, ForwardStep>({
      ask: (d, t) => ({ text: `请简述转交 ${t.services.directory.name(d.toOrgId)} 的理由（如：属于乡镇管辖事项）：` }),
      what: '转办理由', min: 2, max: MAX_TEXT.reason,
      async then(reason, d, t) {
        const r = await forwardComplaint(t, d.trackingNo, d.toOrgId, reason);
        return done({ text: r.ok ? r.value : r.reason });
      },
    })),
  },
};

export interface ResultDraft {
  trackingNo: string;
  /** The complaint is about a body or its officers: whether it was found true is asked, and a true one offers 追责立项. */
  accused?: boolean;
  result?: string;
  verdict?: Verdict;
}

/** 查实情况 of a complaint about a body or its officers. */
const VERDICTS = ['属实', '部分属实', '不属实'] as const;
type Verdict = (typeof VERDICTS)[number];

export const resultFlow: Flow<ResultDraft, 'result' | 'verdict' | 'confirm'> = {
  name: 'result',
  title: '办结登记',
  help: '正在登记办理结果，结果将告知投诉人。发送“返回”修改，“取消”放弃。',
  first: 'result',
  steps: {
    result: textStep({
      ask: (d) => ({ text: `办结 ${d.trackingNo}：请填写调查处理结果（将告知投诉人，请勿写入投诉人或他人的身份信息、联系方式等个人信息和其他敏感内容）：` }),
      what: '办理结果', min: 4, max: MAX_TEXT.result,
      then: (result, d) => next(d.accused ? 'verdict' : 'confirm', { ...d, result }),
    }),
    verdict: choiceStep({
      ask: '经调查，投诉反映的执法部门或执法人员的问题是否属实？',
      choices: VERDICTS,
      then: (verdict, d) => next('confirm', { ...d, verdict }),
    }),
    confirm: needs(['result'], {
      prompt: (d) => ({ text: `确认登记以下办理结果并告知投诉人？\n${resultText(d)}`, options: ['确认', '取消'] }),
      async answer(text, d, t) {
        if (!isConfirm(text)) return invalid('请选择“确认”或“取消”，或发送“返回”修改。');
        const r = await resolveComplaint(t, d.trackingNo, resultText(d));
        const offer = r.ok && d.verdict && d.verdict !== '不属实' && canKeepRecord(t.actor, justiceBureauId(t));
        if (!offer) return done({ text: r.ok ? r.value : r.reason });
        // A complaint about a body found true: its officers' fault may be taken up (M8).
        return done({
          text: `${r.value}\n投诉反映的问题${d.verdict}：涉及执法人员过错的，可发送“追责立项 ${d.trackingNo}”登记追责线索，由其所在单位作为责任追究机关认定处理。`,
          options: [`追责立项 ${d.trackingNo}`, `查询 ${d.trackingNo}`],
        });
      },
    }),
  },
};

const resultText = (d: Filled<ResultDraft, 'result'>): string => (d.verdict ? `经查，投诉反映的问题${d.verdict}。${d.result}` : d.result);
