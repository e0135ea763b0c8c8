/** The web API over an engine the test builds itself (its own database, unit of work or clock). */
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import pino, { type Logger } from 'pino';
import { createWebApp } from '../../adapters/web/server';
import { consoleRoutes } from '../../adapters/web/console/routes';
import { addressLimit } from '../../bot/limits';
import { createEngine } from '../../bot/services';
import type { Db } from '../../db/client';
import { webSessionRepo } from '../../db/identity/repo';
import { webTranscriptRepo } from '../../db/transcript';
import type { WebSessionRepo } from '../../domain/identity';
import type { WebTranscriptRepo } from '../../domain/transcript';
import { NO_LIMITS, type LimitSettings } from '../../domain/limits';
import type { UnitOfWork } from '../../domain/ports';
import type { FileDesk } from '../../bot/attachments/desk';
import { fileRoutes } from '../../adapters/web/files';
import { MAX_FILES_PER_MESSAGE } from '../../domain/attachments/attachment';

export interface WebApp {
  url: string;
  engine: Awaited<ReturnType<typeof createEngine>>['engine'];
  /** The district directory the engine was built with. */
  directory: Awaited<ReturnType<typeof createEngine>>['directory'];
  close(): Promise<void>;
}

/** Sessions over whichever database is current (a test may reopen it). */
const sessionsOver = (db: () => Db): WebSessionRepo => ({
  find: (h) => webSessionRepo(db()).find(h),
  create: (h, e) => webSessionRepo(db()).create(h, e),
  rotate: (a, b) => webSessionRepo(db()).rotate(a, b),
  end: (h) => webSessionRepo(db()).end(h),
});

/** The transcript over whichever database is current. */
const transcriptOver = (db: () => Db): WebTranscriptRepo => ({
  addExchange: (...a) => webTranscriptRepo(db()).addExchange(...a),
  addNotices: (...a) => webTranscriptRepo(db()).addNotices(...a),
  list: (...a) => webTranscriptRepo(db()).list(...a),
  clear: (e) => webTranscriptRepo(db()).clear(e),
});

export async function serveEngine(opts: { uow: UnitOfWork; db: () => Db; dbKind: 'pglite' | 'postgres'; limits?: LimitSettings; log?: Logger; console?: boolean; files?: FileDesk }): Promise<WebApp> {
  const { engine, router, directory } = await createEngine(opts.uow, { limits: opts.limits, files: opts.files });
  const log = opts.log ?? pino({ level: 'silent' });
  // As scripts/app.ts: one per-address limiter for the chat and the file links.
  const perAddress = opts.limits ? addressLimit(opts.uow, opts.limits) : undefined;
  const app = createWebApp({
    engine, router, directory, dbKind: opts.dbKind, log,
    ping: async () => void (await opts.db().execute(sql`select 1`)),
    sessions: sessionsOver(opts.db),
    transcript: transcriptOver(opts.db),
    ...(perAddress ? { addressLimit: perAddress } : {}),
    // Files as `npm start` serves them (scripts/app.ts): multipart on /api/chat, signed links on /files.
    ...(opts.files ? { uploads: { staging: opts.files.staging, maxFileBytes: opts.files.limits.maxFileBytes, maxFiles: MAX_FILES_PER_MESSAGE } } : {}),
    // The staff console (adapters/web/console) and the files' routes, when the test uses them.
    mount: [
      ...(opts.console ? [consoleRoutes({ uow: opts.uow, db: opts.db, directory, limits: opts.limits ?? NO_LIMITS })] : []),
      ...(opts.files ? [fileRoutes({ uow: opts.uow, directory, desk: opts.files, log, ...(perAddress ? { addressLimit: perAddress } : {}) })] : []),
    ],
  });
  const server = app.listen(0, '127.0.0.1');
  // A client reusing a kept-alive socket the server is just closing gets ECONNRESET; tests
  // that pause (a database restarting) must not meet that race.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((res) => server.once('listening', res));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    engine,
    directory,
    async close() {
      const closed = new Promise<void>((res) => server.close(() => res()));
      server.closeAllConnections();
      await closed;
    },
  };
}
