/**
 * The console's dashboard: figures counted from the very ledger rows the person may see
 * (db/ledgers, the same rule and the same filters), so a chart's number is the ledger's
 * count — each figure links to the ledger it counts. Drawn with Apache ECharts in the
 * browser (dashboard.js) from the figures' JSON in a data attribute; the same numbers stand
 * in a table beside each chart, for a reader without script or sight.
 */
import type { Db } from '../../../db/client';
import { LEDGERS } from '../../../db/ledgers';
import type { AccessContext } from '../../../db/ledgers/def';
import { type LedgerFilter, type LedgerRow, ledgerBatches, listLedger } from '../../../db/ledgers/query';
import type { Directory } from '../../../domain/organisation';
import { DEADLINE_LABEL } from '../../../domain/deadlines/deadline';
import type { Actor } from '../../../domain/roles';
import { formatTime } from './format';
import { type Html, html, queryString } from './html';

export interface Figure {
  id: string;
  title: string;
  /** The ledger it counts, with its filters (or, when its series have their own, what they are drawn from). */
  ledger: string;
  categories: string[];
  /** Each series' own ledger, when the figure joins several (its count is that ledger's). */
  series: { name: string; data: number[]; ledger?: string }[];
}

async function rowsOf(db: Db, kind: 'complaints' | 'deadlines' | 'disputes' | 'transfers', f: Omit<LedgerFilter, 'sort' | 'dir'>, a: Actor, x: AccessContext, now: Date): Promise<LedgerRow[]> {
  const def = LEDGERS[kind];
  const listed = await listLedger(db, def, { ...f, sort: def.defaultSort.key, dir: def.defaultSort.dir }, a, x, now);
  const out: LedgerRow[] = [];
  for await (const batch of ledgerBatches(db, def, listed)) out.push(...batch);
  return out;
}

/** Counts by (category, series); categories and series in the order given or sorted. */
function tally(rows: readonly LedgerRow[], category: (r: LedgerRow) => string, series: (r: LedgerRow) => string): Pick<Figure, 'categories' | 'series'> {
  const cats = [...new Set(rows.map(category))].sort();
  const names = [...new Set(rows.map(series))].sort();
  return {
    categories: cats,
    series: names.map((name) => ({ name, data: cats.map((c) => rows.filter((r) => category(r) === c && series(r) === name).length) })),
  };
}

const month = (v: unknown) => formatTime(v).slice(0, 7);
/** The Monday (Asia/Shanghai) of the week of an instant: `2026-11-30`. */
function weekOf(v: unknown): string {
  const local = new Date(new Date(formatTime(v).slice(0, 10) + 'T00:00:00Z').getTime());
  const back = (local.getUTCDay() + 6) % 7;
  return new Date(local.getTime() - back * 86_400_000).toISOString().slice(0, 10);
}

/** A clock kind's word, as the deadlines ledger searches it (its 期限类别). */
const onTimeSeries: Record<string, string> = { met: '按期完成', missed: '逾期', open: '进行中', waived: '免除' };
/** The duties each unit owes (M9, M11, 四(三)): their clocks met, per unit. */
const DUTIES = ['self-assessment', 'officer-evaluation', 'guiding-cases', 'info-reports'] as const;

/** A figure joining several ledgers: one series per ledger, categories across them. */
function joined(series: { name: string; ledger: string; rows: readonly LedgerRow[] }[], category: (r: LedgerRow) => string): Pick<Figure, 'categories' | 'series'> {
  const cats = [...new Set(series.flatMap((s) => s.rows.map(category)))].sort();
  return { categories: cats, series: series.map((s) => ({ name: s.name, ledger: s.ledger, data: cats.map((c) => s.rows.filter((r) => category(r) === c).length) })) };
}

export async function dashboardFigures(db: Db, a: Actor, x: AccessContext, dir: Directory, now: Date): Promise<Figure[]> {
  const body = (key: string) => (r: LedgerRow) => dir.name(Number(r.values[key]));
  const label = (kind: 'deadlines' | 'disputes' | 'transfers', key: string) => (r: LedgerRow) => {
    const c = LEDGERS[kind].columns.find((c) => c.key === key)!;
    return c.labels?.[String(r.values[key])] ?? String(r.values[key] ?? '');
  };
  const complaints = await rowsOf(db, 'complaints', {}, a, x, now);
  const overdue = await rowsOf(db, 'deadlines', { overdue: true }, a, x, now);
  const open = await rowsOf(db, 'deadlines', { state: 'open' }, a, x, now);
  // 受理告知 and 投诉办结 by body and how their clocks ended: the 12345 platforms' on-time rate.
  const onTime = async (id: string, kind: 'complaint-accept' | 'complaint-resolve', title: string): Promise<Figure> => {
    const word = DEADLINE_LABEL[kind];
    const rows = await rowsOf(db, 'deadlines', { terms: [word] }, a, x, now);
    return { id, title, ledger: `/console/ledger/deadlines${queryString({ q: word })}`, ...tally(rows, body('org'), (r) => onTimeSeries[String(r.values.status)] ?? String(r.values.status)) };
  };
  const duties = await Promise.all(DUTIES.map(async (k) => {
    const word = DEADLINE_LABEL[k];
    return { name: word, ledger: `/console/ledger/deadlines${queryString({ state: 'met', q: word })}`, rows: await rowsOf(db, 'deadlines', { state: 'met', terms: [word] }, a, x, now) };
  }));
  const disputes = await rowsOf(db, 'disputes', {}, a, x, now);
  const transfers = await rowsOf(db, 'transfers', {}, a, x, now);
  return [
    { id: 'complaints-by-month', title: '投诉举报：按月份和承办单位', ledger: '/console/ledger/complaints', ...tally(complaints, (r) => month(r.values.registeredAt), body('handling')) },
    await onTime('accept-on-time', 'complaint-accept', '受理告知：按期情况（按承办单位）'),
    await onTime('resolve-on-time', 'complaint-resolve', '投诉办结：按期情况（按承办单位）'),
    { id: 'overdue-by-body', title: '逾期期限：按责任单位', ledger: `/console/ledger/deadlines${queryString({ overdue: 1 })}`, ...tally(overdue, body('org'), () => '逾期') },
    { id: 'open-by-week', title: '未到期期限：按截止周（周一）', ledger: `/console/ledger/deadlines${queryString({ state: 'open' })}`, ...tally(open, (r) => weekOf(r.values.dueAt), () => '期限') },
    { id: 'duties-by-unit', title: '履职任务完成：考核自评、考核评议、案例、信息报送（按单位）', ledger: '/console/ledger/deadlines?state=met', ...joined(duties, body('org')) },
    { id: 'dispute-flow', title: '争议协调：各环节数量', ledger: '/console/ledger/disputes', ...tally(disputes, label('disputes', 'status'), label('disputes', 'kind')) },
    { id: 'transfer-flow', title: '案件移送：各环节数量（按移送类型）', ledger: '/console/ledger/transfers', ...tally(transfers, label('transfers', 'status'), label('transfers', 'route')) },
  ];
}

export function dashboardMain(figures: readonly Figure[]): Html {
  return html`<h1>统计</h1>${figures.map((f) => html`<section class="figure" aria-labelledby="${f.id}-title">
<h2 id="${f.id}-title">${f.title}</h2>
<div class="chart" id="${f.id}" data-figure="${JSON.stringify(f)}" role="img" aria-label="${f.title}（数字见下表）"></div>
<div class="table"><table id="${f.id}-table"><thead><tr><th scope="col"></th>${f.categories.map((c) => html`<th scope="col">${c}</th>`)}<th scope="col">合计</th></tr></thead>
<tbody>${f.series.map((s) => html`<tr><th scope="row">${s.ledger ? html`<a href="${s.ledger}">${s.name}</a>` : s.name}</th>${s.data.map((n) => html`<td>${n}</td>`)}<td>${s.data.reduce((p, n) => p + n, 0)}</td></tr>`)}</tbody></table></div>
<p>${f.series.some((s) => s.ledger) ? '各项台账见表中链接' : html`<a href="${f.ledger}">查看台账</a>`}（共 <span class="figure-total">${f.series.reduce((p, s) => p + s.data.reduce((q, n) => q + n, 0), 0)}</span> 条）</p>
</section>`)}`;
}
