import pino from 'pino';
import { startServer } from './app';
import { readConfig } from './config';

const config = readConfig();
const log = pino({ level: config.logLevel });
const running = await startServer(config, log).catch((e) => {
  log.fatal({ err: e }, 'start-up failed');
  process.exit(1);
});

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await running.close().catch((e) => log.error({ err: e }, 'shutdown failed'));
    process.exit(0);
  });
}
