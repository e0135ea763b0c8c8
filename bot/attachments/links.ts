/**
 * Download links: `/files/<id>?v=<person>&e=<expiry>&s=<signature>`, an HMAC-SHA256 over the
 * file, the person it was made for and its expiry, with a server secret. A link is that
 * person's: the download checks again, at that moment, that they may see the record. Links
 * go into chat messages on every platform, whose readers have no web session.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type LinkCheck = { ok: true; personId: number } | { ok: false; reason: 'invalid' | 'expired' };

export class FileLinks {
  constructor(
    private readonly secret: Buffer,
    /** Prefix of the links (PUBLIC_URL, e.g. https://xietong.example.gov.cn), or '' for links relative to the web chat. */
    private readonly base: string,
    readonly ttlMs: number,
    private readonly clock: () => Date = () => new Date(),
  ) {
    if (secret.length < 16) throw new Error('the file link secret must be at least 16 bytes');
  }

  /** How long a link works, in whole hours (for the messages that carry them). */
  get hours(): number {
    return Math.max(1, Math.round(this.ttlMs / 3_600_000));
  }

  private sign(id: number, personId: number, expires: number): string {
    return createHmac('sha256', this.secret).update(`xietong-file:${id}:${personId}:${expires}`).digest('base64url');
  }

  url(id: number, personId: number): string {
    const expires = Math.floor((this.clock().getTime() + this.ttlMs) / 1000);
    return `${this.base}/files/${id}?v=${personId}&e=${expires}&s=${this.sign(id, personId, expires)}`;
  }

  check(id: number, query: { v?: unknown; e?: unknown; s?: unknown }): LinkCheck {
    const { v, e, s } = query;
    if (typeof v !== 'string' || typeof e !== 'string' || typeof s !== 'string' || !/^\d{1,10}$/.test(v) || !/^\d{1,12}$/.test(e)) {
      return { ok: false, reason: 'invalid' };
    }
    const want = Buffer.from(this.sign(id, Number(v), Number(e)));
    const given = Buffer.from(s);
    if (given.length !== want.length || !timingSafeEqual(given, want)) return { ok: false, reason: 'invalid' };
    if (Number(e) * 1000 < this.clock().getTime()) return { ok: false, reason: 'expired' };
    return { ok: true, personId: Number(v) };
  }
}
