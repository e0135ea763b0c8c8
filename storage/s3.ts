/**
 * Blobs in an S3-compatible object store (a 政务云's object storage, MinIO …), one object
 * per SHA-256 under `<prefix>sha256/ab/abcdef…`. A PUT is atomic: an upload cut off leaves
 * no object. Several instances may share the bucket.
 */
import { createReadStream } from 'node:fs';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { BlobStore } from '../domain/attachments/ports';
import { checkedHash } from './filesystem';

export interface S3Settings {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  /** Key prefix, e.g. `xietong/` (default none). */
  prefix: string;
  /** Path-style URLs (`endpoint/bucket/key`), what MinIO and most on-premises stores expect. */
  forcePathStyle: boolean;
}

const missing = (e: unknown) => {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err.name === 'NotFound' || err.name === 'NoSuchKey' || err.$metadata?.httpStatusCode === 404;
};

export class S3Blobs implements BlobStore {
  readonly kind = 's3' as const;
  private readonly client: S3Client;

  constructor(private readonly s: S3Settings) {
    this.client = new S3Client({
      endpoint: s.endpoint,
      region: s.region,
      forcePathStyle: s.forcePathStyle,
      credentials: { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey },
      // The SDK's default (since 3.729) streams a body as aws-chunked with a CRC32 trailer;
      // S3-compatible stores that do not speak it (s3rver, older MinIO, some 政务云) keep the
      // framing as the object's bytes. The content is addressed and checked by SHA-256 anyway.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  private key(sha256: string): string {
    const h = checkedHash(sha256);
    return `${this.s.prefix}sha256/${h.slice(0, 2)}/${h}`;
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.s.bucket, Key: this.key(sha256) }));
      return true;
    } catch (e) {
      if (missing(e)) return false;
      throw e;
    }
  }

  async put(sha256: string, stagedPath: string, size: number): Promise<'stored' | 'present'> {
    if (await this.has(sha256)) return 'present';
    await this.client.send(new PutObjectCommand({
      Bucket: this.s.bucket, Key: this.key(sha256), Body: createReadStream(stagedPath), ContentLength: size, ContentType: 'application/octet-stream',
    }));
    return 'stored';
  }

  async get(sha256: string): Promise<AsyncIterable<Uint8Array> | null> {
    try {
      const r = await this.client.send(new GetObjectCommand({ Bucket: this.s.bucket, Key: this.key(sha256) }));
      return (r.Body as AsyncIterable<Uint8Array> | undefined) ?? null;
    } catch (e) {
      if (missing(e)) return null;
      throw e;
    }
  }

  async delete(sha256: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.s.bucket, Key: this.key(sha256) }));
  }

  /** Checks at start that the bucket answers with these credentials (a HEAD of a key that need not exist). */
  async check(): Promise<void> {
    await this.has('0'.repeat(64));
  }
}
