/**
 * npm run calendar -- --file notice.json
 * Enters a year's holiday notice (国务院办公厅节假日安排) from a file on the server:
 * {"year": 2027, "holidays": [{"name": "元旦", "days": ["2027-01-01"]}, …], "workdays": ["2027-02-07", …]}
 * It is checked (nothing is stored when anything is wrong) and waits, like one entered in
 * chat, for a 司法局 staff member or an administrator to confirm it in chat (确认节假日 2027).
 * With the embedded database the running server owns the data directory, so the notice is
 * sent to it (loopback + admin token, as `npm run invite`); otherwise the database is opened directly.
 */
import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseNoticeFile, submitNoticeFile } from '../bot/calendar/notice-file';
import { loadDirectory } from '../bot/services';
import type { Database } from '../db/client';
import { seedDirectory } from '../db/seed';
import { unitOfWork } from '../db/store';
import { type HolidayNotice, noticeLines } from '../domain/calendar/notice';
import { readConfig } from './config';
import { adminToken, privateFiles } from './data-dir';
import { serverOrDatabase } from './direct-database';

privateFiles();

const MAX_FILE = 256 * 1024;

const { values } = parseArgs({ options: { file: { type: 'string' } } });
if (!values.file) {
  console.error('用法: npm run calendar -- --file <节假日安排.json>\n文件格式: {"year": 2027, "holidays": [{"name": "元旦", "days": ["2027-01-01"]}], "workdays": ["2027-02-07"]}');
  process.exit(2);
}
const config = readConfig();

function readNotice(file: string): unknown {
  let text: string;
  try {
    if (statSync(file).size > MAX_FILE) throw new Error(`文件超过 ${MAX_FILE / 1024} KB`);
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`无法读取文件 ${file}：${(e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`文件不是有效的 JSON：${(e as Error).message}`);
  }
}

async function viaServer(port: number, json: unknown): Promise<HolidayNotice> {
  const res = await fetch(`http://127.0.0.1:${port}/admin/calendar`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken(config.dataDir)}` },
    body: JSON.stringify(json),
  });
  const body = (await res.json()) as { notice?: HolidayNotice; error?: string };
  if (!res.ok || !body.notice) throw new Error(body.error ?? `HTTP ${res.status}`);
  return body.notice;
}

async function direct(database: Database, json: unknown): Promise<HolidayNotice> {
  try {
    await seedDirectory(database.db);
    const uow = unitOfWork(database.db);
    const r = await submitNoticeFile(uow, await loadDirectory(uow), json, new Date());
    if (!r.ok) throw new Error(r.reason);
    return r.value;
  } finally {
    await database.close();
  }
}

try {
  const json = readNotice(values.file);
  const checked = parseNoticeFile(json); // before touching the database or the server
  if (!checked.ok) throw new Error(checked.reason);
  const target = await serverOrDatabase(config);
  const notice = target.kind === 'server' ? await viaServer(target.port, json) : await direct(target.database, json);
  console.log(
    [
      `已录入${notice.year}年节假日安排（待确认）：`,
      ...noticeLines(notice),
      `须由司法局工作人员或管理员在聊天中发送“确认节假日 ${notice.year}”核对确认后生效（已通知他们）。`,
    ].join('\n'),
  );
} catch (e) {
  console.error(`未保存：${(e as Error).message}`);
  process.exit(1);
}
