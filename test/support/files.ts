/**
 * Files for attachment tests (issue 17): small images built byte by byte (a JPEG whose
 * EXIF says where it was taken, a PNG), an executable, a file desk over the local files or
 * a local S3-compatible server (s3rver), and a multipart upload to the web chat.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import type { FileDesk } from '../../bot/attachments/desk';
import type { UnitOfWork } from '../../domain/ports';
import { type FileSettings, openFileDesk } from '../../scripts/files';
import { DEFAULT_ATTACHMENT_LIMITS } from '../../domain/attachments/attachment';
import type { WebClient } from './http';

export const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Where and with what the photo was taken, as a phone writes it into EXIF. */
export const EXIF_SECRET = 'GPS 39.8884N 119.2370E HUAWEI P60';

const segment = (marker: number, payload: Uint8Array | string): number[] => {
  const p = typeof payload === 'string' ? [...Buffer.from(payload, 'latin1')] : [...payload];
  return [0xff, marker, (p.length + 2) >> 8, (p.length + 2) & 0xff, ...p];
};

/**
 * A JPEG (SOI, JFIF, Exif, a table, SOF, scan, EOI) whose scan carries `seed`, so that two
 * photos differ. Not a viewable picture: what the product reads is its structure.
 */
export function jpegWithExif(seed: number): Uint8Array {
  return new Uint8Array([
    0xff, 0xd8,
    ...segment(0xe0, 'JFIF\0\x01\x01\0\0\x01\0\x01\0\0'),
    ...segment(0xe1, `Exif\0\0${EXIF_SECRET}`),
    ...segment(0xdb, new Uint8Array(65).fill(1)),
    ...segment(0xc0, new Uint8Array([8, 0, 1, 0, 1, 1, 1, 0x11, 0])),
    ...segment(0xda, new Uint8Array([1, 1, 0, 0, 0x3f, 0])),
    ...Array.from({ length: 200 }, (_, i) => (i * 7 + seed) % 250), // entropy-coded data: no 0xFF
    0xff, 0xd9,
  ]);
}

const crc32 = (b: Uint8Array) => {
  let c = ~0;
  for (const x of b) {
    c ^= x;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
};
const chunk = (type: string, data: Uint8Array): number[] => {
  const td = new Uint8Array([...Buffer.from(type, 'latin1'), ...data]);
  const n = data.length;
  const c = crc32(td);
  return [n >>> 24, (n >> 16) & 255, (n >> 8) & 255, n & 255, ...td, c >>> 24, (c >> 16) & 255, (c >> 8) & 255, c & 255];
};

/** A 1×1 PNG with a text chunk naming where it was taken. */
export function pngWithText(): Uint8Array {
  return new Uint8Array([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a,
    ...chunk('IHDR', new Uint8Array([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0])),
    ...chunk('tEXt', Buffer.from(`Location\0${EXIF_SECRET}`, 'latin1')),
    ...chunk('IDAT', new Uint8Array([0x78, 0x9c, 0x63, 0x60, 0, 0, 0, 2, 0, 1])),
    ...chunk('IEND', new Uint8Array()),
  ]);
}

/** A Windows executable's first bytes (MZ … PE): what an “.exe renamed .jpg” holds. */
export function executable(): Uint8Array {
  const b = new Uint8Array(512);
  b.set([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff]);
  b[0x3c] = 0x80;
  b.set([0x50, 0x45, 0, 0, 0x4c, 0x01], 0x80);
  return b;
}

export type StoreKind = 'filesystem' | 's3';

export interface TestFiles {
  desk: FileDesk;
  dataDir: string;
  close(): Promise<void>;
}

/** A file desk as `npm start` opens it (scripts/files.ts), on a fresh data directory; for 's3' against a local s3rver. */
export async function testFileDesk(uow: UnitOfWork, kind: StoreKind, settings: Partial<FileSettings> = {}): Promise<TestFiles> {
  const dataDir = mkdtempSync(join(tmpdir(), 'xietong-files-'));
  let stop = async () => {};
  let s3: FileSettings['s3'] = null;
  if (kind === 's3') {
    const server = new S3rver({
      port: 0, address: '127.0.0.1', silent: true, directory: join(dataDir, 's3rver'), configureBuckets: [{ name: 'xietong' }],
    });
    const { port } = await server.run();
    stop = () => server.close();
    s3 = {
      endpoint: `http://127.0.0.1:${port}`, bucket: 'xietong', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', region: 'us-east-1', prefix: 'test/', forcePathStyle: true,
    };
  }
  const desk = await openFileDesk(
    { limits: DEFAULT_ATTACHMENT_LIMITS, linkHours: 24, linkSecret: undefined, publicUrl: '', s3, ...settings },
    dataDir,
    uow,
  );
  return {
    desk,
    dataDir,
    async close() {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** POSTs text and files to the web chat as a browser's FormData does. */
export async function upload(c: WebClient, text: string, files: { name: string; bytes: Uint8Array; type?: string }[]) {
  const form = new FormData();
  form.set('text', text);
  for (const f of files) form.append('file', new Blob([new Uint8Array(f.bytes)], { type: f.type ?? 'application/octet-stream' }), f.name);
  return c.request('/api/chat', { method: 'POST', body: form });
}

/** Downloads a link (relative to the web app) and hashes what came. */
export async function fetchLink(base: string, link: string): Promise<{ status: number; bytes: Uint8Array; headers: Headers; error?: string }> {
  const res = await fetch(base + link);
  const bytes = new Uint8Array(await res.arrayBuffer());
  let error: string | undefined;
  if (res.status !== 200) error = JSON.parse(Buffer.from(bytes).toString('utf8')).error;
  return { status: res.status, bytes, headers: res.headers, ...(error ? { error } : {}) };
}

/** The download links in a text. */
export const linksIn = (text: string): string[] => [...text.matchAll(/\/files\/\d+\?v=\d+&e=\d+&s=[A-Za-z0-9_-]+/g)].map((m) => m[0]);
