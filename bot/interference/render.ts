/** How a 干预记录 reads in chat, for a given viewer (the recorder shown only where allowed). */
import { formatLocal } from '../../domain/calendar/calendar';
import { type InterferenceFacts, type InterferenceRecord, shortHash } from '../../domain/interference';
import type { Directory } from '../../domain/organisation';

/** 干预单位 as written, with the directory's body it was matched to. */
export function unitLine(f: Pick<InterferenceFacts, 'interfererUnit' | 'interfererOrgId'>, dir: Directory): string {
  const org = f.interfererOrgId != null ? dir.name(f.interfererOrgId) : null;
  if (!f.interfererUnit) return `干预单位：${org ? `${org}（据人员信息识别）` : '—'}`;
  return `干预单位：${f.interfererUnit}${org && org !== f.interfererUnit ? `（${org}）` : ''}`;
}

export function factLines(f: InterferenceFacts, dir: Directory): string[] {
  return [
    `涉及案件：${f.caseRef}`,
    unitLine(f, dir),
    `干预人员：${f.interfererPerson ?? '—'}`,
    `干预时间：${f.occurred}`,
    `干预方式：${f.method}`,
    `提出的要求：${f.request}`,
    `应对情况：${f.response ?? '—'}`,
  ];
}

/** The recorder as a viewer may see them: name and body, or the confidentiality note. */
export function recorderLine(r: InterferenceRecord, dir: Directory, visible: boolean, name: string | null): string {
  if (!visible) return '记录人：（依规定对被记录单位保密）';
  return `记录人：${name ?? `人员 #${r.recorderPersonId}`}（${dir.name(r.recorderOrgId)}）`;
}

export function recordText(r: InterferenceRecord, dir: Directory, recorder: string): string {
  return [
    `干预记录 ${r.recordNo}`,
    `记录时间：${formatLocal(r.recordedAt)}`,
    ...factLines(r, dir),
    recorder,
    `校验值：${shortHash(r.hash)}`,
  ].join('\n');
}

/** One line of 干预记录列表. */
export function listLine(r: InterferenceRecord, dir: Directory): string {
  const who = [r.interfererOrgId != null ? dir.name(r.interfererOrgId) : r.interfererUnit, r.interfererPerson].filter(Boolean).join(' ');
  const about = r.caseRef.length > 24 ? `${r.caseRef.slice(0, 24)}…` : r.caseRef;
  return `· ${r.recordNo} ${formatLocal(r.recordedAt)} ${who}（${r.method}）：${about}`;
}

/** The chain head as told to the other supervising body: place and hash, no content. */
export function headNotice(r: InterferenceRecord, body: string): string {
  return [
    `【干预记录存证】干预记录链新增第 ${r.seq} 条（${formatLocal(r.recordedAt)}），最新校验值 ${shortHash(r.hash)}。`,
    `${body}留存本通知作为存证：记录内容由存档单位保管，本通知不含内容。`,
    `核验时可发送：核验干预记录 第${r.seq}条 ${shortHash(r.hash)}`,
  ].join('\n');
}
