/** Supervision dialogues: recording an inspection, issuing a notice, returning a report, and the acts that take a text. */
import { type LocalDate, localDate } from '../../domain/calendar/calendar';
import { formatLocalDate } from '../../domain/deadlines/rules';
import type { Organisation } from '../../domain/organisation';
import {
  INSPECTION_METHODS, type InspectionMethod, MAX_SUPERVISION_TEXT, METHOD_LABEL, MIN_FINDINGS, MIN_REPORT, MIN_REVIEW_REASON, type SupervisionSubject,
  canBeSupervised, parseLocalDate, parseMethod, parseSubjects,
} from '../../domain/supervision';
import { type Flow, boundedText, done, invalid, isConfirm, next, needs } from '../flow';
import { type TextActionSpec, textActionFlow } from '../text-action';
import type { Turn } from '../turn';
import {
  bodies, checkRectificationDate, failRectification, issueNotice, noticeFor, parseRoundDate, recordInspection, returnRectification, submitRectification,
} from './actions';
import { inspectionLines, subjectsMenu } from './render';

const ALL = '全部';

/** 「城管局、抚宁镇」 or 全部 → the supervised bodies, or the name not found. */
function supervisedBodies(t: Turn, text: string): { ids: number[] } | { error: string } {
  const dir = t.services.directory;
  if (/^(全部|全部执法单位|全区)$/.test(text.trim())) return { ids: dir.all.filter(canBeSupervised).map((o) => o.id) };
  const ids: number[] = [];
  for (const name of text.split(/[、，,；;\s]+/).filter(Boolean)) {
    const o: Organisation | undefined = dir.find(name, canBeSupervised);
    if (!o) return { error: `没有找到执法部门或乡镇（街道）“${name}”。` };
    if (!ids.includes(o.id)) ids.push(o.id);
  }
  return ids.length ? { ids } : { error: '请写明被监督单位。' };
}

const plusDays = (now: Date, days: number): LocalDate => localDate(new Date(now.getTime() + days * 86_400_000));

// ── 监督检查 ──

export interface InspectionDraft {
  /** A body's 法制工作机构 inspecting the body itself; unset for the bureau. */
  internalOrgId?: number;
  method?: InspectionMethod;
  subjects?: SupervisionSubject[];
  orgIds?: number[];
  officers?: string;
  summary?: string;
}

export const inspectionFlow: Flow<InspectionDraft, 'method' | 'subjects' | 'orgs' | 'summary' | 'confirm'> = {
  name: 'inspection',
  title: '监督检查',
  help: '正在登记行政执法监督检查：依次选择监督方式、监督内容、被监督单位（本单位内部监督为检查对象），再写检查情况。发送“返回”修改，“取消”放弃。',
  first: 'method',
  steps: {
    method: {
      prompt: (d, t) => ({
        text: `【监督检查 1/4】${d.internalOrgId ? `${t.services.directory.name(d.internalOrgId)}本单位内部监督（法制工作机构）。` : ''}监督方式：`,
        options: INSPECTION_METHODS.map((m) => METHOD_LABEL[m]),
      }),
      answer(text, d) {
        const method = parseMethod(text);
        return method ? next('subjects', { ...d, method }) : invalid('请选择：日常监督、专项监督、大数据监测分析、委托第三方评估或抽查暗访。');
      },
    },
    subjects: {
      prompt: () => ({ text: ['【监督检查 2/4】监督内容（回复序号，可多选，如“1 3 5”；或“全部”）：', ...subjectsMenu()].join('\n'), options: [ALL] }),
      answer(text, d) {
        const s = parseSubjects(text);
        return s.ok ? next('orgs', { ...d, subjects: s.value }) : invalid(s.reason);
      },
    },
    orgs: {
      prompt: (d) => ({
        text: d.internalOrgId
          ? '【监督检查 3/4】检查对象（本单位的内设机构、执法队伍或执法人员，如：第二中队及其执法人员）：'
          : '【监督检查 3/4】被监督单位（多个用顿号分隔，如：城管局、抚宁镇；或“全部”）：',
      }),
      answer(text, d, t) {
        if (d.internalOrgId) {
          const v = boundedText(text, 2, MAX_SUPERVISION_TEXT, '检查对象');
          return v.ok ? next('summary', { ...d, orgIds: [d.internalOrgId], officers: v.value }) : invalid(v.reason);
        }
        const found = supervisedBodies(t, text);
        return 'ids' in found ? next('summary', { ...d, orgIds: found.ids }) : invalid(found.error);
      },
    },
    summary: {
      prompt: () => ({ text: '【监督检查 4/4】检查情况（时间、范围、查阅案卷数量、总体情况）：' }),
      answer(text, d) {
        const v = boundedText(text, 4, MAX_SUPERVISION_TEXT, '检查情况');
        return v.ok ? next('confirm', { ...d, summary: v.value }) : invalid(v.reason);
      },
    },
    confirm: needs(['method', 'subjects', 'orgIds', 'summary'], {
      prompt: (d, t) => ({
        text: ['请核对监督检查：', ...inspectionLines({ ...(d as Required<InspectionDraft>), officers: d.officers ?? null }, t.services.directory)].join('\n'),
        options: ['确认', '取消'],
      }),
      async answer(text, d, t) {
        if (!isConfirm(text)) return invalid('请选择“确认”或“取消”，或发送“返回”修改。');
        const r = await recordInspection(t, {
          inspectorOrgId: d.internalOrgId ?? bodies(t).justiceBureauId, method: d.method, subjects: d.subjects, orgIds: d.orgIds,
          officers: d.officers ?? null, summary: d.summary,
        });
        if (!r.ok) return done({ text: r.reason });
        const no = r.value.no;
        if (d.internalOrgId) {
          return done({
            text: `已登记本单位内部监督检查 ${no}，已报司法局备查。\n发现执法人员履职过错的，请负责人发送“追责立项 ${no}”登记追责线索并认定处理。`,
            options: [`追责立项 ${no}`, `查询 ${no}`],
          });
        }
        return done({
          text: `已登记监督检查 ${no}，已请被监督单位配合并如实提供情况。\n发现问题的，请发送“通知书 ${no}”向被监督单位下发行政执法监督通知书；问题汇总后发送“问题通报 ${no}”查看、“印发通报 ${no}”印发全区。`,
          options: [`通知书 ${no}`, `问题通报 ${no}`],
        });
      },
    }),
  },
};

// ── 行政执法监督通知书 ──

export interface NoticeDraft {
  inspectionNo: string;
  candidates: number[]; // inspected bodies without a notice yet, first
  orgId?: number;
  findings?: string;
  dueDate?: LocalDate;
}

export const noticeFlow: Flow<NoticeDraft, 'org' | 'findings' | 'due' | 'confirm'> = {
  name: 'supervision-notice',
  title: '监督通知书',
  help: '正在下发行政执法监督通知书：选择被监督单位，写明发现的问题和整改期限。发送“返回”修改，“取消”放弃。',
  first: 'org',
  steps: {
    org: {
      prompt: (d, t) => ({
        text: `【监督通知书 1/3】监督检查 ${d.inspectionNo}：向哪个被监督单位下发？`,
        options: d.candidates.slice(0, 8).map((id) => t.services.directory.name(id)),
      }),
      answer(text, d, t) {
        const o = t.services.directory.find(text, canBeSupervised);
        if (!o) return invalid('没有找到该单位，请从选项中选择。');
        if (!d.candidates.includes(o.id)) return invalid(`${o.name} 不在监督检查 ${d.inspectionNo} 的被监督单位之列，请从选项中选择。`);
        return next('findings', { ...d, orgId: o.id });
      },
    },
    findings: {
      prompt: (d, t) => ({ text: `【监督通知书 2/3】${t.services.directory.name(d.orgId)} 存在的问题及整改要求：` }),
      answer(text, d) {
        const v = boundedText(text, MIN_FINDINGS, MAX_SUPERVISION_TEXT, '发现的问题');
        return v.ok ? next('due', { ...d, findings: v.value }) : invalid(v.reason);
      },
    },
    due: {
      prompt: (_d, t) => ({ text: '【监督通知书 3/3】整改期限（如 2026-12-31）：', options: [plusDays(t.now, 15), plusDays(t.now, 30)] }),
      async answer(text, d, t) {
        const parsed = parseLocalDate(text);
        if (!parsed) return invalid('请按 2026-12-31 的格式写明整改期限。');
        const date = checkRectificationDate(t, parsed);
        return date.ok ? next('confirm', { ...d, dueDate: date.value }) : invalid(date.reason);
      },
    },
    confirm: needs(['dueDate', 'orgId', 'findings'], {
      prompt: (d, t) => ({
        text: [`确认下发行政执法监督通知书？`, `被监督单位：${t.services.directory.name(d.orgId)}`, `发现的问题：${d.findings}`, `整改期限：${formatLocalDate(d.dueDate)}`].join('\n'),
        options: ['确认', '取消'],
      }),
      async answer(text, d, t) {
        if (!isConfirm(text)) return invalid('请选择“确认”或“取消”，或发送“返回”修改。');
        const r = await issueNotice(t, d.inspectionNo, d.orgId, d.findings, d.dueDate);
        if (!r.ok) return done({ text: r.reason });
        return done({ text: r.value, options: [`通知书 ${d.inspectionNo}`, `问题通报 ${d.inspectionNo}`] });
      },
    }),
  },
};

// ── 退回重新整改: the new round's date, and the reason if not given with the command ──

export interface ReturnDraft {
  no: string;
  dueDate: LocalDate; // the current round's date
  reason?: string;
  newDate?: LocalDate;
}

export const returnFlow: Flow<ReturnDraft, 'date' | 'reason'> = {
  name: 'notice-return',
  title: '退回整改报告',
  help: '正在退回整改报告：写明重新整改的期限和退回理由。发送“取消”放弃。',
  first: 'date',
  steps: {
    date: {
      prompt: (d, t) => ({
        text: `退回 ${d.no}：重新整改的期限（如 2026-12-31）？`,
        options: d.dueDate >= localDate(t.now) ? [`沿用原期限 ${d.dueDate}`, plusDays(t.now, 15)] : [plusDays(t.now, 15), plusDays(t.now, 30)],
      }),
      async answer(text, d, t) {
        const parsed = parseRoundDate(text, d, t.now);
        const date = parsed.ok ? checkRectificationDate(t, parsed.value) : parsed;
        if (!date.ok) return invalid(date.reason);
        if (!d.reason) return next('reason', { ...d, newDate: date.value });
        const r = await returnRectification(t, d.no, d.reason, date.value);
        return done(r.ok ? { text: r.value, options: [`查询 ${d.no}`] } : { text: r.reason });
      },
    },
    reason: needs(['newDate'], {
      prompt: (d) => ({ text: `退回 ${d.no}：请写明退回理由（整改不到位之处）：` }),
      async answer(text, d, t) {
        const v = boundedText(text, MIN_REVIEW_REASON, MAX_SUPERVISION_TEXT, '退回理由');
        if (!v.ok) return invalid(v.reason);
        const r = await returnRectification(t, d.no, v.value, d.newDate);
        return done(r.ok ? { text: r.value, options: [`查询 ${d.no}`] } : { text: r.reason });
      },
    }),
  },
};

// ── acts that take one text ──

export const SUPERVISION_TEXT_ACTIONS: Record<string, TextActionSpec> = {
  report: {
    prompt: (no) => `整改报告 ${no}：请写明整改措施和整改结果：`,
    what: '整改报告', min: MIN_REPORT, max: MAX_SUPERVISION_TEXT,
    confirm: (no, text) => `确认向司法局报送 ${no} 的以下整改报告？\n${text}`,
    check: (t, no) => noticeFor(t, no, 'issued', '报送整改报告', 'body'),
    run: submitRectification,
  },
  fail: {
    prompt: (no) => `整改不合格 ${no}：请写明验收不合格的理由（将移交责任追究）：`,
    what: '不合格的理由', min: MIN_REVIEW_REASON, max: MAX_SUPERVISION_TEXT,
    confirm: (no, text) => `确认认定 ${no} 整改不合格，并移交责任追究？\n${text}`,
    check: (t, no) => noticeFor(t, no, 'reported', '认定整改不合格', 'bureau'),
    run: failRectification,
    then: (no) => [`追责立项 ${no}`, `查询 ${no}`], // the responsible officers' fault (M8)
  },
};

export const supervisionTextFlow = textActionFlow(
  'supervision-text',
  '监督检查',
  '正在办理监督通知书：请按提示填写。发送“返回”修改，“取消”放弃。',
  SUPERVISION_TEXT_ACTIONS,
);
