/**
 * POST /api/approvals — the approval bureau's system pushes its decisions (M14 二
 * 「审批决定基本信息自动导入」). `Authorization: Bearer <APPROVALS_API_TOKEN>`; the body is
 * one decision, an array of them, or {"decisions": [...]}, with the fields of
 * domain/approvals/decision.ts (decisionNo, item, applicant, decidedOn, licenceNo?,
 * validUntil?). Answers 200 with what was imported, what was already there (a re-import
 * is harmless) and what was refused and why.
 */
import type Router from '@koa/router';
import type { Directory } from '../../domain/organisation';
import type { UnitOfWork } from '../../domain/ports';
import { MAX_IMPORT, importDecisions } from '../../bot/approvals/import';
import { HttpError, readJson } from './http';
import { safeEqual } from './server';

const MAX_BODY = 2 * 1024 * 1024;

export interface ApprovalsApiOptions {
  uow: UnitOfWork;
  directory: Directory;
  /** APPROVALS_API_TOKEN; the endpoint refuses every call without one. */
  token: string | undefined;
  clock?: () => Date;
  pushPlatforms?: () => ReadonlySet<string>;
}

export function approvalsApi(o: ApprovalsApiOptions) {
  return (router: Router) => {
    router.post('/api/approvals', async (ctx) => {
      if (!o.token) throw new HttpError(403, '审批决定导入接口未启用：服务器未配置 APPROVALS_API_TOKEN');
      const given = (ctx.get('authorization').match(/^Bearer\s+(\S+)$/i) ?? [])[1];
      if (!given) throw new HttpError(401, '缺少令牌：请在 Authorization 头中提供 Bearer 令牌');
      if (!safeEqual(given, o.token)) throw new HttpError(403, '令牌无效，无权导入审批决定');
      let body: unknown;
      try {
        body = await readJson(ctx, MAX_BODY);
      } catch (e) {
        if (e instanceof HttpError && e.status === 400) throw new HttpError(400, '请求体不是有效的 JSON，应为审批决定对象、数组或 {"decisions": [...]}');
        throw e;
      }
      const rows = Array.isArray(body) ? body : body && typeof body === 'object' && Array.isArray((body as { decisions?: unknown }).decisions) ? (body as { decisions: unknown[] }).decisions : [body];
      if (!rows.length) throw new HttpError(400, '没有审批决定');
      if (rows.length > MAX_IMPORT) throw new HttpError(400, `一次最多导入 ${MAX_IMPORT} 条审批决定`);
      const now = (o.clock ?? (() => new Date()))();
      const report = await o.uow.run((store) =>
        importDecisions({ store, directory: o.directory, now, running: o.pushPlatforms?.() ?? new Set(), source: 'api' }, rows),
      );
      ctx.body = report;
    });
  };
}
