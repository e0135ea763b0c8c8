/**
 * Files (issue 17) from the environment: the limits, the links, and where the bytes go —
 * local files under DATA_DIR (default) or an S3-compatible store. Documented in README
 * ("Attachments") and .env.example.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AttachmentLimits, DEFAULT_ATTACHMENT_LIMITS } from '../domain/attachments/attachment';
import type { UnitOfWork } from '../domain/ports';
import { FileDesk } from '../bot/attachments/desk';
import { FileLinks } from '../bot/attachments/links';
import { FilesystemBlobs } from '../storage/filesystem';
import type { S3Settings } from '../storage/s3';
import { Staging } from '../storage/staging';

export interface FileSettings {
  limits: AttachmentLimits;
  linkHours: number;
  /** ATTACHMENT_LINK_SECRET; unset → a secret kept in DATA_DIR/file-link-secret (one instance). */
  linkSecret: string | undefined;
  /** PUBLIC_URL: the links' prefix; '' → links relative to the web chat. */
  publicUrl: string;
  s3: S3Settings | null;
}

const S3_REQUIRED = ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;
const MB = 1024 * 1024;

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got ${text}`);
  return n;
}

export function readFileSettings(env: NodeJS.ProcessEnv): FileSettings {
  const limits = {
    maxFileBytes: Math.round(positive(env, 'ATTACHMENT_MAX_FILE_MB', DEFAULT_ATTACHMENT_LIMITS.maxFileBytes / MB) * MB),
    maxRecordBytes: Math.round(positive(env, 'ATTACHMENT_MAX_RECORD_MB', DEFAULT_ATTACHMENT_LIMITS.maxRecordBytes / MB) * MB),
  };
  if (limits.maxRecordBytes < limits.maxFileBytes) throw new Error('ATTACHMENT_MAX_RECORD_MB must not be below ATTACHMENT_MAX_FILE_MB');
  const secret = env.ATTACHMENT_LINK_SECRET || undefined;
  if (secret && secret.length < 32) throw new Error('ATTACHMENT_LINK_SECRET must be at least 32 characters');
  const publicUrl = (env.PUBLIC_URL ?? '').replace(/\/+$/, '');
  if (publicUrl && !/^https?:\/\/[^/\s]+(\/\S*)?$/.test(publicUrl)) throw new Error(`PUBLIC_URL must be an http(s) URL, got ${env.PUBLIC_URL}`);
  let s3: S3Settings | null = null;
  if (Object.keys(env).some((k) => k.startsWith('S3_') && env[k])) {
    const missing = S3_REQUIRED.filter((k) => !env[k]);
    if (missing.length) throw new Error(`S3 storage needs ${missing.join(', ')} as well`);
    s3 = {
      endpoint: env.S3_ENDPOINT!, bucket: env.S3_BUCKET!, accessKeyId: env.S3_ACCESS_KEY_ID!, secretAccessKey: env.S3_SECRET_ACCESS_KEY!,
      region: env.S3_REGION || 'us-east-1',
      prefix: env.S3_PREFIX ? `${env.S3_PREFIX.replace(/\/+$/, '')}/` : '',
      forcePathStyle: env.S3_FORCE_PATH_STYLE !== '0',
    };
  }
  return { limits, linkHours: positive(env, 'ATTACHMENT_LINK_HOURS', 24), linkSecret: secret, publicUrl, s3 };
}

const SECRET_FILE = 'file-link-secret';

/** The links' secret: from the environment (several instances share it) or kept in the data directory (0600), as the admin token is. */
export function linkSecret(dataDir: string, fromEnv: string | undefined): Buffer {
  if (fromEnv) return Buffer.from(fromEnv, 'utf8');
  const file = join(dataDir, SECRET_FILE);
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32);
  writeFileSync(file, secret.toString('base64url'), { mode: 0o600 });
  return secret;
}

/** The desk over the configured store; the staging directory (DATA_DIR/staging) is emptied: nothing in it outlives a server. */
export async function openFileDesk(s: FileSettings, dataDir: string, uow: UnitOfWork): Promise<FileDesk> {
  let blobs;
  if (s.s3) {
    // The AWS SDK loads only when S3 is configured (about a second and 30 MB otherwise spent on every start).
    const { S3Blobs } = await import('../storage/s3');
    const store = new S3Blobs(s.s3);
    await store.check().catch((e) => {
      throw new Error(`S3 storage at ${s.s3!.endpoint} (bucket ${s.s3!.bucket}) did not answer: ${(e as Error).message}`, { cause: e });
    });
    blobs = store;
  } else {
    blobs = new FilesystemBlobs(join(dataDir, 'files'));
  }
  const staging = new Staging(join(dataDir, 'staging')).reset();
  const links = new FileLinks(linkSecret(dataDir, s.linkSecret), s.publicUrl, s.linkHours * 3_600_000);
  return new FileDesk({ uow, blobs, staging, limits: s.limits, links });
}
