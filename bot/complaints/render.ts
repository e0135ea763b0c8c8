/** How a complaint reads in chat, for a given viewer (identity shown only where allowed). */
import { formatDue, formatLocal } from '../../domain/calendar/calendar';
import { type Complaint, type Contact, STATUS_LABEL } from '../../domain/complaint';
import { identityFor } from '../../domain/complaint-access';
import type { Deadline } from '../../domain/deadlines/deadline';
import type { Directory } from '../../domain/organisation';
import { ORG } from '../../domain/organisation';
import type { Actor } from '../../domain/roles';

export function handlingLine(c: Complaint, dir: Directory): string {
  const org = dir.byId(c.handlingOrgId);
  if (!org) return '承办单位：（未知）';
  const contact = [org.receivingBody && `受理机构：${org.receivingBody}`, org.phone && `电话：${org.phone}`].filter(Boolean).join('，');
  return `承办单位：${org.name}${contact ? `（${contact}）` : ''}`;
}

/** The clocks of answers owed on a complaint (办结, 协查答复), when they exist. */
export interface ComplaintClocks {
  resolve?: Deadline | null;
  assist?: Deadline | null;
}

const dueOf = (d: Deadline): string => formatDue({ due: d.dueAt, provisional: d.provisional });

export function nextDeadlineLine(c: Complaint, clocks: ComplaintClocks = {}): string {
  switch (c.status) {
    case 'registered':
      return `下一期限：受理告知，截至 ${formatDue(c.acceptDue)}`;
    case 'accepted':
      return clocks.resolve ? `下一期限：办理结果告知，截至 ${dueOf(clocks.resolve)}` : '下一期限：办理结果告知（按承办单位法定办理时限）';
    case 'resolved':
      return '下一期限：无（已办结）';
  }
}

/** The 被投诉对象 line: the body when known, else the citizen's words. */
export function accusedLine(c: Pick<Complaint, 'accused' | 'accusedText'>, dir: Directory): string | null {
  switch (c.accused.kind) {
    case 'body':
      return `被投诉对象：${dir.name(c.accused.orgId)}`;
    case 'unresolved':
      return `被投诉对象：${c.accusedText ? `${c.accusedText}（` : '（'}被投诉单位未确定）`;
    case 'none':
      return c.accusedText ? `被投诉对象：${c.accusedText}` : null;
  }
}

function contactLine(c: Contact): string {
  const reach = [c.phone && `电话：${c.phone}`, c.email && `邮箱：${c.email}`].filter(Boolean).join('，');
  return `联系人：${c.name ?? '（未留姓名）'}，${reach}`;
}

export function facts(c: Complaint, dir: Directory, viewer: Actor): string[] {
  const lines = [`事由：${c.what}`, `地点：${c.where}`, `时间：${c.when}`];
  const accused = accusedLine(c, dir);
  if (accused) lines.push(accused);
  // Identity only through the one policy (domain/complaint-access.ts).
  const identity = identityFor(viewer, c, dir.byCode(ORG.justiceBureau)!.id);
  if (!identity.shown) lines.push('联系人：（依规定保密，仅无利害关系的承办单位可见）');
  else lines.push(identity.contact ? contactLine(identity.contact) : '联系人：匿名');
  return lines;
}

/** The 协助调查 request and its answer: investigation material, for staff only. */
function assistLine(c: Complaint, dir: Directory, clock: Deadline | null | undefined): string | null {
  if (c.assistingOrgId == null) return null;
  const a = c.assistAnswer;
  if (a) return `协助调查：${dir.name(c.assistingOrgId)}，已答复（${formatLocal(a.at)}）：${a.text}`;
  return `协助调查：${dir.name(c.assistingOrgId)}，待答复${clock ? `（期限 ${dueOf(clock)}）` : ''}`;
}

/** The answer to 查询 <编号>. */
export function statusText(c: Complaint, dir: Directory, viewer: Actor, clocks: ComplaintClocks = {}): string {
  const lines = [`投诉举报 ${c.trackingNo}`, `状态：${STATUS_LABEL[c.status]}`, handlingLine(c, dir), `登记时间：${formatLocal(c.registeredAt)}`];
  if (c.status !== 'registered') lines.push(`受理时间：${formatLocal(c.acceptedAt)}`);
  if (c.status === 'resolved') lines.push(`办结时间：${formatLocal(c.resolvedAt)}`, `办理结果：${c.result}`);
  lines.push(nextDeadlineLine(c, clocks));
  if (viewer.personId !== c.complainantPersonId) {
    const assist = assistLine(c, dir, clocks.assist);
    lines.push(...(assist ? [assist] : []), '——', ...facts(c, dir, viewer));
  }
  return lines.join('\n');
}
