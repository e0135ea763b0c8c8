/**
 * 逾期: the missed deadlines of every body, grouped by organisation — for the supervising
 * bodies (司法局, 执法协调小组办公室). The same content answers the chat word and the staff
 * API (GET /api/deadlines?state=missed).
 */
import { formatDue } from '../domain/calendar/calendar';
import { DEADLINE_LABEL, type Deadline } from '../domain/deadlines/deadline';
import type { Directory } from '../domain/organisation';
import type { Store } from '../domain/ports';
import { deadlineLine, subjectText } from './deadline-text';

/** The overview lists every missed deadline up to this many; one body's list (逾期 <单位>, ?org=) its latest this many. */
export const OVERDUE_LIMIT = 100;
/** Beyond OVERDUE_LIMIT, the overview lists each body's latest few beside its count. */
export const OVERDUE_PER_ORG = 3;

export { mayOversee } from '../domain/deadlines/access';

export interface OverdueGroup {
  orgId: number;
  /** How many it missed in all. */
  count: number;
  /** The ones listed: all, or the latest when there are many. */
  items: Deadline[];
}

export interface Overdue {
  total: number;
  groups: OverdueGroup[];
  /** Only one body's, when asked for one. */
  orgId?: number;
}

/**
 * Missed deadlines by organisation, with true counts. All of them while they are few
 * (OVERDUE_LIMIT); otherwise each body's latest OVERDUE_PER_ORG, the rest asked body by body.
 */
export async function overdueGroups(store: Store, orgId?: number): Promise<Overdue> {
  const counts = await store.deadlines.missedCounts(orgId);
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const perOrg = orgId !== undefined || total <= OVERDUE_LIMIT ? OVERDUE_LIMIT : OVERDUE_PER_ORG;
  const items = total ? await store.deadlines.missed({ perOrg, orgId }) : [];
  const byOrg = new Map<number, Deadline[]>();
  for (const d of items) byOrg.set(d.orgId, [...(byOrg.get(d.orgId) ?? []), d]);
  const groups = [...counts].map(([id, count]) => ({ orgId: id, count, items: byOrg.get(id) ?? [] }));
  return { total, groups, ...(orgId !== undefined ? { orgId } : {}) };
}

export function overdueText(r: Overdue, dir: Directory): string {
  if (!r.total) return r.orgId !== undefined ? `${dir.name(r.orgId)}目前没有逾期事项。` : '目前没有逾期事项。';
  const lines = [r.orgId !== undefined ? `${dir.name(r.orgId)}逾期事项（共 ${r.total} 项）：` : `逾期事项（共 ${r.total} 项）：`];
  for (const g of r.groups) {
    lines.push(`${dir.name(g.orgId)}（${g.count}）`, ...g.items.map((d) => deadlineLine(d, dir)));
    if (g.count > g.items.length) {
      const more = g.count - g.items.length;
      lines.push(r.orgId !== undefined ? `  ……另有较早的 ${more} 项未列出` : `  ……另有较早的 ${more} 项，发送“逾期 ${dir.name(g.orgId)}”查看`);
    }
  }
  return lines.join('\n');
}

/** The same as JSON. */
export function overdueJson(r: Overdue, dir: Directory) {
  return {
    state: 'missed',
    total: r.total,
    organisations: r.groups.map((g) => ({
      org: { code: dir.byId(g.orgId)?.code ?? null, name: dir.name(g.orgId) },
      count: g.count,
      listed: g.items.length,
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
