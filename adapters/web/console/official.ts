/**
 * The official documents (文书) of the records other than a transfer, made from the record's
 * ledger row as the viewer may read it (db/ledgers: the same rule as its page, guarded
 * columns left out) and a few columns more. What each carries is what the plan asks of it:
 * - 受理告知书 (M3, M15 二「及时告知举报人或投诉人由谁受理」): who accepted it, when, how to
 *   reach the receiving body; addressed to the complainant only where identityFor shows them.
 * - 责令限期移送通知书 (M4「责令限期移送」): the case, the body it must go to, the limit, the
 *   sanction the plan names.
 * - 纪律检查移送函 (M10): the parties, the penalty decision attached, the matters and clues,
 *   within 10 working days of closing, signed by the head and sealed.
 * - 行政执法监督通知书 (M7): the problems found, the limit for rectification, the report asked.
 * - 争议协调意见书 (M2「出具意见」): the parties, the dispute, the opinion.
 * - 会议纪要 (M1, M14): the meeting, its members, the minutes, the decided items.
 */
import { sql } from 'drizzle-orm';
import type { Column } from '../../../db/ledgers/def';
import { col, field, jfield } from '../../../db/ledgers/def';
import type { AccessContext, LedgerKind } from '../../../db/ledgers';
import type { LedgerRow } from '../../../db/ledgers/query';
import { disputes, meetings, transferOrders } from '../../../db/schema';
import type { DocLine } from './documents';
import { HIDDEN, cellText } from './format';
import { noticeDocNo } from '../../../domain/supervision';
import type { Db } from '../../../db/client';
import type { LedgerDef } from '../../../db/ledgers';
import { type Listed, ledgerRows } from '../../../db/ledgers/query';
import { officialDocx, transferLetter, transferLetterDocx, transferTitle } from './documents';

/** A document made from a record's row; `text(key)` reads a column as the page shows it. */
export interface DocumentSpec {
  title: string;
  /** The record's number, as the document names it. */
  recordLabel: string;
  /** Columns read besides the ledger's own (the same guards apply). */
  extra?: readonly Column[];
  /** Why the document cannot be made yet (the record has not reached it), or null. */
  notYet(text: Text): string | null;
  issuer(row: LedgerRow, x: AccessContext): number;
  addressee(text: Text, row: LedgerRow): string;
  /** The column whose date the document bears. */
  dateKey(text: Text): string;
  lines(text: Text, row: LedgerRow, x: AccessContext): DocLine[];
  /** The 文号 the record already carries (the body gave it), when it has one. */
  ownNo?(row: LedgerRow): string | null;
  copies?(x: AccessContext): string[];
}
export type Text = (key: string) => string;

const PLAN = '《抚宁区行政执法协调监督工作方案》';
const or = (v: string, dflt: string) => v || dflt;

export const DOCUMENTS: Partial<Record<LedgerKind, DocumentSpec>> = {
  // 受理告知书: to the complainant (M15 二); the name only where identityFor shows it (the ledger's guard).
  complaints: {
    title: '受理告知书',
    recordLabel: '投诉举报编号',
    notYet: (t) => (t('acceptedAt') ? null : '该投诉举报尚未受理，受理后才能出具受理告知书。'),
    issuer: (row) => Number(row.values.handling),
    addressee: (t, row) => (row.hidden.has('contactName') ? `投诉人、举报人${HIDDEN}` : t('contactName')),
    dateKey: () => 'acceptedAt',
    lines: (t, row, x) => {
      const body = x.dir.byId(Number(row.values.handling));
      return [
        `你于${t('registeredAt')}反映的“${t('what')}”一事（地点：${or(t('where'), '未说明')}），根据${PLAN}关于投诉举报受理告知的规定，现告知如下：`,
        `该投诉举报已由${t('handling')}于${t('acceptedAt')}受理${t('assisting') ? `，${t('assisting')}协助调查` : ''}。`,
        ...(body ? [`受理机构：${body.receivingBody}；投诉举报电话：${body.phone}；投诉举报信箱：${body.mailbox}。`] : []),
        '调查处理结果将另行告知你。',
      ];
    },
  },
  orders: {
    title: '责令限期移送通知书',
    recordLabel: '通知编号',
    extra: [col('reason', '责令理由', field(transferOrders, 'reason'))],
    notYet: () => null,
    issuer: (row) => Number(row.values.issuer),
    addressee: (t) => t('to'),
    dateKey: () => 'issuedAt',
    lines: (t) => [
      `经查，你单位办理的案件（${t('caseRef')}）依法应当移送${or(t('receiver'), '有管辖权的机关')}处理，你单位至今未移送。`,
      `责令理由：${t('reason')}`,
      `根据${PLAN}关于“对于行政执法机关应移送而不移送的，监督协调机关可以责令限期移送”的规定，现责令你单位于${t('limitDate')}前将该案移送${or(t('receiver'), '有管辖权的机关')}，并将移送情况报我单位。`,
      '逾期不移送的，将报请本级或上级政府对你单位正职负责人或者主持工作的负责人根据情节轻重给予记过以上的行政处分；构成犯罪的，依法追究刑事责任。',
    ],
  },
  referrals: {
    title: '纪律检查移送函',
    recordLabel: '移送编号',
    notYet: (t) => (t('matters') ? null : '尚未写明涉嫌违纪问题及线索，不能出具移送函。'),
    issuer: (row) => Number(row.values.org),
    addressee: (_t, _row) => '抚宁区纪委监委',
    dateKey: (t) => (t('sentAt') ? 'sentAt' : 'openedAt'),
    lines: (t) => [
      `我单位在办理案件（案件编号 ${t('caseNo')}）中，发现党员、国家工作人员违反国家法律法规，依法受到行政处罚，根据相关规定还需追究纪律责任。根据${PLAN}关于行政执法与监察执纪衔接的规定，现将涉嫌违纪问题及线索移送你委。`,
      `涉案人员（政治面貌、工作单位及职务）：${or(t('parties'), '见所附材料')}`,
      `案件办结时间：${t('closedAt')}`,
      `涉嫌违纪问题及线索：${t('matters')}`,
      { bold: '附件：' },
      `行政处罚决定书（${t('decisionNo')}）`,
      '本函经单位负责人签字并加盖公章。',
    ],
  },
  notices: {
    title: '行政执法监督通知书',
    recordLabel: '通知书编号',
    notYet: () => null,
    issuer: (_row, x) => x.justiceBureau,
    // The notice carries its 文号 from its number since it was issued in chat.
    ownNo: (row) => noticeDocNo(row.no),
    addressee: (t) => t('org'),
    dateKey: () => 'issuedAt',
    lines: (t) => [
      `根据${PLAN}关于行政执法监督检查的规定，我局${t('inspection') ? `在监督检查（${t('inspection')}）中` : ''}发现你单位存在以下问题：`,
      t('findings'),
      `请你单位于${t('dueDate')}前完成整改，并将整改情况书面报告我局（第 ${or(t('round'), '1')} 轮整改）。`,
    ],
  },
  disputes: {
    title: '争议协调意见书',
    recordLabel: '争议编号',
    extra: [col('opinion', '协调意见', sql`${disputes.opinion}`), col('negotiation', '协商情况', sql`${disputes.negotiation}`)],
    notYet: (t) => (t('opinion') ? null : '尚未出具协调意见。'),
    issuer: (_row, x) => x.justiceBureau,
    addressee: (t) => [t('applicant'), t('respondents')].filter(Boolean).join('、'),
    dateKey: () => 'opinionAt',
    lines: (t) => [
      `${t('applicant')}于${t('appliedAt')}提出的与${or(t('respondents'), '有关单位')}之间的行政执法争议（${t('kind')}），我局于${t('acceptedAt')}受理。根据${PLAN}关于行政执法争议协调的规定，经协调，出具意见如下：`,
      `争议事实：${t('facts')}`,
      ...(t('negotiation') ? [`先行协商情况：${t('negotiation')}`] : []),
      `协调意见：${t('opinion')}`,
      '各方对本意见有异议的，可由我局报请区政府决定。',
    ],
  },
  meetings: {
    title: '会议纪要',
    recordLabel: '会议编号',
    extra: [
      col('minutes', '会议纪要', field(meetings, 'minutes')),
      col('memberNames', '成员单位', jfield(meetings, 'memberOrgIds'), 'orgs'),
      col('items', '议定事项', sql`(SELECT string_agg((i.body ->> 'content') || '（承办：' || coalesce(o.name, '') || '；期限：' || coalesce(i.body ->> 'dueDate', '') || '）', '；' ORDER BY i.no)
        FROM meeting_items i LEFT JOIN organisations o ON o.id = i.org_id WHERE i.body ->> 'meetingNo' = ${meetings.no})`),
    ],
    notYet: (t) => (t('minutes') ? null : '会议尚未召开或尚未记录纪要。'),
    issuer: (row) => Number(row.values.convener),
    addressee: () => '各成员单位',
    dateKey: () => 'startsAt',
    lines: (t) => [
      `${t('startsAt')}，${t('convener')}在${or(t('place'), '（地点未登记）')}召开${t('body')}（${t('kind')}），研究${t('topic')}。`,
      `参加单位：${t('memberNames')}`,
      { bold: '会议纪要：' },
      t('minutes'),
      { bold: '议定事项：' },
      or(t('items'), '无'),
    ],
  },
};

/** The name of the record's document, for its page's link; null when its kind has none. */
export function documentTitle(def: LedgerDef, row: LedgerRow): string | null {
  if (def.kind === 'transfers') return transferTitle({ facts: { route: String(row.values.route) } as never });
  return DOCUMENTS[def.kind]?.title ?? null;
}

export type MadeDocument = { ok: true; file: string; docx: Buffer } | { ok: false; reason: string };

/**
 * The document of a record the person may see (`listed`, from the ledger under its rule), or
 * why not yet; null when its kind has none. `numberFor` gives the body's next 文号 the first
 * time and the same one ever after.
 */
export async function recordDocument(
  db: Db, def: LedgerDef, listed: Listed, x: AccessContext,
  numberFor: (orgId: number) => Promise<string>,
): Promise<MadeDocument | null> {
  if (def.kind === 'transfers') {
    const letter = await transferLetter(db, listed.no, x.dir);
    if (!letter) return null;
    // The body's own 文号 from its filing when it gave one; the console's series otherwise.
    const assigned = letter.docNo ?? (await numberFor(letter.fromOrgId));
    return { ok: true, file: `${transferTitle(letter)}-${letter.no}.docx`, docx: await transferLetterDocx(letter, assigned) };
  }
  const spec = DOCUMENTS[def.kind];
  if (!spec) return null;
  const columns = [...def.columns, ...(spec.extra ?? [])];
  const [row] = await ledgerRows(db, { ...def, columns }, [listed]);
  if (!row) return null;
  const byKey = new Map(columns.map((c) => [c.key, c]));
  const text: Text = (key) => cellText(byKey.get(key)!, row, x.dir);
  const why = spec.notYet(text);
  if (why) return { ok: false, reason: why };
  const issuerId = spec.issuer(row, x);
  const docx = await officialDocx({
    title: spec.title,
    issuer: x.dir.name(issuerId),
    docNo: spec.ownNo?.(row) ?? (await numberFor(issuerId)),
    addressee: spec.addressee(text, row),
    lines: spec.lines(text, row, x).filter((l) => l !== ''),
    recordLabel: spec.recordLabel,
    recordNo: row.no,
    date: text(spec.dateKey(text)).slice(0, 10),
    copies: spec.copies?.(x) ?? [],
  });
  return { ok: true, file: `${spec.title}-${row.no}.docx`, docx };
}
