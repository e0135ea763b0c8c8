/**
 * Official documents (文书) as DOCX (the `docx` package): what these offices print and seal.
 * 案件移送书 (M4): issued in the name of the sending body, under the 文号 that body gave the
 * letter when it filed the transfer (its own series), with the case, the ground and reason,
 * the materials list and, for a criminal transfer, the decision copied along and the copies
 * to 检察院 and 司法局 (M4: 抄送检察机关和司法行政机关备案).
 */
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { GROUND_LABEL, MATERIAL_LABEL, ROUTE_LABEL, type TransferFacts } from '../../../domain/cases/transfer';
import type { Directory } from '../../../domain/organisation';
import { formatTime } from './format';

export interface TransferLetter {
  no: string;
  fromOrg: string;
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
    toOrg: dir.name(Number(row.other_org_id)),
    docNo: body.materials.find((m) => m.material === 'letter')?.title ?? null,
    caseNo: body.caseNo,
    summary: row.summary == null ? null : String(row.summary),
    facts: body,
    date: formatTime(row.at).slice(0, 10),
    copies: criminal ? ['抚宁区人民检察院', '抚宁区司法局'] : [],
  };
}

const p = (text: string, opts: { bold?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {}) =>
  new Paragraph({ alignment: opts.align, spacing: { after: 120 }, children: [new TextRun({ text, bold: opts.bold, font: 'FangSong', size: 32 })] });

export async function transferLetterDocx(l: TransferLetter): Promise<Buffer> {
  const f = l.facts;
  const materials = f.materials.filter((m) => m.title).map((m, i) => p(`${i + 1}. ${MATERIAL_LABEL[m.material]}：${m.title}`));
  const doc = new Document({
    creator: l.fromOrg,
    title: `案件移送书 ${l.docNo ?? l.no}`,
    sections: [{
      children: [
        new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: [new TextRun({ text: l.fromOrg, bold: true, size: 44, font: 'SimSun' })] }),
        new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: '案件移送书', bold: true, size: 44, font: 'SimSun' })] }),
        p(`文号：${l.docNo ?? '（未编号）'}`, { align: AlignmentType.CENTER }),
        p(`${l.toOrg}：`),
        p(`我单位在办理案件（案件编号 ${l.caseNo}）中，发现该案${GROUND_LABEL[f.ground]}，根据《抚宁区行政执法协调监督工作方案》关于案件移送的规定，现将该案移送你单位处理（移送类型：${ROUTE_LABEL[f.route]}${f.urgent ? '，情况紧急' : ''}）。`),
        p(`案件基本情况：${l.summary ?? '见所附材料'}`),
        p(`移送理由：${f.reason}`),
        ...(f.decisionNo ? [p(`已作出的行政处罚决定：${f.decisionNo}（随案移送）`)] : []),
        ...(f.superior ? [p(`同时报告：${f.superior}`)] : []),
        p('随案移送材料目录：', { bold: true }),
        ...materials,
        p(`移送编号：${l.no}`),
        p(l.fromOrg, { align: AlignmentType.RIGHT }),
        p(l.date, { align: AlignmentType.RIGHT }),
        ...(l.copies.length ? [p(`抄送：${l.copies.join('、')}（备案）`)] : []),
      ],
    }],
  });
  return Packer.toBuffer(doc);
}
