/**
 * `npm start`'s wiring of the chat platforms, through the composition root with the
 * real adapters against local fakes: channels start from their settings, a failing one
 * does not take the others down, and a staff member bound on WeCom is notified of a
 * complaint filed on Telegram.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { type Running, startServer } from '../scripts/app';
import { readConfig } from '../scripts/config';
import { createTestDatabaseUrl, onPostgres } from './support/db';
import { FakeTelegram } from './support/fake-telegram';
import { CallbackBuilder, FakeWecom, textMessageXml } from './support/fake-wecom';
import { WebClient } from './support/http';

const CORP_ID = 'ww5823bf96d3bd56c7';
const SECRET = 'channels-corp-secret';
const AGENT_ID = 1000002;
const TOKEN = 'XtChannelsToken';
const AES_KEY = 'Q2xZ8mN4pR6sT1uV3wX5yZ7aB9cD0eF2gH4iJ6kL8mN';
const BOT_TOKEN = '424242:good-token';

let telegram: FakeTelegram;
let wecom: FakeWecom;
let server: Running | undefined;
let dataDir: string;
const drops: (() => Promise<void>)[] = [];
const builder = new CallbackBuilder(TOKEN, AES_KEY, CORP_ID);
let msgId = 9_100_000_000_000_000;

function logSink(): { log: pino.Logger; lines: () => Record<string, unknown>[] } {
  const out: string[] = [];
  const stream = new Writable({ write(chunk, _enc, cb) { out.push(String(chunk)); cb(); } });
  return { log: pino({ level: 'info' }, stream), lines: () => out.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l)) };
}

async function start(env: NodeJS.ProcessEnv, log: pino.Logger): Promise<Running> {
  let databaseUrl: string | undefined;
  if (onPostgres) {
    const db = await createTestDatabaseUrl();
    databaseUrl = db.url;
    drops.push(db.drop);
  }
  dataDir = mkdtempSync(join(tmpdir(), 'xietong-channels-'));
  server = await startServer({ ...readConfig({}), port: 0, host: '127.0.0.1', databaseUrl, dataDir }, log, env);
  return server;
}

const wecomEnv = () => ({
  WECOM_CORP_ID: CORP_ID, WECOM_CORP_SECRET: SECRET, WECOM_AGENT_ID: String(AGENT_ID), WECOM_TOKEN: TOKEN,
  WECOM_ENCODING_AES_KEY: AES_KEY, WECOM_API_ROOT: wecom.url,
});

async function waitFor<T>(check: () => T | undefined | null | false, what: string, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  telegram = await FakeTelegram.start(BOT_TOKEN);
  wecom = await new FakeWecom(CORP_ID, SECRET, AGENT_ID).start();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});
afterAll(async () => {
  await telegram?.close();
  await wecom?.close();
  for (const d of drops) await d();
});

describe('channels at start-up', () => {
  it('a channel with a bad token is reported and left out; the others run', async () => {
    const { log, lines } = logSink();
    const s = await start({ TELEGRAM_BOT_TOKEN: '424242:wrong-token', TELEGRAM_API_ROOT: telegram.url, ...wecomEnv() }, log);
    const failed = lines().find((l) => l.channel === 'telegram' && l.level === 50);
    expect(failed?.msg).toContain('telegram failed to start');
    expect(String(failed?.err)).not.toContain('wrong-token'); // the token never reaches the log
    const listening = lines().find((l) => String(l.msg).includes('listening'));
    expect(listening?.channels).toEqual(['web', 'wecom']);
    expect((await new WebClient(s.url).request('/healthz')).status).toBe(200);
  });

  it('a complaint filed on Telegram reaches the officer bound on WeCom', async () => {
    const { log } = logSink();
    const s = await start({ TELEGRAM_BOT_TOKEN: BOT_TOKEN, TELEGRAM_API_ROOT: telegram.url, ...wecomEnv() }, log);

    // The officer binds on WeCom with an invitation from the loopback admin endpoint.
    const token = readFileSync(join(dataDir, 'admin-token'), 'utf8');
    const invite = await new WebClient(s.url).request('/admin/invites', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ org: '市场监管局', role: 'officer' }),
    });
    const officer = 'LiSi';
    const wecomSay = async (content: string) => {
      const encrypted = builder.encrypt(textMessageXml({ corpId: CORP_ID, from: officer, content, msgId: String(++msgId) }));
      const r = await fetch(`${s.url}/wecom/callback?${builder.query(encrypted)}`, { method: 'POST', body: builder.body(encrypted) });
      expect(r.status).toBe(200);
    };
    await wecomSay(`绑定 ${invite.body.code}`);
    await wecom.waitForMessages(officer, 1);
    expect(wecom.messagesTo(officer)[0]).toContain('绑定成功');

    // A citizen files a complaint over Telegram (long polling).
    const citizen = telegram.user(880001, '王');
    const answers = ['投诉', '超市出售过期牛奶，日期都改过', '骊城街道某超市', '不清楚', '跳过', '匿名', '确认提交'];
    for (const [i, text] of answers.entries()) {
      const before = telegram.sentTo(citizen.id).length;
      telegram.push(telegram.textUpdate(citizen, text));
      await waitFor(() => telegram.sentTo(citizen.id).length > before, `reply to answer ${i + 1}`);
    }
    const no = telegram.sentTo(citizen.id).at(-1)!.text.match(/TS-\d{4}-\d{6}/)?.[0];
    expect(no).toBeTruthy();

    // The dispatcher pushes the notice to the officer's WeCom account.
    const notice = await waitFor(() => wecom.messagesTo(officer).find((m) => m.includes(no!)), 'the WeCom notice');
    expect(notice).toContain('【新投诉举报】');
    expect(notice).toContain('受理');
  });
});
