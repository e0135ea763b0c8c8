/**
 * 证据 / 证据确认 (M13): the officer registers an item of evidence and confirms, one by
 * one, what the plan requires of its kind; an item left with "未确认" stays incomplete and
 * blocks transfer and closure until confirmed.
 */
import { addEvidence, replaceEvidence } from '../../domain/cases/case';
import { EVIDENCE_CHECKS, EVIDENCE_KINDS, EVIDENCE_LABEL, type EvidenceKind, missingChecks, parseEvidenceKind } from '../../domain/cases/evidence';
import { type Filled, type Flow, boundedText, done, invalid, next, startingAt, needs } from '../flow';
import type { Turn } from '../turn';
import { loadCaseForAction, saveCase } from './actions';

export interface EvidenceDraft {
  caseNo: string;
  /** The item being confirmed: new (no number yet) or an existing one. */
  no?: number;
  kind?: EvidenceKind;
  description?: string;
  /** Check ids still to ask, and the ones confirmed. */
  pending: string[];
  confirmed: string[];
}

const CONFIRMED = '已确认';
const NOT_CONFIRMED = '未确认';

export const evidenceFlow: Flow<EvidenceDraft, 'kind' | 'description' | 'check'> = {
  name: 'case-evidence',
  title: '证据确认',
  help: '正在确认证据：逐项回复“已确认”或“未确认”。未确认的证据项会阻止案件移送和办结。发送“取消”放弃。',
  first: 'kind',
  steps: {
    kind: {
      prompt: (d) => ({ text: `【证据登记】案件 ${d.caseNo}：请选择证据种类：`, options: EVIDENCE_KINDS.map((k) => EVIDENCE_LABEL[k]) }),
      answer(text, d) {
        const kind = parseEvidenceKind(text);
        return kind ? next('description', { ...d, kind }) : invalid(`请选择证据种类：${EVIDENCE_KINDS.map((k) => EVIDENCE_LABEL[k]).join('、')}。`);
      },
    },
    description: needs(['kind'], {
      prompt: (d) => ({ text: `请简要描述该${EVIDENCE_LABEL[d.kind]}（如：对张某的询问笔录，3页）：` }),
      answer(text, d) {
        const v = boundedText(text, 2, 200, '证据描述');
        return v.ok ? next('check', { ...d, description: v.value, pending: EVIDENCE_CHECKS[d.kind].map((c) => c.id), confirmed: [] }) : invalid(v.reason);
      },
    }),
    /** One check per turn; the last one saves the item. */
    check: needs(['kind', 'description'], {
      prompt: (d) => {
        const checks = EVIDENCE_CHECKS[d.kind];
        const c = checks.find((x) => x.id === d.pending[0])!;
        const n = checks.length - d.pending.length + 1;
        return { text: `【${EVIDENCE_LABEL[d.kind]} 确认 ${n}/${checks.length}】${c.text}`, options: [CONFIRMED, NOT_CONFIRMED] };
      },
      async answer(text, d, t) {
        const a = text.trim();
        if (a !== CONFIRMED && a !== NOT_CONFIRMED) return invalid(`请回复“${CONFIRMED}”或“${NOT_CONFIRMED}”。`);
        const [id, ...rest] = d.pending;
        const draft = { ...d, pending: rest, confirmed: a === CONFIRMED ? [...d.confirmed, id!] : d.confirmed };
        return rest.length ? next('check', draft) : done({ text: await saveItem(t, draft) });
      },
    }),
  },
};

async function saveItem(t: Turn, d: Filled<EvidenceDraft, 'kind' | 'description'>): Promise<string> {
  const loaded = await loadCaseForAction(t, d.caseNo);
  if (!loaded.ok) return loaded.reason;
  const before = loaded.value;
  const item = { kind: d.kind, description: d.description, confirmed: d.confirmed };
  const after = d.no == null ? addEvidence(before, item) : replaceEvidence(before, { ...item, no: d.no });
  if (!after.ok) return after.reason;
  const saved = await saveCase(t, before, after.value, { kind: 'evidence', note: `${EVIDENCE_LABEL[item.kind]}：${item.description}` });
  if (!saved.ok) return saved.reason;
  const no = d.no ?? Math.max(...saved.value.evidence.map((e) => e.no));
  const missing = missingChecks(item);
  return missing.length
    ? `已登记证据${no}，尚有 ${missing.length} 项未确认：\n${missing.map((m) => `· ${m.text}`).join('\n')}\n补正后请发送“证据确认 ${d.caseNo}”。未确认前案件不能移送或办结。`
    : `已登记证据${no}（${EVIDENCE_LABEL[item.kind]}），各项均已确认。`;
}

/** 证据确认 案件编号: the first incomplete item, asking only its missing checks. */
export function confirmDraft(caseNo: string, item: { no: number; kind: EvidenceKind; description: string; confirmed: string[] }): EvidenceDraft {
  return { caseNo, no: item.no, kind: item.kind, description: item.description, confirmed: item.confirmed, pending: missingChecks(item).map((c) => c.id) };
}

/** The same steps, entered at the confirmations of an existing item. */
export const evidenceConfirmFlow = startingAt(evidenceFlow, 'case-evidence-confirm', 'check');
