/**
 * Composition root: database → seed → engine → HTTP. Used by `npm start` and by the
 * end-to-end tests, so both run the same code path.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pino, { type Logger } from 'pino';
import { createWebApp } from '../adapters/web/server';
import { approvalsApi } from '../adapters/web/approvals';
import { issueInvite } from '../bot/invites';
import { createEngine } from '../bot/services';
import { Dispatcher } from '../bot/dispatcher';
import { Scheduler } from '../bot/scheduler';
import { dutyKinds } from '../bot/feature';
import { FEATURES } from '../bot/features';
import { missedDeadlinesApi } from '../bot/staff-api/feature';
import { packageYears } from '../domain/calendar/official';
import { LiveCalendar } from '../domain/calendar/live';
import { CalendarKeeper } from '../bot/calendar/keeper';
import { submitNoticeFile } from '../bot/calendar/notice-file';
import { deliveryQueue } from '../db/queue';
import { configuredChannels, startChannels } from './channels';
import { backfillAnswerClocks } from '../db/answer-clocks';
import { openDatabase } from '../db/client';
import { seedDirectory } from '../db/seed';
import { unitOfWork } from '../db/store';
import { webSessionRepo } from '../db/identity';
import { addressLimit } from '../bot/limits';
import type { Config } from './config';

export interface Running {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** The loopback admin token lives in the data directory, readable by its owner only. */
export function adminToken(dataDir: string): string {
  const file = join(dataDir, 'admin-token');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const token = randomBytes(32).toString('base64url');
  writeFileSync(file, token, { mode: 0o600 });
  return token;
}

/** The port of the server running on this data directory (it owns the embedded database), if any. */
export function runningServer(dataDir: string): { port: number } | null {
  const marker = join(dataDir, 'server.json');
  if (!existsSync(marker)) return null;
  try {
    const { pid, port } = JSON.parse(readFileSync(marker, 'utf8')) as { pid: number; port: number };
    process.kill(pid, 0); // throws if no such process
    return { port };
  } catch {
    return null;
  }
}

export async function startServer(
  config: Config,
  log: Logger = pino({ level: config.logLevel }),
  env: NodeJS.ProcessEnv = process.env,
): Promise<Running> {
  const database = await openDatabase({ url: config.databaseUrl, dataDir: join(config.dataDir, 'pglite') });
  const orgs = await seedDirectory(database.db);
  const uow = unitOfWork(database.db);
  const dispatcher = new Dispatcher(deliveryQueue(database.db), log);
  // The official calendar: the package's years, overridden by the notices entered and
  // confirmed in the database (loaded before any clock is counted, compared with the package).
  const calendar = new LiveCalendar(packageYears());
  const { engine, directory, router } = await createEngine(uow, { calendar, pushPlatforms: () => dispatcher.platforms(), limits: config.limits });
  const calendarKeeper = new CalendarKeeper({ uow, directory, calendar, clock: () => new Date(), pushPlatforms: () => dispatcher.platforms(), log });
  await calendarKeeper.load();
  await calendarKeeper.start();
  // Records of an older release waiting for an answer get their clocks (once; from now).
  const backfilled = await backfillAnswerClocks(database.db, calendar, new Date());
  if (backfilled) log.info({ clocks: backfilled }, 'answer clocks opened for records of an older release');
  const token = adminToken(config.dataDir);

  const channels = await startChannels(configuredChannels(env), { engine, log }, log);
  for (const c of channels) dispatcher.register(c.channel);
  dispatcher.start();
  const scheduler = new Scheduler({
    uow, directory, clock: () => new Date(), pushPlatforms: () => dispatcher.platforms(), log, calendar, calendarKeeper, duties: dutyKinds(FEATURES),
  });
  scheduler.start();

  const app = createWebApp({
    engine, router, directory, log,
    dbKind: database.kind,
    ping: async () => void (await database.db.execute(sql`select 1`)),
    adminToken: token,
    sessions: webSessionRepo(database.db),
    addressLimit: addressLimit(uow, config.limits),
    issueInvite: (org, role, hours) => uow.run((store) => issueInvite(store, directory, org, role, new Date(), hours)),
    calendar,
    submitNotice: (json) => submitNoticeFile(uow, directory, json, new Date(), () => dispatcher.platforms()),
    deadlinesApi: (authorization, query) => missedDeadlinesApi(uow, directory, authorization, query, new Date()),
    mount: [
      ...channels.flatMap((c) => (c.routes ? [c.routes.bind(c)] : [])),
      approvalsApi({ uow, directory, token: env.APPROVALS_API_TOKEN || undefined, pushPlatforms: () => dispatcher.platforms() }),
    ],
  });
  const server = app.listen(config.port, config.host);
  await new Promise<void>((res, rej) => server.once('listening', res).once('error', rej));
  const port = (server.address() as AddressInfo).port;

  // Lets `npm run invite` and `npm run calendar` find the running server (the embedded database has one owner).
  const marker = join(config.dataDir, 'server.json');
  writeFileSync(marker, JSON.stringify({ pid: process.pid, port }));
  log.info(
    { port, db: database.kind, organisations: orgs, channels: ['web', ...channels.map((c) => c.channel.platform)] },
    `执法协同助手 listening on http://localhost:${port}`,
  );

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    async close() {
      await scheduler.stop();
      await dispatcher.stop();
      await Promise.all(channels.map((c) => c.channel.stop().catch((e) => log.warn({ err: e }, 'channel stop failed'))));
      const closed = new Promise<void>((res) => server.close(() => res()));
      server.closeAllConnections();
      await closed;
      rmSync(marker, { force: true });
      await database.close();
    },
  };
}
