/**
 * npm run import-approvals -- decisions.csv
 * Imports the approval bureau's decisions from a CSV export (UTF-8, header row: 审批决定文号,
 * 审批事项, 申请人, 决定日期[, 证照编号, 有效期至] — or the API names decisionNo, item,
 * applicant, decidedOn, licenceNo, validUntil). Each decision is classified and sent to the
 * supervising department's liaison; one already imported is skipped. With the embedded
 * database and the server running, the rows go through the server's POST /api/approvals
 * (APPROVALS_API_TOKEN must be set here as there); otherwise the database is opened directly.
 */
import { readFileSync } from 'node:fs';
import { importDecisions, decisionsFromCsv, reportText, type ImportReport } from '../bot/approvals/import';
import { loadDirectory } from '../bot/services';
import type { Database } from '../db/client';
import { seedDirectory } from '../db/seed';
import { unitOfWork } from '../db/store';
import { readConfig } from './config';
import { privateFiles } from './data-dir';
import { serverOrDatabase } from './direct-database';

privateFiles();

const file = process.argv.slice(2).find((a) => a !== '--');
if (!file) {
  console.error('用法: npm run import-approvals -- <审批决定.csv>');
  process.exit(2);
}
const config = readConfig();

async function viaServer(port: number, rows: unknown[]): Promise<ImportReport> {
  const token = process.env.APPROVALS_API_TOKEN;
  if (!token) throw new Error('服务器正在使用内嵌数据库：请设置与服务器相同的 APPROVALS_API_TOKEN 后重试');
  const res = await fetch(`http://127.0.0.1:${port}/api/approvals`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ decisions: rows }),
  });
  const body = (await res.json()) as ImportReport & { error?: string };
  if (!res.ok) throw new Error(body.error ?? `HTTP ${res.status}`);
  return body;
}

async function direct(database: Database, rows: unknown[]): Promise<ImportReport> {
  try {
    await seedDirectory(database.db);
    const uow = unitOfWork(database.db);
    const directory = await loadDirectory(uow);
    return await uow.run((store) => importDecisions({ store, directory, now: new Date(), running: new Set(), source: 'csv' }, rows));
  } finally {
    await database.close();
  }
}

try {
  const rows = decisionsFromCsv(readFileSync(file, 'utf8'));
  if (!rows.ok) throw new Error(rows.reason);
  const target = await serverOrDatabase(config);
  const report = target.kind === 'server' ? await viaServer(target.port, rows.value) : await direct(target.database, rows.value);
  console.log(reportText(report));
  if (report.rejected.length) process.exitCode = 1;
} catch (e) {
  console.error(`导入失败: ${(e as Error).message}`);
  process.exit(1);
}
