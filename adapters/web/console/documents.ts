/**
 * Official documents (文书) as DOCX (the `docx` package): what these offices print and seal.
 * 案件移送书 and 涉嫌犯罪案件移送书 (M4): issued in the name of the sending body, under the 文号 that body gave the
 * letter when it filed the transfer (its own series), with the case, the ground and reason,
 * the materials list and, for a criminal transfer, the decision copied along and the copies
 * to 检察院 and 司法局 (M4: 抄送检察机关和司法行政机关备案).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { GROUND_LABEL, MATERIAL_LABEL, ROUTE_LABEL, type TransferFacts } from '../../../domain/cases/transfer';
import type { Directory } from '../../../domain/organisation';
import { formatTime } from './format';

export interface TransferLetter {
  no: string;
  fromOrg: string;
  fromOrgId: number;
  toOrg: string;
  docNo: string | null;
  caseNo: string;
  summary: string | null;
  facts: TransferFacts;
  date: string;
  copies: string[];
}

/** The letter's facts, or null when there is no such transfer (the caller has checked who may see it). */
export async function transferLetter(db: Db, no: string, dir: Directory): Promise<TransferLetter | null> {
  const r = (await db.execute(sql`SELECT t.no, t.org_id, t.other_org_id, t.body, coalesce(t.body ->> 'sentAt', t.body ->> 'submittedAt') AS at, c.body ->> 'summary' AS summary
    FROM case_transfers t LEFT JOIN cases c ON c.no = t.body ->> 'caseNo' WHERE t.no = ${no}`)) as unknown as { rows: Record<string, unknown>[] };
  const row = r.rows[0];
  if (!row) return null;
  const body = (typeof row.body === 'string' ? JSON.parse(row.body) : row.body) as TransferFacts;
  const criminal = body.route === 'criminal';
  return {
    no: String(row.no),
    fromOrg: dir.name(Number(row.org_id)),
    fromOrgId: Number(row.org_id),
    toOrg: dir.name(Number(row.other_org_id)),
    docNo: body.materials.find((m) => m.material === 'letter')?.title ?? null,
    caseNo: body.caseNo,
    summary: row.summary == null ? null : String(row.summary),
    facts: body,
    date: formatTime(row.at).slice(0, 10),
    copies: criminal ? ['抚宁区人民检察院', '抚宁区司法局'] : [],
  };
}

/** A line of a document's body: plain text, or a heading line in bold. */
export type DocLine = string | { bold: string };

/** What every document (文书) carries: the issuing body, its name, the 文号, to whom, the body, the date, copies. */
export interface OfficialDocument {
  title: string;
  issuer: string;
  docNo: string;
  addressee: string;
  lines: readonly DocLine[];
  /** The record it was made from. */
  recordLabel: string;
  recordNo: string;
  date: string;
  copies: readonly string[];
}

/** The document as DOCX: the issuing body and the document's name centred, the 文号, the body, the signature block. */
export async function officialDocx(d: OfficialDocument): Promise<Buffer> {
  // docx loads at the first document, not at every start.
  const { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } = await import('docx');
  const p = (text: string, opts: { bold?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {}) =>
    new Paragraph({ alignment: opts.align, spacing: { after: 120 }, children: [new TextRun({ text, bold: opts.bold, font: 'FangSong', size: 32 })] });
  const heading = (text: string) => new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text, bold: true, size: 44, font: 'SimSun' })] });
  const doc = new Document({
    creator: d.issuer,
    title: `${d.title} ${d.docNo}`,
    sections: [{
      children: [
        new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: [new TextRun({ text: d.issuer, bold: true, size: 44, font: 'SimSun' })] }),
        heading(d.title),
        p(`文号：${d.docNo}`, { align: AlignmentType.CENTER }),
        p(`${d.addressee}：`),
        ...d.lines.map((l) => (typeof l === 'string' ? p(l) : p(l.bold, { bold: true }))),
        p(`${d.recordLabel}：${d.recordNo}`),
        p(d.issuer, { align: AlignmentType.RIGHT }),
        p(d.date, { align: AlignmentType.RIGHT }),
        ...(d.copies.length ? [p(`抄送：${d.copies.join('、')}（备案）`)] : []),
      ],
    }],
  });
  return Packer.toBuffer(doc);
}

/**
 * 案件移送书, or for a case sent to the police 涉嫌犯罪案件移送书 (M4), under the 文号 the body
 * gave it when filing — or, when it gave none, `assigned` (the console's series).
 */
export function transferLetterDocx(l: TransferLetter, assigned: string): Promise<Buffer> {
  const f = l.facts;
  return officialDocx({
    title: transferTitle(l),
    issuer: l.fromOrg,
    docNo: l.docNo ?? assigned,
    addressee: l.toOrg,
    lines: [
      `我单位在办理案件（案件编号 ${l.caseNo}）中，发现该案${GROUND_LABEL[f.ground]}，根据《抚宁区行政执法协调监督工作方案》关于案件移送的规定，现将该案移送你单位处理（移送类型：${ROUTE_LABEL[f.route]}${f.urgent ? '，情况紧急' : ''}）。`,
      `案件基本情况：${l.summary ?? '见所附材料'}`,
      `移送理由：${f.reason}`,
      ...(f.decisionNo ? [`已作出的行政处罚决定：${f.decisionNo}（随案移送）`] : []),
      ...(f.superior ? [`同时报告：${f.superior}`] : []),
      { bold: '随案移送材料目录：' },
      ...f.materials.filter((m) => m.title).map((m, i) => `${i + 1}. ${MATERIAL_LABEL[m.material]}：${m.title}`),
    ],
    recordLabel: '移送编号',
    recordNo: l.no,
    date: l.date,
    copies: l.copies,
  });
}

export const transferTitle = (l: Pick<TransferLetter, 'facts'>) => (l.facts.route === 'criminal' ? '涉嫌犯罪案件移送书' : '案件移送书');
