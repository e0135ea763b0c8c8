/**
 * npm run invite -- --org <单位> --role <角色> [--hours 72]
 * Prints a single-use invitation code. With the embedded database the running server
 * owns the data directory, so the code is asked of it (loopback + admin token);
 * otherwise the database is opened directly.
 */
import { parseArgs } from 'node:util';
import { issueInvite } from '../bot/invites';
import { loadDirectory } from '../bot/services';
import type { Database } from '../db/client';
import { seedDirectory } from '../db/seed';
import { unitOfWork } from '../db/store';
import { readConfig } from './config';
import { adminToken, privateFiles } from './data-dir';
import { serverOrDatabase } from './direct-database';

privateFiles();

const { values } = parseArgs({ options: { org: { type: 'string' }, role: { type: 'string' }, hours: { type: 'string' } } });
if (!values.org || !values.role) {
  console.error('用法: npm run invite -- --org <单位名称或代码> --role <officer|liaison|head|justice|coordination|approval|admin> [--hours 72]');
  process.exit(2);
}
const hours = values.hours ? Number(values.hours) : undefined;
const config = readConfig();

type Issued = { code: string; org: string; role: string; expiresAt: string };

async function viaServer(port: number): Promise<Issued> {
  const res = await fetch(`http://127.0.0.1:${port}/admin/invites`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken(config.dataDir)}` },
    body: JSON.stringify({ org: values.org, role: values.role, ...(hours ? { hours } : {}) }),
  });
  const body = (await res.json()) as Issued & { error?: string };
  if (!res.ok) throw new Error(body.error ?? `HTTP ${res.status}`);
  return body;
}

async function direct(database: Database): Promise<Issued> {
  try {
    await seedDirectory(database.db);
    const uow = unitOfWork(database.db);
    const directory = await loadDirectory(uow);
    const r = await uow.run((s) => issueInvite(s, directory, values.org!, values.role!, new Date(), hours));
    if (!r.ok) throw new Error(r.reason);
    return { code: r.value.code, org: r.value.org, role: r.value.role, expiresAt: r.value.expiresAt.toISOString() };
  } finally {
    await database.close();
  }
}

try {
  const target = await serverOrDatabase(config);
  const issued = target.kind === 'server' ? await viaServer(target.port) : await direct(target.database);
  console.log(`邀请码: ${issued.code}\n单位: ${issued.org}\n角色: ${issued.role}\n有效期至: ${issued.expiresAt}\n在聊天中发送: 绑定 ${issued.code}`);
} catch (e) {
  console.error(`生成失败: ${(e as Error).message}`);
  process.exit(1);
}
