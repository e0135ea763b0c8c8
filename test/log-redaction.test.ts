/**
 * Logs keep no phone numbers, names or credentials: a turn that fails while saving a
 * complaint with a contact is logged with what failed, not with the complainant's name
 * and phone (drizzle puts a failed query's parameters in the error); and whatever a log
 * line carries under a personal key, or a phone number anywhere, comes out redacted.
 */
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { TelegramError } from 'telegraf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unitOfWork } from '../db/store';
import { createLogger } from '../scripts/log';
import { type TestDatabase, testDatabase } from './support/db';
import { WebClient } from './support/http';
import { type WebApp, serveEngine } from './support/web-app';

const PHONE = '13812345678';
let database: TestDatabase;
let web: WebApp;
const out: string[] = [];
const log = createLogger('debug', new Writable({ write(chunk, _enc, cb) { out.push(String(chunk)); cb(); } }));

beforeAll(async () => {
  database = await testDatabase();
  web = await serveEngine({ uow: unitOfWork(database.db), db: () => database.db, dbKind: database.kind, log });
});
afterAll(async () => {
  await web?.close();
  await database?.close();
});

describe('log redaction', () => {
  it('a failed turn with a contact is logged without the name and the phone', async () => {
    const citizen = new WebClient(web.url);
    for (const t of ['投诉', '超市卖过期食品，酸奶过期一个月还在卖', '骊城街道某超市', '昨天下午', '跳过']) await citizen.chat(t);
    expect(JSON.stringify(await citizen.chat(`李四 ${PHONE}`))).toContain('确认提交');
    // The database refuses the complaint: the turn fails inside its INSERT.
    await database.db.execute(sql.raw(`CREATE FUNCTION refuse_complaint() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END; $$`));
    await database.db.execute(sql.raw('CREATE TRIGGER refuse_complaint BEFORE INSERT ON complaints FOR EACH ROW EXECUTE FUNCTION refuse_complaint()'));
    try {
      const r = await citizen.request('/api/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: '确认提交' }) });
      expect(r.status).toBe(503);
    } finally {
      await database.db.execute(sql.raw('DROP TRIGGER refuse_complaint ON complaints'));
    }
    const failed = out.filter((l) => l.includes('request failed'));
    expect(failed).toHaveLength(1);
    expect(failed[0]).toContain('insert into \\"complaints\\"'); // what failed is still there
    expect(failed[0]).not.toContain(PHONE);
    expect(failed[0]).not.toContain('李四');
  });

  it('redacts personal keys at any depth and masks phone numbers anywhere', () => {
    out.length = 0;
    log.info({ text: `我是王五，电话 ${PHONE}`, displayName: '王五', inbound: { text: '王五', displayName: '王五' } }, 'turn');
    log.warn({ authorization: 'Bearer secret-token', code: 'ABCDE-FGHJK' }, `回拨 ${PHONE} 或 0335-7654321`);
    const all = out.join('');
    expect(all).not.toContain('王五');
    expect(all).not.toContain(PHONE);
    expect(all).not.toContain('7654321');
    expect(all).not.toContain('secret-token');
    expect(all).not.toContain('ABCDE-FGHJK');
    expect(all).toContain('138****5678');
    expect(JSON.parse(out[0]!)).toMatchObject({ text: '[redacted]', displayName: '[redacted]', inbound: { text: '[redacted]' }, msg: 'turn' });
  });

  it('logs a failed Bot API call without the message it carried', () => {
    out.length = 0;
    const err = new TelegramError({ error_code: 400, description: 'Bad Request: chat not found' }, { method: 'sendMessage', payload: { chat_id: 42, text: '赵六，您的投诉已受理' } });
    log.error({ err }, 'telegram: update not processed');
    expect(out.join('')).toContain('chat not found');
    expect(out.join('')).not.toContain('赵六');
  });
});
