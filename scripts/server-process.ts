/**
 * The real server (`scripts/start.ts`) as a child process, for tests and the soak run
 * that kill and restart it: started on a free loopback port, found through the
 * running-server marker it writes in its data directory.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;

export interface ServerProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  /** Sends the signal and waits for the process to exit. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

export async function spawnServer(env: NodeJS.ProcessEnv, dataDir: string, timeoutMs = 120_000): Promise<ServerProcess> {
  const marker = join(dataDir, 'server.json');
  rmSync(marker, { force: true });
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-20_000)));
  const kill = async (signal: NodeJS.Signals) => {
    if (child.exitCode != null || child.signalCode != null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(marker)) {
      const { pid, port } = JSON.parse(readFileSync(marker, 'utf8'));
      return { url: `http://127.0.0.1:${port}`, pid, child, kill };
    }
    if (child.exitCode != null) throw new Error(`server exited ${child.exitCode}: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await kill('SIGKILL');
  throw new Error(`server did not start: ${stderr}`);
}
