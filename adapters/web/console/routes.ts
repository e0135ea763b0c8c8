/**
 * The staff console at /console, mounted on the web server (server.ts `mount`): sign-in by a
 * code from chat, the ledgers, a record's page with its timeline, and exports. Every read
 * asks, at each request, the person's roles as they stand and the ledgers' domain rules
 * (db/ledgers): a ledger the person may not open is a 403, a record they may not see a 404.
 * Writes (sign-in, sign-out) are JSON from this origin only (guard.ts), like the chat's.
 */
import { readFileSync } from 'node:fs';
import type Router from '@koa/router';
import type Koa from 'koa';
import type { Db } from '../../../db/client';
import { LEDGERS, LEDGER_KINDS, type LedgerDef, accessContext } from '../../../db/ledgers';
import { type Listed, ledgerRows, listLedger } from '../../../db/ledgers/query';
import { TOKEN_INVALID, TOKEN_MISSING, bearerToken, hashApiToken } from '../../../bot/staff-api/feature';
import { personRequestLimit, waitText } from '../../../bot/limits';
import { deadlineTimeline, recordTimeline } from '../../../db/ledgers/timeline';
import { mayUseConsole } from '../../../domain/console';
import type { LimitSettings } from '../../../domain/limits';
import type { Directory } from '../../../domain/organisation';
import type { UnitOfWork } from '../../../domain/ports';
import type { Actor } from '../../../domain/roles';
import { refuseCrossSiteWrite } from '../guard';
import { CSS, HttpError, JS, readJson, retryAfter, serveFixed } from '../http';
import { dashboardFigures, dashboardMain } from './dashboard';
import { formatDocumentNo, documentNoPrefix, shanghaiYear } from '../../../domain/document-no';
import { recordDocument } from './official';
import { csvStream, exportName, xlsxStream } from './export';
import { PAGE_SIZE, parseLedgerQuery } from './filters';
import type { Html } from './html';
import { indexMain, layout, ledgerMain, loginPage, messageMain, recordMain } from './pages';
import { ConsoleSessions } from './session';

const asset = (name: string) => readFileSync(new URL(`./public/${name}`, import.meta.url), 'utf8');
const SCRIPT = asset('console.js');
const STYLE = asset('console.css');
const DASHBOARD = asset('dashboard.js');
// Apache ECharts as the package ships it for browsers: served from here, no build step.
const ECHARTS = readFileSync(new URL(import.meta.resolve('echarts/dist/echarts.min.js')));

export interface ConsoleOptions {
  uow: UnitOfWork;
  /** The database the ledgers read (read only). */
  db: () => Db;
  directory: Directory;
  limits: LimitSettings;
  clock?: () => Date;
  onError?: (e: unknown) => void;
}

const isKind = (k: string): k is (typeof LEDGER_KINDS)[number] => (LEDGER_KINDS as readonly string[]).includes(k);

export function consoleRoutes(o: ConsoleOptions): (router: Router) => void {
  const clock = o.clock ?? (() => new Date());
  const sessions = new ConsoleSessions(o.uow, o.limits, clock);
  const access = accessContext(o.directory);
  const grants = (personId: number) => o.uow.run((s) => s.people.grantsOf(personId));
  const opens = (a: Actor, def: LedgerDef) => def.mayOpen?.(a, access) ?? true;
  const limit = personRequestLimit(o.uow, o.limits);
  /** Past the person's or the address's limit: Retry-After set, and the wait in words. */
  async function overLimit(ctx: Koa.Context, personId: number): Promise<string | null> {
    const wait = await limit(personId, ctx.ip);
    if (!wait) return null;
    ctx.set('Retry-After', retryAfter(wait));
    return `请求过于频繁，请 ${waitText(wait)}后再试。`;
  }

  function page(ctx: Koa.Context, status: number, title: string, main: Html, a?: Actor, scripts: readonly string[] = []): void {
    ctx.status = status;
    ctx.type = 'html';
    ctx.set('Cache-Control', 'no-store');
    ctx.body = layout(title, main, a ? { actor: a, dir: o.directory, ledgers: LEDGER_KINDS.map((k) => LEDGERS[k]).filter((d) => opens(a, d)) } : undefined, scripts);
  }

  /** The signed-in member of staff, or the response is already made (to sign-in, or 403). */
  async function staff(ctx: Koa.Context): Promise<Actor | null> {
    const s = await sessions.person(ctx);
    if (!s) {
      ctx.redirect('/console/login');
      return null;
    }
    const over = await overLimit(ctx, s.personId);
    if (over) {
      page(ctx, 429, '请求过于频繁', messageMain('请求过于频繁', over));
      return null;
    }
    const a: Actor = { personId: s.personId, grants: await grants(s.personId) };
    if (!mayUseConsole(a)) {
      page(ctx, 403, '无权访问', messageMain('无权访问', '控制台供执法单位工作人员使用，您目前没有职务。'));
      return null;
    }
    return a;
  }

  /** The ledger of the path, and whether this person may open it (404 unknown, 403 not theirs). */
  function ledger(ctx: Koa.Context, a: Actor): LedgerDef | null {
    const kind = String(ctx.params.kind);
    if (!isKind(kind)) {
      page(ctx, 404, '未找到', messageMain('未找到', '没有这个台账。'), a);
      return null;
    }
    const def = LEDGERS[kind];
    if (!opens(a, def)) {
      page(ctx, 403, '无权访问', messageMain('无权访问', `您的职务不能查看${def.title}。`), a);
      return null;
    }
    return def;
  }

  /** The listed rows as a file, streamed batch by batch. */
  function exportLedger(ctx: Koa.Context, def: LedgerDef, listed: readonly Listed[], format: 'csv' | 'xlsx'): void {
    const db = o.db();
    ctx.set('Cache-Control', 'no-store');
    ctx.attachment(exportName(def, format, clock()));
    ctx.type = format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    ctx.body = format === 'csv' ? csvStream(db, def, listed, o.directory) : xlsxStream(db, def, listed, o.directory, (e) => o.onError?.(e));
  }

  return (router) => {
    serveFixed(router, '/console/console.js', JS, SCRIPT);
    serveFixed(router, '/console/console.css', CSS, STYLE);
    serveFixed(router, '/console/dashboard.js', JS, DASHBOARD);
    serveFixed(router, '/console/echarts.js', JS, ECHARTS);

    router.get('/console/dashboard', async (ctx) => {
      const a = await staff(ctx);
      if (!a) return;
      const figures = await dashboardFigures(o.db(), a, access, o.directory, clock());
      page(ctx, 200, '统计', dashboardMain(figures), a, ['/console/echarts.js', '/console/dashboard.js']);
    });

    router.get('/console/login', (ctx) => {
      const code = typeof ctx.query.code === 'string' ? ctx.query.code.slice(0, 20) : '';
      ctx.type = 'html';
      ctx.set('Cache-Control', 'no-store');
      ctx.body = loginPage(code);
    });

    router.post('/console/api/login', async (ctx) => {
      const refused = refuseCrossSiteWrite(ctx);
      if (refused) throw new HttpError(403, refused);
      const body = (await readJson(ctx, 1024)) as { code?: unknown } | null;
      const code = typeof body?.code === 'string' ? body.code : '';
      const r = await sessions.signIn(ctx, code, async (p) => mayUseConsole({ personId: p, grants: await grants(p) }));
      ctx.set('Cache-Control', 'no-store');
      if (!r.ok) throw new HttpError(r.status, r.reason, r.retryAfterMs ? { 'Retry-After': retryAfter(r.retryAfterMs) } : {});
      ctx.body = { ok: true, next: '/console' };
    });

    router.post('/console/api/logout', async (ctx) => {
      const refused = refuseCrossSiteWrite(ctx);
      if (refused) throw new HttpError(403, refused);
      await sessions.signOut(ctx);
      ctx.body = { ok: true, next: '/console/login' };
    });

    router.get('/console', async (ctx) => {
      const a = await staff(ctx);
      if (!a) return;
      page(ctx, 200, '台账', indexMain(LEDGER_KINDS.map((k) => LEDGERS[k]).filter((d) => opens(a, d))), a);
    });

    router.get('/console/ledger/:kind', async (ctx) => {
      const a = await staff(ctx);
      const def = a && ledger(ctx, a);
      if (!a || !def) return;
      const q = parseLedgerQuery(def, ctx.query, o.directory);
      if (!q.ok) {
        if (ctx.query.format) throw new HttpError(400, q.reason);
        return page(ctx, 400, '筛选条件有误', messageMain('筛选条件有误', q.reason), a);
      }
      const db = o.db();
      const listed = await listLedger(db, def, q.value.filter, a, access, clock());
      if (q.value.format) return exportLedger(ctx, def, listed, q.value.format);
      const start = (q.value.page - 1) * PAGE_SIZE;
      const rows = await ledgerRows(db, def, listed.slice(start, start + PAGE_SIZE));
      page(ctx, 200, def.title, ledgerMain(def, q.value, rows, listed.length, o.directory), a);
    });

    /** The same export for the staff API token (接口令牌): its holder's roles, the same rule. */
    router.get('/api/ledger/:kind', async (ctx) => {
      const token = bearerToken(ctx.get('authorization'));
      if (!token) throw new HttpError(401, TOKEN_MISSING, { 'WWW-Authenticate': 'Bearer realm="xietong"' });
      const personId = await o.uow.run((s) => s.apiTokens.holder(hashApiToken(token), clock()));
      if (personId == null) throw new HttpError(401, TOKEN_INVALID, { 'WWW-Authenticate': 'Bearer realm="xietong"' });
      const over = await overLimit(ctx, personId);
      if (over) throw new HttpError(429, over);
      const a: Actor = { personId, grants: await grants(personId) };
      const kind = String(ctx.params.kind);
      if (!isKind(kind)) throw new HttpError(404, `没有这个台账：${kind.slice(0, 40)}；可用：${LEDGER_KINDS.join('、')}`);
      const def = LEDGERS[kind];
      if (!mayUseConsole(a) || !opens(a, def)) throw new HttpError(403, `该令牌持有人的职务不能查看${def.title}。`);
      const q = parseLedgerQuery(def, ctx.query, o.directory);
      if (!q.ok) throw new HttpError(400, q.reason);
      if (!q.value.format) throw new HttpError(400, '请指定格式：format=csv 或 format=xlsx');
      exportLedger(ctx, def, await listLedger(o.db(), def, q.value.filter, a, access, clock()), q.value.format);
    });

    /** The record's official document (文书) for a person who may see the record (404 otherwise, as its page). */
    router.get('/console/ledger/:kind/:no/document', async (ctx) => {
      const a = await staff(ctx);
      const def = a && ledger(ctx, a);
      if (!a || !def) return;
      const no = String(ctx.params.no).slice(0, 100);
      const [seen] = await listLedger(o.db(), def, { only: no, sort: def.defaultSort.key, dir: 'asc' }, a, access, clock());
      const numberFor = (orgId: number) => {
        const at = clock();
        const year = shanghaiYear(at);
        const prefix = documentNoPrefix(o.directory.name(orgId), o.directory.all.map((x) => x.name));
        return o.uow.run((s) => s.console.documentNumber({ kind: def.kind, recordNo: seen!.no, orgId, year, format: (n) => formatDocumentNo(prefix, year, n) }, at));
      };
      const made = seen && (await recordDocument(o.db(), def, seen, access, numberFor));
      if (!made) return page(ctx, 404, '未找到', messageMain('未找到', `${def.title}中没有您可查看的 ${no} 的文书。`), a);
      if (!made.ok) return page(ctx, 409, '暂不能出具', messageMain('暂不能出具', made.reason), a);
      ctx.set('Cache-Control', 'no-store');
      ctx.attachment(made.file);
      ctx.type = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
      ctx.body = made.docx;
    });

    router.get('/console/ledger/:kind/:no', async (ctx) => {
      const a = await staff(ctx);
      const def = a && ledger(ctx, a);
      if (!a || !def) return;
      const no = String(ctx.params.no).slice(0, 100);
      const db = o.db();
      const [listed] = await listLedger(db, def, { only: no, sort: def.defaultSort.key, dir: 'asc' }, a, access, clock());
      // A record this person may not see is, to them, one that does not exist.
      const [row] = listed ? await ledgerRows(db, def, [listed]) : [];
      if (!row) return page(ctx, 404, '未找到', messageMain('未找到', `${def.title}中没有您可查看的 ${no}。`), a);
      const timeline = def.kind === 'deadlines' ? await deadlineTimeline(db, Number(row.no)) : await recordTimeline(db, def, row.no);
      page(ctx, 200, `${def.title} ${row.no}`, recordMain(def, row, timeline, o.directory), a);
    });
  };
}
