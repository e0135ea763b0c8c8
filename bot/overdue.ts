/**
 * 逾期: the missed deadlines of every body, grouped by organisation — for the supervising
 * bodies (司法局, 执法协调小组办公室). The same content answers the chat word and the staff
 * API (GET /api/deadlines?state=missed).
 */
import { formatDue } from '../domain/calendar/calendar';
import { DEADLINE_LABEL, type Deadline } from '../domain/deadlines/deadline';
import { type Directory, ORG } from '../domain/organisation';
import type { Store } from '../domain/ports';
import { type Actor, isAdmin } from '../domain/roles';
import { deadlineLine, subjectText } from './deadline-text';

export const OVERDUE_LIMIT = 100;

/** Staff of 司法局 or 协调办 (any role there), and administrators. */
export function mayOversee(actor: Actor, dir: Directory): boolean {
  const supervising = [ORG.justiceBureau, ORG.coordinationOffice].map((c) => dir.byCode(c)?.id);
  return isAdmin(actor) || actor.grants.some((g) => supervising.includes(g.orgId));
}

export interface OverdueGroup {
  orgId: number;
  items: Deadline[];
}

/** Missed deadlines by organisation (in the order the repository gives: by organisation, then due time). */
export async function overdueGroups(store: Store): Promise<{ total: number; groups: OverdueGroup[] }> {
  const missed = await store.deadlines.missed(OVERDUE_LIMIT);
  const byOrg = new Map<number, Deadline[]>();
  for (const d of missed) byOrg.set(d.orgId, [...(byOrg.get(d.orgId) ?? []), d]);
  return { total: missed.length, groups: [...byOrg].map(([orgId, items]) => ({ orgId, items })) };
}

export function overdueText(r: { total: number; groups: OverdueGroup[] }, dir: Directory): string {
  if (!r.total) return '目前没有逾期事项。';
  const lines = [`逾期事项（${r.total} 项）：`];
  for (const g of r.groups) lines.push(`${dir.name(g.orgId)}（${g.items.length}）`, ...g.items.map((d) => deadlineLine(d, dir)));
  return lines.join('\n');
}

/** The same as JSON. */
export function overdueJson(r: { total: number; groups: OverdueGroup[] }, dir: Directory) {
  return {
    state: 'missed',
    total: r.total,
    organisations: r.groups.map((g) => ({
      org: { code: dir.byId(g.orgId)?.code ?? null, name: dir.name(g.orgId) },
      count: g.items.length,
      items: g.items.map((d) => ({
        kind: d.kind,
        label: DEADLINE_LABEL[d.kind],
        subject: { type: d.subject.type, id: d.subject.id, text: subjectText(d) },
        dueAt: d.dueAt.toISOString(),
        due: formatDue({ due: d.dueAt, provisional: d.provisional }),
        provisional: d.provisional,
        missedAt: d.state === 'missed' ? d.missedAt.toISOString() : null,
        rule: d.rule,
        ...(d.required !== undefined ? { required: d.required, progress: d.progress ?? 0 } : {}),
      })),
    })),
  };
}
