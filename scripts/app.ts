/**
 * Composition root: database → seed → engine → HTTP. Used by `npm start` and by the
 * end-to-end tests, so both run the same code path.
 */
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { createWebApp } from '../adapters/web/server';
import { consoleRoutes } from '../adapters/web/console/routes';
import { approvalsApi } from '../adapters/web/approvals';
import { open311Routes } from '../adapters/web/open311';
import { Open311Api } from '../bot/open311/api';
import { DEFAULT_JURISDICTION_ID } from '../domain/open311';
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
import { M12_UNGUARDED, openDatabase } from '../db/client';
import { seedDirectory } from '../db/seed';
import { unitOfWork } from '../db/store';
import { webSessionRepo } from '../db/identity/repo';
import { webTranscriptRepo } from '../db/transcript';
import { addressLimit } from '../bot/limits';
import type { Config } from './config';
import { type DataDirLock, adminToken, lockDataDir, makePrivate, writeMarker } from './data-dir';
import { createLogger } from './log';
import { openFileDesk } from './files';
import { fileRoutes } from '../adapters/web/files';
import { pruneFiles } from '../bot/attachments/prune';
import { MAX_FILES_PER_MESSAGE } from '../domain/attachments/attachment';

export interface Running {
  url: string;
  port: number;
  /** Stops within `budgetMs` (default SHUTDOWN_BUDGET_MS) whatever the chat platforms do; see close() below. */
  close(budgetMs?: number): Promise<void>;
}

/** What close() may take: orchestrators kill at 10–30 s, and start.ts exits at 10 s regardless. */
export const SHUTDOWN_BUDGET_MS = 8_000;
/** Kept back from the budget for closing the database. */
const DATABASE_CLOSE_MS = 1_500;

export async function startServer(
  config: Config,
  log: Logger = createLogger(config.logLevel),
  env: NodeJS.ProcessEnv = process.env,
): Promise<Running> {
  // Before the embedded database is opened: a second server must not touch it.
  const lock = lockDataDir(config.dataDir);
  try {
    makePrivate(config.dataDir);
    return await serve(config, log, env, lock);
  } catch (e) {
    lock.release();
    throw e;
  }
}

async function serve(config: Config, log: Logger, env: NodeJS.ProcessEnv, lock: DataDirLock): Promise<Running> {
  const database = await openDatabase({ url: config.databaseUrl, ownerUrl: config.databaseOwnerUrl, dataDir: join(config.dataDir, 'pglite') });
  const guard = await database.interferenceGuard();
  if (guard === 'embedded') log.info(M12_UNGUARDED[guard]);
  else if (guard !== 'guarded') log.warn({ role: guard }, M12_UNGUARDED[guard]);
  const orgs = await seedDirectory(database.db);
  const uow = unitOfWork(database.db);
  const dispatcher = new Dispatcher(deliveryQueue(database.db), log);
  // The official calendar: the package's years, overridden by the notices entered and
  // confirmed in the database (loaded before any clock is counted, compared with the package).
  const calendar = new LiveCalendar(packageYears());
  const files = await openFileDesk(config.files, config.dataDir, uow);
  const { engine, directory, router } = await createEngine(uow, { calendar, pushPlatforms: () => dispatcher.platforms(), limits: config.limits, files });
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
    pruneFiles: (now) => pruneFiles(uow, files.blobs, now),
  });
  scheduler.start();

  // One per-address limiter for the chat, its pages and the file links (rate-limiter-flexible over rate_limits).
  const perAddress = addressLimit(uow, config.limits);
  const app = createWebApp({
    engine, router, directory, log,
    dbKind: database.kind,
    ping: async () => void (await database.db.execute(sql`select 1`)),
    adminToken: token,
    sessions: webSessionRepo(database.db),
    transcript: webTranscriptRepo(database.db),
    addressLimit: perAddress,
    uploads: { staging: files.staging, maxFileBytes: config.files.limits.maxFileBytes, maxFiles: MAX_FILES_PER_MESSAGE },
    issueInvite: (org, role, hours) => uow.run((store) => issueInvite(store, directory, org, role, new Date(), hours)),
    calendar,
    submitNotice: (json) => submitNoticeFile(uow, directory, json, new Date(), () => dispatcher.platforms()),
    deadlinesApi: (authorization, query) => missedDeadlinesApi(uow, directory, authorization, query, new Date()),
    mount: [
      ...channels.flatMap((c) => (c.routes ? [c.routes.bind(c)] : [])),
      approvalsApi({ uow, directory, token: env.APPROVALS_API_TOKEN || undefined, pushPlatforms: () => dispatcher.platforms() }),
      open311Routes(new Open311Api({ engine, uow, directory, router, limits: config.limits, jurisdictionId: env.OPEN311_JURISDICTION_ID || DEFAULT_JURISDICTION_ID })),
      // 控制台: the staff console's pages (issue 16)
      consoleRoutes({ uow, db: () => database.db, directory, limits: config.limits, onError: (err) => log.error({ err }, 'console export failed') }),
      fileRoutes({ uow, directory, desk: files, log, addressLimit: perAddress }),
    ],
  });
  const server = app.listen(config.port, config.host);
  await new Promise<void>((res, rej) => server.once('listening', res).once('error', rej));
  const port = (server.address() as AddressInfo).port;

  // Again, now that the embedded database has started: PGlite writes some files (its relation
  // cache) under its own umask. What it writes later stays behind the 0700 directory.
  makePrivate(config.dataDir);
  // Lets `npm run invite` and `npm run calendar` find the running server (the embedded database has one owner).
  writeMarker(lock, port);
  log.info(
    { port, db: database.kind, organisations: orgs, channels: ['web', ...channels.map((c) => c.channel.platform)], files: files.blobs.kind },
    `执法协同助手 listening on http://localhost:${port}`,
  );

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    /**
     * The port closes at once (idle keep-alive connections with it) while the requests in
     * hand run to their end; the scheduler stops; the dispatcher abandons its send in hand
     * (unsent notifications stay in the outbox); each channel stops receiving, finishes its
     * turns in hand and gives its replies a moment. Whatever has not ended when the budget
     * (less the database's share) is spent is cut off; then the database closes and the data
     * directory is given up.
     */
    close(budgetMs = SHUTDOWN_BUDGET_MS) {
      closing ??= (async () => {
        const until = Date.now() + budgetMs;
        const left = (reserve = 0) => Math.max(0, until - reserve - Date.now());
        const httpDone = new Promise<void>((res) => server.close(() => res()));
        server.closeIdleConnections();
        const stopped = await within(Promise.allSettled([
          httpDone,
          scheduler.stop(),
          dispatcher.stop(),
          ...channels.map((c) => c.channel.stop().catch((e) => log.warn({ err: e, channel: c.channel.platform }, 'channel stop failed'))),
        ]), left(DATABASE_CLOSE_MS));
        if (stopped === 'timeout') log.warn({ budgetMs }, 'shutdown: not everything ended in time; cutting it off');
        server.closeAllConnections();
        if ((await within(database.close(), left())) === 'timeout') log.warn('shutdown: the database did not close in time');
        lock.release();
      })();
      return closing;
    },
  };
}

function within<T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<'timeout'>((res) => (timer = setTimeout(() => res('timeout'), ms)));
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}
