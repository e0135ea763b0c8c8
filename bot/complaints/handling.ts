/** Staff dialogues on a complaint: 转办 (forward) and 办结 (record the result). */
import { type Accused, MAX_TEXT } from '../../domain/complaint';
import { handlingRefusal } from '../../domain/complaint-access';
import { canHandleComplaints } from '../../domain/organisation';
import { type Flow, boundedText, done, invalid, next } from '../flow';
import { forwardComplaint, justiceBureauId, resolveComplaint } from './actions';

export interface ForwardDraft {
  trackingNo: string;
  fromOrgId: number;
  alternatives: number[];
  accused: Accused;
  toOrgId?: number;
}

export const forwardFlow: Flow<ForwardDraft> = {
  name: 'forward',
  help: '正在转办投诉举报：先选择接收单位，再说明理由。发送“取消”放弃。',
  first: 'org',
  steps: {
    org: {
      prompt: (d, t) => ({
        text: `转办 ${d.trackingNo}：请选择或输入接收单位（区职能部门或乡镇、街道）：`,
        options: d.alternatives.slice(0, 5).map((id) => t.services.directory.name(id)),
      }),
      answer(text, d, t) {
        const org = t.services.directory.find(text, canHandleComplaints);
        if (!org) return invalid('没有找到该单位。请输入区职能部门、乡镇（街道）或司法局的名称。');
        if (org.id === d.fromOrgId) return invalid('不能转办给本单位，请选择其他单位。');
        const refusal = handlingRefusal(d, org.id, org.name, justiceBureauId(t));
        if (refusal) return invalid(refusal);
        return next('reason', { ...d, toOrgId: org.id });
      },
    },
    reason: {
      prompt: (d, t) => ({ text: `请简述转交 ${t.services.directory.name(d.toOrgId)} 的理由（如：属于乡镇管辖事项）：` }),
      async answer(text, d, t) {
        const v = boundedText(text, 2, MAX_TEXT.reason, '转办理由');
        if (!v.ok) return invalid(v.reason);
        const r = await forwardComplaint(t, d.trackingNo, d.toOrgId!, v.value);
        return done({ text: r.ok ? r.value : r.reason });
      },
    },
  },
};

export interface ResultDraft {
  trackingNo: string;
  result?: string;
}

export const resultFlow: Flow<ResultDraft> = {
  name: 'result',
  help: '正在登记办理结果，结果将告知投诉人。发送“返回”修改，“取消”放弃。',
  first: 'result',
  steps: {
    result: {
      prompt: (d) => ({ text: `办结 ${d.trackingNo}：请填写调查处理结果（将告知投诉人，请勿写入投诉人个人信息以外的敏感内容）：` }),
      answer(text, d) {
        const v = boundedText(text, 4, MAX_TEXT.result, '办理结果');
        return v.ok ? next('confirm', { ...d, result: v.value }) : invalid(v.reason);
      },
    },
    confirm: {
      prompt: (d) => ({ text: `确认登记以下办理结果并告知投诉人？\n${d.result}`, options: ['确认', '取消'] }),
      async answer(text, d, t) {
        if (text.trim() !== '确认') return invalid('请选择“确认”或“取消”，或发送“返回”修改。');
        const r = await resolveComplaint(t, d.trackingNo, d.result!);
        return done({ text: r.ok ? r.value : r.reason });
      },
    },
  },
};
