/**
 * The data directory (DATA_DIR): the embedded database (`pglite/`), the loopback admin
 * token, the running-server marker (`server.json`) and the owner lock (`server.lock`).
 *
 * - Private: directories 0700, files 0600. Entry points set the umask (privateFiles), so
 *   what the database writes later is private too; claim() also narrows what an older
 *   release or a copy left wider.
 * - One owner: a second server (or a CLI that opens the embedded database) on the same
 *   directory is refused while the owner lives. The lock names the owner's pid and, on
 *   Linux, the process's start time, so a lock left by a killed process — even one whose
 *   pid a new process got since (a container restarted as pid 1) — is taken over.
 * - The marker is written and removed by the owner only: a refused second server cannot
 *   remove it from under the one that runs.
 */
import { randomBytes } from 'node:crypto';
import {
  chmodSync, existsSync, linkSync, lstatSync, mkdirSync, readFileSync, readdirSync, realpathSync, renameSync, rmSync, writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

const LOCK = 'server.lock';
const MARKER = 'server.json';
const TOKEN = 'admin-token';

/** New files and directories of this process readable by its user only. */
export function privateFiles(): void {
  process.umask(0o077);
}

/** Narrows the directory and everything in it to 0700 (directories) and 0600 (files). */
export function makePrivate(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const walk = (p: string) => {
    const s = lstatSync(p);
    if (s.isSymbolicLink()) return; // links inside are not followed: what they point to is not ours to change
    const want = s.isDirectory() ? 0o700 : 0o600;
    if ((s.mode & 0o777) !== want) {
      try {
        chmodSync(p, want);
      } catch (e) {
        throw new Error(`cannot make ${p} private (${(e as NodeJS.ErrnoException).code}); the data directory must belong to the user running the server`, { cause: e });
      }
    }
    if (s.isDirectory()) for (const entry of readdirSync(p)) walk(join(p, entry));
  };
  walk(realpathSync(dir)); // DATA_DIR itself may be a link to where the data lives
}

export interface Holder {
  pid: number;
  /** The process's start time in clock ticks since boot (Linux), to tell a reused pid. */
  start: number | null;
  since: string;
}

export class DataDirInUse extends Error {
  constructor(readonly dir: string, readonly holder: Holder) {
    super(`another server (pid ${holder.pid}, since ${holder.since}) is using the data directory ${dir}; stop it first, or give this one its own DATA_DIR`);
  }
}

/** Field 22 of /proc/<pid>/stat; null where there is no /proc. */
function processStart(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const start = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    return Number.isFinite(start) ? start : null;
  } catch {
    return null;
  }
}

function alive(h: Holder): boolean {
  try {
    process.kill(h.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false; // ESRCH: no such process
  }
  const start = processStart(h.pid);
  return h.start == null || start == null || start === h.start;
}

function readHolder(text: string): Holder | null {
  try {
    const h = JSON.parse(text) as Holder;
    return Number.isInteger(h.pid) && h.pid > 0 ? h : null;
  } catch {
    return null;
  }
}

export interface DataDirLock {
  readonly dir: string;
  /** Gives the directory up (idempotent; also done when the process exits). */
  release(): void;
}

/**
 * Takes the directory for this process, or throws DataDirInUse naming the live owner.
 * The lock file appears whole (written aside, then hard-linked into place, which fails
 * if it exists); a dead owner's lock is moved aside, checked to be the one that was read
 * (else put back), and the take is tried again.
 */
export function lockDataDir(dir: string): DataDirLock {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, LOCK);
  const mine = JSON.stringify({ pid: process.pid, start: processStart(process.pid), since: new Date().toISOString() } satisfies Holder);
  const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  for (let attempt = 0; attempt < 5; attempt++) {
    writeFileSync(aside, mine, { mode: 0o600 });
    try {
      linkSync(aside, file);
      return held(dir, file, mine);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      rmSync(aside, { force: true });
    }
    let seen: string;
    try {
      seen = readFileSync(file, 'utf8');
    } catch {
      continue; // released meanwhile
    }
    const holder = readHolder(seen);
    if (holder && alive(holder)) throw new DataDirInUse(dir, holder);
    // Stale (its process is gone, or the file is unreadable): take it away, then try again.
    try {
      renameSync(file, aside);
    } catch {
      continue; // someone else took it away first
    }
    if (readFileSync(aside, 'utf8') !== seen) {
      try {
        linkSync(aside, file); // a fresh lock another process had just taken: give it back
      } catch {
        /* a third one took the place meanwhile; ours is gone either way */
      }
    }
    rmSync(aside, { force: true });
  }
  throw new Error(`could not take the lock of the data directory ${dir}`);
}

function held(dir: string, file: string, mine: string): DataDirLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    removeIfMine(file, (text) => text === mine);
    removeIfMine(join(dir, MARKER), (text) => readHolder(text)?.pid === process.pid);
  };
  process.on('exit', release);
  return { dir, release };
}

function removeIfMine(file: string, mine: (text: string) => boolean): void {
  try {
    if (mine(readFileSync(file, 'utf8'))) rmSync(file, { force: true });
  } catch {
    /* already gone */
  }
}

/** Tells `npm run invite` where the owner listens (written by the lock's holder). */
export function writeMarker(lock: DataDirLock, port: number): void {
  writeFileSync(join(lock.dir, MARKER), JSON.stringify({ pid: process.pid, port }), { mode: 0o600 });
}

/** The port of the live server owning this data directory, if any. */
export function runningServer(dir: string): { port: number } | null {
  try {
    const { pid, port } = JSON.parse(readFileSync(join(dir, MARKER), 'utf8')) as { pid: number; port: number };
    process.kill(pid, 0); // throws if no such process
    return { port };
  } catch {
    return null;
  }
}

/** The loopback admin token, kept in the data directory (readable by its owner only). */
export function adminToken(dir: string): string {
  const file = join(dir, TOKEN);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const token = randomBytes(32).toString('base64url');
  writeFileSync(file, token, { mode: 0o600 });
  return token;
}
