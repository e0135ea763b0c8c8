/**
 * A fake WeCom server API on 127.0.0.1 (gettoken, message/send, media/get), and a test-side
 * callback builder that encrypts with the openssl CLI and signs with its own sha1 —
 * independent of adapters/wecom/crypto.ts.
 */
import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentMessage {
  touser: string;
  agentid: unknown;
  msgtype: string;
  content: string;
}

type Failure = { errcode: number } | { status: number };

export class FakeWecom {
  url = '';
  /** gettoken requests answered (successful or not). */
  gettokenCalls = 0;
  /** message/send requests received, including failed ones. */
  sendCalls = 0;
  readonly sent: SentMessage[] = [];
  /** Token lifetime given by gettoken, seconds. */
  expiresIn = 7200;
  /** Members the application cannot reach: message/send answers 81013. */
  readonly unreachable = new Set<string>();
  private readonly tokens = new Set<string>();
  private readonly failures: Failure[] = [];
  private server: Server | undefined;

  constructor(readonly corpId: string, readonly corpSecret: string, readonly agentId: number) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((e) => {
        res.statusCode = 500;
        res.end(String(e));
      });
    });
    this.server.listen(0, '127.0.0.1');
    await new Promise<void>((r, j) => this.server!.once('listening', r).once('error', j));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    const closed = new Promise<void>((r) => this.server!.close(() => r()));
    this.server.closeAllConnections();
    await closed;
  }

  /** Every token issued so far is now expired (message/send answers 42001). */
  expireTokens(): void {
    this.tokens.clear();
  }

  /** The next `n` message/send calls fail with this errcode (or HTTP status). */
  failSends(n: number, failure: Failure): void {
    for (let i = 0; i < n; i++) this.failures.push(failure);
  }

  messagesTo(user: string): string[] {
    return this.sent.filter((m) => m.touser === user).map((m) => m.content);
  }

  /** Waits (bounded) until `user` has received at least `n` messages. */
  async waitForMessages(user: string, n: number, timeoutMs = 5000): Promise<string[]> {
    const until = Date.now() + timeoutMs;
    while (this.messagesTo(user).length < n) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${n} messages to ${user}; got ${JSON.stringify(this.messagesTo(user))}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return this.messagesTo(user);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const json = (body: unknown, status = 200) => {
      res.statusCode = status;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && url.pathname === '/cgi-bin/gettoken') {
      this.gettokenCalls++;
      if (url.searchParams.get('corpid') !== this.corpId) return json({ errcode: 40013, errmsg: 'invalid corpid' });
      if (url.searchParams.get('corpsecret') !== this.corpSecret) return json({ errcode: 40001, errmsg: 'invalid credential' });
      const token = randomBytes(24).toString('base64url');
      this.tokens.add(token);
      return json({ errcode: 0, errmsg: 'ok', access_token: token, expires_in: this.expiresIn });
    }
    if (req.method === 'POST' && url.pathname === '/cgi-bin/message/send') {
      this.sendCalls++;
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const token = url.searchParams.get('access_token') ?? '';
      if (!this.tokens.has(token)) return json({ errcode: 42001, errmsg: 'access_token expired' });
      const failure = this.failures.shift();
      if (failure && 'status' in failure) return json({ error: 'upstream' }, failure.status);
      if (failure) return json({ errcode: failure.errcode, errmsg: failure.errcode === -1 ? 'system busy' : 'api freq out of limit' });
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      if (body.agentid !== this.agentId) return json({ errcode: 40056, errmsg: 'invalid agentid' });
      if (body.msgtype !== 'text' || typeof body.text?.content !== 'string') return json({ errcode: 40008, errmsg: 'invalid message type' });
      if (Buffer.byteLength(body.text.content, 'utf8') > 2048) return json({ errcode: 44004, errmsg: 'content size out of limit' });
      if (typeof body.touser !== 'string' || !body.touser || this.unreachable.has(body.touser)) {
        return json({ errcode: 81013, errmsg: 'user & party & tag all invalid' });
      }
      this.sent.push({ touser: body.touser, agentid: body.agentid, msgtype: body.msgtype, content: body.text.content });
      return json({ errcode: 0, errmsg: 'ok', msgid: randomBytes(8).toString('hex') });
    }
    if (req.method === 'GET' && url.pathname === '/cgi-bin/media/get') {
      if (!this.tokens.has(url.searchParams.get('access_token') ?? '')) return json({ errcode: 42001, errmsg: 'access_token expired' });
      const m = this.media.get(url.searchParams.get('media_id') ?? '');
      if (!m) return json({ errcode: 40007, errmsg: 'invalid media_id' });
      res.writeHead(200, {
        'content-type': 'application/octet-stream', 'content-length': String(m.bytes.length),
        'content-disposition': `attachment; filename="${encodeURIComponent(m.name)}"`,
      });
      return void res.end(m.bytes);
    }
    json({ errcode: 404, errmsg: 'not found' }, 404);
  }

  private readonly media = new Map<string, { bytes: Uint8Array; name: string }>();

  /** A member's upload the fake keeps for media/get; its MediaId. */
  addMedia(bytes: Uint8Array, name: string): string {
    const id = `3a${randomBytes(12).toString('hex')}`;
    this.media.set(id, { bytes, name });
    return id;
  }
}

// ---- test-side crypto (openssl CLI + own sha1), independent of the production code ----

/** AES-256-CBC without padding, by the openssl CLI. */
export function opensslAes(mode: 'encrypt' | 'decrypt', key: Buffer, data: Buffer): Buffer {
  const args = ['enc', '-aes-256-cbc', ...(mode === 'decrypt' ? ['-d'] : []), '-K', key.toString('hex'), '-iv', key.subarray(0, 16).toString('hex'), '-nopad'];
  return execFileSync('openssl', args, { input: data, maxBuffer: 1 << 24 });
}

/** sha1 over the sorted, concatenated parts (the msg_signature recipe), with node's sha1. */
export function sign(token: string, timestamp: string, nonce: string, encrypted: string): string {
  return createHash('sha1').update([token, timestamp, nonce, encrypted].sort().join('')).digest('hex');
}

export interface EncryptOptions {
  receiveId?: string;
  /** Make the PKCS#7 padding (of the right length) out of this byte instead. */
  badPadByte?: number;
}

/** Builds signed, encrypted callbacks the way WeCom does. */
export class CallbackBuilder {
  readonly key: Buffer;
  constructor(readonly token: string, encodingAesKey: string, readonly corpId: string) {
    this.key = Buffer.from(encodingAesKey + '=', 'base64');
  }

  /** random(16) ‖ uint32 BE length ‖ msg ‖ receiveid, padded to 32 bytes, AES by openssl. */
  encrypt(message: string, o: EncryptOptions = {}): string {
    const msg = Buffer.from(message, 'utf8');
    const len = Buffer.alloc(4);
    len.writeUInt32BE(msg.length);
    const plain = Buffer.concat([randomBytes(16), len, msg, Buffer.from(o.receiveId ?? this.corpId, 'utf8')]);
    const n = 32 - (plain.length % 32);
    const padded = Buffer.concat([plain, Buffer.alloc(n, o.badPadByte ?? n)]);
    if (padded.length % 16) throw new Error('test bug: padded plaintext is not whole blocks');
    return opensslAes('encrypt', this.key, padded).toString('base64');
  }

  /** Query string of a signed callback over `encrypted`. */
  query(encrypted: string, o: { timestamp?: number; nonce?: string; token?: string; echo?: boolean } = {}): string {
    const timestamp = String(o.timestamp ?? Math.floor(Date.now() / 1000));
    const nonce = o.nonce ?? String(Math.floor(Math.random() * 1e9));
    const params = new URLSearchParams({ msg_signature: sign(o.token ?? this.token, timestamp, nonce, encrypted), timestamp, nonce });
    if (o.echo) params.set('echostr', encrypted);
    return params.toString();
  }

  /** The outer callback body around an Encrypt value. */
  body(encrypted: string, agentId: number | string = 1000002): string {
    return `<xml><ToUserName><![CDATA[${this.corpId}]]></ToUserName><AgentID><![CDATA[${agentId}]]></AgentID><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`;
  }
}

/** The decrypted XML of a member's text message. */
export function textMessageXml(o: { corpId: string; from: string; content: string; msgId: string; createTime?: number; agentId?: number }): string {
  const cdata = (s: string) => `<![CDATA[${s.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
  return (
    `<xml><ToUserName>${cdata(o.corpId)}</ToUserName><FromUserName>${cdata(o.from)}</FromUserName>` +
    `<CreateTime>${o.createTime ?? Math.floor(Date.now() / 1000)}</CreateTime><MsgType>${cdata('text')}</MsgType>` +
    `<Content>${cdata(o.content)}</Content><MsgId>${o.msgId}</MsgId><AgentID>${o.agentId ?? 1000002}</AgentID></xml>`
  );
}

/** The decrypted XML of a member's image (or voice, video) message: its file by MediaId. */
export function mediaMessageXml(o: { corpId: string; from: string; mediaId: string; msgId: string; msgType?: 'image' | 'voice' | 'video' }): string {
  const cdata = (s: string) => `<![CDATA[${s}]]>`;
  return (
    `<xml><ToUserName>${cdata(o.corpId)}</ToUserName><FromUserName>${cdata(o.from)}</FromUserName>` +
    `<CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType>${cdata(o.msgType ?? 'image')}</MsgType>` +
    `<PicUrl>${cdata('http://p.qpic.cn/x')}</PicUrl><MediaId>${cdata(o.mediaId)}</MediaId><MsgId>${o.msgId}</MsgId><AgentID>1000002</AgentID></xml>`
  );
}
