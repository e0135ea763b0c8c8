/**
 * 当事人证据确认制度 (M13): for each kind of evidence the plan sets what must be confirmed.
 * An item is complete when every check of its kind is confirmed; a case cannot be
 * transferred or closed while an item is incomplete, and the refusal names what is missing.
 */
import { type Result, fail, ok } from '../result';

export const EVIDENCE_KINDS = ['interview', 'documentary', 'physical', 'audiovisual', 'copy'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export const EVIDENCE_LABEL: Record<EvidenceKind, string> = {
  interview: '询问笔录',
  documentary: '书证',
  physical: '物证',
  audiovisual: '视听资料',
  copy: '复制件',
};

/** The checks of each kind, in the plan's words (十三). */
export const EVIDENCE_CHECKS: Record<EvidenceKind, ReadonlyArray<{ id: string; text: string }>> = {
  interview: [{ id: 'alterations', text: '涂改部分已由被询问人签名、盖章或者以其他方式确认（无涂改的视为已确认）' }],
  documentary: [
    { id: 'original', text: '复制的和相对人提供的书证已与原件核对无误，并签字确认' },
    { id: 'time-source', text: '已注明时间和出处' },
    { id: 'pages-signed', text: '每页有执法人员、相对人、制作者的签名或盖章' },
    { id: 'intent', text: '已表明是否为真实意思表示' },
    { id: 'alterations', text: '涂改处已按手印（无涂改的视为已确认）' },
  ],
  physical: [
    { id: 'original', text: '已尽可能保持物证原物' },
    { id: 'signed', text: '能签名的已由相对人签名，不能签名的有其他佐证' },
  ],
  audiovisual: [
    { id: 'carrier', text: '已保存原始载体' },
    { id: 'annotated', text: '已注明制作方法、时间、制作人和证明对象' },
    { id: 'transcript', text: '声音资料已附文字记录（无声音的视为已确认）' },
  ],
  copy: [
    { id: 'verified', text: '证据提供人已标明“经核对与原件无误”' },
    { id: 'date', text: '已注明出证日期' },
    { id: 'source', text: '已注明证据出处' },
    { id: 'signed', text: '证据提供人已签名或者盖章' },
  ],
};

export interface EvidenceItem {
  kind: EvidenceKind;
  description: string;
  /** Ids of the checks confirmed. */
  confirmed: string[];
}

export function parseEvidenceKind(text: string): EvidenceKind | undefined {
  const t = text.trim();
  return EVIDENCE_KINDS.find((k) => EVIDENCE_LABEL[k] === t || k === t);
}

export const missingChecks = (e: EvidenceItem): Array<{ id: string; text: string }> =>
  EVIDENCE_CHECKS[e.kind].filter((c) => !e.confirmed.includes(c.id));

export function confirm(e: EvidenceItem, checkId: string): Result<EvidenceItem> {
  if (!EVIDENCE_CHECKS[e.kind].some((c) => c.id === checkId)) return fail(`${EVIDENCE_LABEL[e.kind]}没有这一确认项。`);
  return ok(e.confirmed.includes(checkId) ? e : { ...e, confirmed: [...e.confirmed, checkId] });
}

/**
 * Whether the evidence lets the case move on (移送 or 办结). The refusal lists each
 * incomplete item with its missing confirmations.
 */
export function evidenceComplete(items: ReadonlyArray<EvidenceItem & { no: number }>, action: string): Result<true> {
  const incomplete = items.filter((e) => missingChecks(e).length);
  if (!incomplete.length) return ok(true);
  const lines = incomplete.map(
    (e) => `证据${e.no}（${EVIDENCE_LABEL[e.kind]}：${e.description}）尚未确认：${missingChecks(e).map((c) => c.text).join('；')}`,
  );
  return fail([`证据确认不全，暂不能${action}：`, ...lines, `请发送“证据确认 案件编号”逐项确认后再${action}。`].join('\n'));
}
