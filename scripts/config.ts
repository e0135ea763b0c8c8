/** Settings from the environment (documented in README.md and .env.example). */
import { resolve } from 'node:path';
import { DEFAULT_LIMITS, type LimitName, type LimitSettings, parseLimitRule } from '../domain/limits';
import { type FileSettings, readFileSettings } from './files';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  /** The tables' owner, for migrations and grants; the app then runs as DATABASE_URL's role (db/roles.ts). */
  databaseOwnerUrl: string | undefined;
  dataDir: string;
  logLevel: string;
  /** Rate limits (domain/limits.ts), each from LIMIT_<NAME> (e.g. LIMIT_CHAT=60/1m, or off). */
  limits: LimitSettings;
  /** Attachments (issue 17): limits, links, local files or S3 (scripts/files.ts). */
  files: FileSettings;
}

/** The environment variable of each limit. */
export const LIMIT_ENV: Record<LimitName, string> = {
  chat: 'LIMIT_CHAT',
  chatPerIp: 'LIMIT_CHAT_IP',
  codeFailures: 'LIMIT_CODE_FAILURES',
  codeFailuresPerIp: 'LIMIT_CODE_FAILURES_IP',
  complaints: 'LIMIT_COMPLAINTS',
  complaintsPerIp: 'LIMIT_COMPLAINTS_IP',
  open311: 'LIMIT_OPEN311',
  open311Complaints: 'LIMIT_OPEN311_COMPLAINTS',
};

/** Every limit off: for load tools (soak, bench) that send as one address far faster than people. */
export const UNLIMITED_ENV: Record<string, string> = Object.fromEntries(Object.values(LIMIT_ENV).map((v) => [v, 'off']));

export function readLimits(env: NodeJS.ProcessEnv): LimitSettings {
  const limits = { ...DEFAULT_LIMITS };
  for (const [name, variable] of Object.entries(LIMIT_ENV) as [LimitName, string][]) {
    const text = env[variable];
    if (text === undefined || text === '') continue;
    const rule = parseLimitRule(text);
    if (rule === undefined) throw new Error(`${variable} must be like 30/1m, 5/1h or off, got ${text}`);
    limits[name] = rule;
  }
  return limits;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${env.PORT}`);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    databaseOwnerUrl: (env.DATABASE_URL && env.DATABASE_OWNER_URL) || undefined,
    dataDir: resolve(env.DATA_DIR ?? './data'),
    logLevel: env.LOG_LEVEL ?? 'info',
    limits: readLimits(env),
    files: readFileSettings(env),
  };
}
