/** Webhook plumbing: the secret header, the path, and a bounded, strictly parsed update. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { BodyError, readText } from '../body';
import type { Update } from 'telegraf/types';

export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
/** Telegram's rule for secret_token. */
const SECRET_RE = /^[A-Za-z0-9_-]{1,256}$/;
/** Characters a koa-router path may hold literally (no :params, wildcards or groups). */
const PATH_RE = /^\/[A-Za-z0-9/_.~%-]*$/;
export const MAX_UPDATE_BYTES = 1024 * 1024;

export function webhookSecret(given: string | undefined): string {
  if (given === undefined || given === '') return randomBytes(32).toString('base64url');
  if (!SECRET_RE.test(given)) throw new Error('TELEGRAM webhookSecret must be 1-256 characters of A-Z, a-z, 0-9, _ and -');
  return given;
}

export function webhookPath(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`TELEGRAM webhookUrl is not a URL: ${url}`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error(`TELEGRAM webhookUrl must be https: ${url}`);
  if (!PATH_RE.test(parsed.pathname)) throw new Error(`TELEGRAM webhookUrl path may only contain letters, digits and / _ . ~ % -: ${parsed.pathname}`);
  return parsed.pathname;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

export function secretMatches(header: string | undefined, secret: string): boolean {
  if (!header) return false;
  return timingSafeEqual(digest(header), digest(secret));
}

export class BadUpdate extends Error {
  constructor(readonly status: 400 | 413, message: string) {
    super(message);
  }
}

/** Reads the request body as one Telegram Update (an object with an integer update_id). */
export async function readUpdate(req: IncomingMessage, maxBytes = MAX_UPDATE_BYTES): Promise<Update> {
  let value: unknown;
  try {
    value = JSON.parse(await readText(req, maxBytes));
  } catch (e) {
    if (e instanceof BodyError && e.status === 413) throw new BadUpdate(413, 'update too large');
    throw new BadUpdate(400, 'body is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BadUpdate(400, 'body is not an Update object');
  const id = (value as { update_id?: unknown }).update_id;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) throw new BadUpdate(400, 'update_id missing or not an integer');
  return value as Update;
}
