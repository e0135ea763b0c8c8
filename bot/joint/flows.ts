/** Dialogues of joint enforcement: registering a joint action, and a township's written request for assistance. */
import { parseFutureDate } from '../cases/parse';
import { formatLocalDate } from '../../domain/deadlines/rules';
import * as J from '../../domain/joint/joint';
import { type Flow, done, invalid, isConfirm, next, startingAt, needs } from '../flow';
import { actingOrgStep } from '../steps';
import { registerAction, requestAssistance } from './actions';

export interface ActionDraft {
  orgChoices: number[];
  orgId?: number;
  field?: J.Field;
  title?: string;
  participants?: number[];
  workPlan?: string;
  emergencyPlan?: string;
  startsOn?: string;
}

const isEnforcer = (kind: string) => kind === 'department' || kind === 'township';

export const actionFlow: Flow<ActionDraft, 'org' | 'field' | 'title' | 'participants' | 'workPlan' | 'emergencyPlan' | 'start' | 'confirm'> = {
  name: 'joint-action',
  title: '联合执法',
  help: '正在登记联合执法：领域、行动、配合单位、工作方案、应急预案、开始日期。发送“返回”修改上一项，“取消”放弃。',
  first: 'org',
  steps: {
    org: actingOrgStep('field', '【联合执法】牵头单位：'),
    field: {
      prompt: () => ({ text: '【联合执法 1/6】执法领域：', options: J.FIELDS.map((f) => J.FIELD_LABEL[f]) }),
      answer(text, d) {
        const field = J.parseField(text);
        return field ? next('title', { ...d, field }) : invalid('请选择：食品药品、安全生产、环境保护或其他重点领域。');
      },
    },
    title: {
      prompt: () => ({ text: '【联合执法 2/6】行动名称及目标：' }),
      answer(text, d) {
        const v = J.checkTitle(text);
        return v.ok ? next('participants', { ...d, title: v.value }) : invalid(v.reason);
      },
    },
    participants: needs(['orgId'], {
      prompt: () => ({ text: '【联合执法 3/6】配合单位（多个用顿号或逗号分隔，如：市场监管局、公安）：' }),
      answer(text, d, t) {
        const ids: number[] = [];
        for (const part of text.split(/[、,，;；\s]+/).filter(Boolean)) {
          const o = t.services.directory.find(part, (x) => isEnforcer(x.kind) || x.kind === 'external');
          if (!o) return invalid(`未找到“${part}”，请写出单位名称。`);
          ids.push(o.id);
        }
        const c = J.checkParticipants(d.orgId, ids);
        return c.ok ? next('workPlan', { ...d, participants: c.value }) : invalid(c.reason);
      },
    }),
    workPlan: {
      prompt: () => ({ text: '【联合执法 4/6】具体工作方案（分工、时间、地点、步骤；或方案文号及要点）：' }),
      answer(text, d) {
        const v = J.checkPlan(text, '工作方案');
        return v.ok ? next('emergencyPlan', { ...d, workPlan: v.value }) : invalid(v.reason);
      },
    },
    emergencyPlan: {
      prompt: () => ({ text: '【联合执法 5/6】应急预案（突发情况的处置、责任人、联络方式）：' }),
      answer(text, d) {
        const v = J.checkPlan(text, '应急预案');
        return v.ok ? next('start', { ...d, emergencyPlan: v.value }) : invalid(v.reason);
      },
    },
    start: {
      prompt: () => ({ text: '【联合执法 6/6】开始日期（如 2026-12-10）：' }),
      answer(text, d, t) {
        const date = parseFutureDate(text, t.now);
        return typeof date === 'string' ? next('confirm', { ...d, startsOn: date }) : invalid(date.error);
      },
    },
    confirm: needs(['field', 'participants', 'startsOn', 'orgId', 'title', 'workPlan', 'emergencyPlan'], {
      prompt: (d, t) => ({
        text: [
          '请确认联合执法：',
          `牵头单位：${t.services.directory.name(d.orgId)}`,
          `领域：${J.FIELD_LABEL[d.field]}`,
          `行动：${d.title}`,
          `配合单位：${d.participants.map((id) => t.services.directory.name(id)).join('、')}`,
          `开始日期：${formatLocalDate(d.startsOn)}`,
        ].join('\n'),
        options: ['确认部署', '取消'],
      }),
      async answer(text, d, t) {
        if (!isConfirm(text, '确认部署')) return invalid('请回复“确认部署”，或发送“返回”修改、“取消”放弃。');
        const r = await registerAction(t, {
          leadOrgId: d.orgId, field: d.field, title: d.title, participantOrgIds: d.participants, workPlan: d.workPlan, emergencyPlan: d.emergencyPlan, startsOn: d.startsOn,
        });
        return r.ok ? done({ text: r.value }) : invalid(r.reason);
      },
    }),
  },
};
export const actionFlowOneOrg = startingAt(actionFlow, 'joint-action-one', 'field');

export interface AssistanceDraft {
  orgChoices: number[];
  orgId?: number;
  departmentOrgId?: number;
  kind?: J.AssistanceKind;
  letter?: string;
}

export const assistanceFlow: Flow<AssistanceDraft, 'org' | 'department' | 'kind' | 'letter' | 'confirm'> = {
  name: 'joint-assistance',
  title: '执法协助',
  help: '正在书面函告执法协助：区职能部门、协助事项、函告内容。发送“返回”修改上一项，“取消”放弃。',
  first: 'org',
  steps: {
    org: actingOrgStep('department', '【执法协助】函告单位：'),
    department: {
      prompt: () => ({ text: '【执法协助 1/3】请哪个区职能部门协助？' }),
      answer(text, d, t) {
        const o = t.services.directory.find(text, (x) => x.kind === 'department');
        return o ? next('kind', { ...d, departmentOrgId: o.id }) : invalid('未找到该区行政执法部门，请写出部门名称。');
      },
    },
    kind: {
      prompt: () => ({ text: '【执法协助 2/3】协助事项：', options: J.ASSISTANCE_KINDS.map((k) => J.ASSISTANCE_LABEL[k]) }),
      answer(text, d) {
        const kind = J.parseAssistanceKind(text);
        return kind ? next('letter', { ...d, kind }) : invalid('请选择：技术支撑，或查阅、复制档案资料。');
      },
    },
    letter: {
      prompt: () => ({ text: '【执法协助 3/3】函告内容（案件、需协助的具体事项、时限要求）：' }),
      answer(text, d) {
        const v = J.checkLetter(text);
        return v.ok ? next('confirm', { ...d, letter: v.value }) : invalid(v.reason);
      },
    },
    confirm: needs(['kind', 'orgId', 'departmentOrgId', 'letter'], {
      prompt: (d, t) => ({
        text: ['请确认书面函告：', `函告单位：${t.services.directory.name(d.orgId)}`, `协助单位：${t.services.directory.name(d.departmentOrgId)}`, `事项：${J.ASSISTANCE_LABEL[d.kind]}`, `内容：${d.letter}`].join('\n'),
        options: ['确认函告', '取消'],
      }),
      async answer(text, d, t) {
        if (!isConfirm(text, '确认函告')) return invalid('请回复“确认函告”，或发送“返回”修改、“取消”放弃。');
        const r = await requestAssistance(t, { townshipOrgId: d.orgId, departmentOrgId: d.departmentOrgId, kind: d.kind, letter: d.letter });
        return r.ok ? done({ text: r.value }) : invalid(r.reason);
      },
    }),
  },
};
export const assistanceFlowOneOrg = startingAt(assistanceFlow, 'joint-assistance-one', 'department');
