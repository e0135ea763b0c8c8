/**
 * The server's logger (pino), made safe to keep: logs hold no phone numbers, names or
 * credentials of the people the server talks to.
 *
 * - Values under personal or secret keys (`text`, `displayName`, `phone`, `authorization`,
 *   …, at the top level and one level down) are replaced by `[redacted]` (pino `redact`).
 * - A failed query's parameters never reach the log: drizzle puts them in the error's
 *   message and stack (`params: 李四,138…`), so the error is logged with the query alone.
 * - As a last net, every written line has mainland mobile numbers masked (`138****5678`),
 *   landline numbers and ID-card numbers starred, wherever they are (a message, a stack).
 */
import type { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';

const PERSONAL = ['text', 'displayName', 'name', 'phone', 'email', 'contact', 'contactName', 'contactPhone', 'contactEmail'];
const SECRET = ['password', 'token', 'secret', 'authorization', 'cookie', 'inviteCode', 'linkCode', 'api_key', 'apiKey'];

export const REDACTED_PATHS: readonly string[] = [
  ...PERSONAL,
  ...SECRET,
  'code', // an invite or link code at the top level (err.code, an error's code, stays)
  ...[...PERSONAL, ...SECRET].map((k) => `*.${k}`),
  'err.params',
  'err.detail', // PostgreSQL's detail repeats the values of a failed row ("Key (phone)=(…)")
  'err.on.payload', // a failed Bot API call's parameters (telegraf): the message text
  'req.headers.authorization',
  'req.headers.cookie',
];

const MOBILE = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;
const LANDLINE = /(?<!\d)(0\d{2,3})([-－ ]?)(\d{7,8})(?!\d)/g;
const ID_CARD = /(?<!\d)(\d{6})\d{8}(\d{3}[\dXx])(?![\dXx])/g;

/** Masks phone and ID-card numbers in a written line. */
export function maskNumbers(line: string): string {
  return line
    .replace(MOBILE, '$1****$2')
    .replace(LANDLINE, (_m, area: string, sep: string, n: string) => `${area}${sep}${'*'.repeat(n.length)}`)
    .replace(ID_CARD, '$1********$2');
}

/** A failed drizzle query as an error that names the query but not its parameters. */
class QueryError extends Error {
  constructor(readonly query: string, paramCount: number | undefined, frames: string, cause: unknown) {
    super(`Failed query: ${query}\nparams: [${paramCount ?? '?'} redacted]`, { cause });
    this.name = 'QueryError';
    this.stack = `${this.name}: ${this.message}\n${frames}`;
  }
}

function withoutParams(e: unknown): unknown {
  if (!(e instanceof Error)) return e;
  const q = e as Error & { query?: unknown; params?: unknown };
  if (typeof q.query !== 'string' || !('params' in q)) return e;
  const frames = (e.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l)).join('\n');
  return new QueryError(q.query, Array.isArray(q.params) ? q.params.length : undefined, frames, e.cause);
}

export function createLogger(level: string, destination?: Writable): Logger {
  const options: pino.LoggerOptions = {
    level,
    redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
    serializers: { err: (e: unknown) => pino.stdSerializers.err(withoutParams(e) as Error) },
    hooks: { streamWrite: maskNumbers },
  };
  return destination ? pino(options, destination) : pino(options);
}
