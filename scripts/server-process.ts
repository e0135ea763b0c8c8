/**
 * The real server (`scripts/start.ts`) as a child process, for tests and the soak run
 * that kill and restart it: started on a free loopback port, found through the
 * running-server marker it writes in its data directory (the one naming its own pid: a
 * marker left by a killed server is not mistaken for it).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
    const found = readMarker(marker);
    if (found && found.pid === child.pid) return { url: `http://127.0.0.1:${found.port}`, pid: found.pid, child, kill };
    if (child.exitCode != null) throw new Error(`server exited ${child.exitCode}: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await kill('SIGKILL');
  throw new Error(`server did not start: ${stderr}`);
}

function readMarker(file: string): { pid: number; port: number } | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null; // absent, or being written
  }
}
