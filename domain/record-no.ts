/**
 * Numbers of the records people quote in chat: a series prefix, the year and a sequence,
 * e.g. TS-2026-000123 (投诉举报). Every kind of record numbers itself the same way, so
 * one parser reads what people type for all of them.
 */

/** Series prefixes; each kind of record owns one. */
export const SERIES = {
  complaint: 'TS', // 投诉举报
  case: 'AJ', // 案件
  transfer: 'YS', // 案件移送
  order: 'ZL', // 责令限期移送
  referral: 'JJ', // 纪检移送
  interference: 'GY', // 干预记录
  dispute: 'ZY', // 争议协调
  meeting: 'HY', // 会议
  meetingItem: 'YD', // 议定事项
  notice: 'JD', // 监督通知书
  assessment: 'ZP', // 考核自评
  guidingCase: 'AL', // 指导案例
  infoRequest: 'XX', // 信息共享请求
  statistics: 'TJ', // 执法信息统计上报
  approval: 'SP', // 审批决定
  jointAction: 'LH', // 联合执法
  inspection: 'JC', // 监督检查
  fault: 'ZR', // 责任追究（过错责任认定）
  assistance: 'XZ', // 执法协助
  evaluation: 'KP', // 执法人员考核评议
  infoReport: 'XB', // 执法信息报送
  onlineInspection: 'XC', // 网上巡查 (M5)
} as const;
export type Series = (typeof SERIES)[keyof typeof SERIES];

const SEQ_MAX = 999_999;

export function formatRecordNo(series: Series, year: number, seq: number): string {
  if (!Number.isInteger(seq) || seq < 1 || seq > SEQ_MAX) throw new RangeError(`record sequence out of range: ${seq}`);
  return `${series}-${year}-${String(seq).padStart(6, '0')}`;
}

/** Accepts what people type — lower case, full-width dashes, spaces — for one series. */
export function parseRecordNo(series: Series, text: string): string | undefined {
  const t = text.trim().toUpperCase().replace(/[－—–_\s]/g, '-').replace(/-+/g, '-');
  return new RegExp(`^${series}-\\d{4}-\\d{6}$`).test(t) ? t : undefined;
}

/** The pattern of a number of that series inside a command (with the separators people type). */
export const recordNoPattern = (series: Series) => String.raw`(${series}[-－—–_\s]*\d{4}[-－—–_\s]*\d{6})`;
