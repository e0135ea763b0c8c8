/**
 * The server of the memory benchmark, in its own process so that its memory is its own:
 * the production start-up (scripts/app.ts startServer) with settings from the
 * environment, plus an IPC channel on which the benchmark asks for a collected heap's
 * figures. Run with --expose-gc.
 */
import pino from 'pino';
import { startServer } from '../app';
import { readConfig } from '../config';

const running = await startServer(readConfig(), pino({ level: 'warn' }));
const collect = () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) for (let i = 0; i < 3; i++) gc();
};
process.on('message', async (m: { type: string }) => {
  if (m.type === 'memory') {
    collect();
    await new Promise((r) => setTimeout(r, 200));
    collect();
    process.send!({ type: 'memory', usage: process.memoryUsage() });
  } else if (m.type === 'stop') {
    await running.close();
    process.send!({ type: 'stopped' }, () => process.exit(0));
  }
});
process.send!({ type: 'ready', url: running.url });
