/**
 * Staff API tokens (接口令牌): staff of the supervising bodies (司法局, 协调办) get a bearer
 * token by chat for GET /api/deadlines?state=missed — the 逾期 list as JSON. A token is
 * shown once, stored only as a hash, replaced by the next one and revocable by chat; each
 * request checks that its holder still belongs to a supervising body.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Directory } from '../../domain/organisation';
import type { UnitOfWork } from '../../domain/ports';
import { type Feature } from '../feature';
import { command } from '../router/command';
import { mayOversee, overdueGroups, overdueJson } from '../overdue';

export const TOKEN_PREFIX = 'xt_';

export const newApiToken = (): string => TOKEN_PREFIX + randomBytes(32).toString('base64url');
export const hashApiToken = (token: string): string => createHash('sha256').update(`xietong-api:${token}`).digest('hex');

/** The token of an `Authorization: Bearer …` header, or null; and the two refusals every token endpoint gives. */
export const bearerToken = (authorization: string | undefined): string | null => (authorization ?? '').match(/^Bearer\s+(\S+)\s*$/i)?.[1] ?? null;
export const TOKEN_MISSING = '缺少接口令牌：请在 Authorization 请求头中提供“Bearer 令牌”（在对话中向助手发送“接口令牌”获取）。';
export const TOKEN_INVALID = '接口令牌无效或已作废，请在对话中发送“接口令牌”重新获取。';

const WHO = '接口令牌供司法局、执法协调小组办公室工作人员查询各单位逾期事项。';

export const staffApi: Feature = {
  name: 'staff-api',
  flows: [],
  commands: [
    command({
      words: ['接口令牌', '获取接口令牌', 'API令牌'],
      who: (t) => mayOversee(t.actor, t.services.directory),
      denied: WHO,
      help: '接口令牌 / 撤销接口令牌 —— 获取或作废逾期事项查询接口（GET /api/deadlines?state=missed）的令牌',
      async run(t) {
        const token = newApiToken();
        await t.store.apiTokens.issue(t.actor.personId, hashApiToken(token), t.now);
        return {
          replies: [{
            text: [
              '接口令牌（只显示这一次，请妥善保存，不要转发）：',
              token,
              '用法：GET /api/deadlines?state=missed，请求头 Authorization: Bearer <令牌>',
              '您此前的令牌已作废。发送“撤销接口令牌”可随时作废本令牌。',
            ].join('\n'),
            secret: true,
          }],
        };
      },
    }),
    command({
      words: ['撤销接口令牌', '作废接口令牌'],
      async run(t) {
        const n = await t.store.apiTokens.revoke(t.actor.personId, t.now);
        return n ? `已作废您的接口令牌（${n} 个）。` : '您没有有效的接口令牌。';
      },
    }),
  ],
};

export interface ApiAnswer {
  status: number;
  body: unknown;
}

/**
 * GET /api/deadlines?state=missed with `Authorization: Bearer <token>`: 401 without a live
 * token, 403 when its holder is not (or no longer) staff of a supervising body, 400 for
 * another state; else the same content as 逾期.
 */
export async function missedDeadlinesApi(
  uow: UnitOfWork, directory: Directory, authorization: string | undefined, query: { state?: unknown; org?: unknown }, now: Date,
): Promise<ApiAnswer> {
  const token = bearerToken(authorization);
  if (!token) return { status: 401, body: { error: TOKEN_MISSING } };
  return uow.run(async (store) => {
    const personId = await store.apiTokens.holder(hashApiToken(token), now);
    if (personId == null) return { status: 401, body: { error: TOKEN_INVALID } };
    if (!mayOversee({ personId, grants: await store.people.grantsOf(personId) }, directory)) {
      return { status: 403, body: { error: '仅司法局、执法协调小组办公室工作人员可以查看各单位逾期事项。' } };
    }
    if (query.state !== 'missed') return { status: 400, body: { error: '目前只支持查询逾期事项：state=missed。' } };
    if (query.org === undefined) return { status: 200, body: overdueJson(await overdueGroups(store), directory) };
    const org = typeof query.org === 'string' ? directory.byCode(query.org) : undefined;
    if (!org) return { status: 400, body: { error: `未知的单位代码 org=${String(query.org).slice(0, 40)}；单位代码见 overdue 结果中的 org.code。` } };
    return { status: 200, body: overdueJson(await overdueGroups(store, org.id), directory) };
  });
}
