/**
 * npm start. Files it creates are private (umask 077). SIGINT/SIGTERM: the port closes at
 * once and the server stops within its budget (app.ts close()); should anything still hang,
 * the process exits at EXIT_AFTER_MS regardless — orchestrators kill at 10–30 s, and a cut
 * turn is rolled back like a crash. A signal during start-up ends the process at once.
 */
import { SHUTDOWN_BUDGET_MS, type Running, startServer } from './app';
import { readConfig } from './config';
import { DataDirInUse, privateFiles } from './data-dir';
import { createLogger } from './log';

const EXIT_AFTER_MS = 9_500;

privateFiles();
const config = readConfig();
const log = createLogger(config.logLevel);

let running: Running | undefined;
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    setTimeout(() => {
      log.error({ afterMs: EXIT_AFTER_MS }, 'shutdown did not finish in time; exiting');
      process.exit(1);
    }, EXIT_AFTER_MS).unref();
    if (running) void stop(running);
    // Still starting (a chat platform may hang its start-up for 30 s): nothing is served yet
    // and no turn is in hand; migrations are transactions. Leave now (the lock goes on exit).
    else process.exit(0);
  });
}

async function stop(r: Running): Promise<void> {
  await r.close(SHUTDOWN_BUDGET_MS).catch((e) => log.error({ err: e }, 'shutdown failed'));
  process.exit(0);
}

try {
  running = await startServer(config, log);
} catch (e) {
  if (e instanceof DataDirInUse) {
    log.fatal({ dataDir: e.dir, pid: e.holder.pid }, e.message);
    console.error(e.message);
  } else {
    log.fatal({ err: e }, 'start-up failed');
  }
  process.exit(1);
}
