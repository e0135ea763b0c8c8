/**
 * A browser-like client: keeps the session cookie the server sets (and drops it when the
 * server clears it), and sends its page's origin with every POST, as a browser does.
 */
export class WebClient {
  cookie: string | undefined;
  /** Sent with every request (a test behind a proxy sets X-Forwarded-For). */
  headers: Record<string, string> = {};
  constructor(public base: string) {}

  async request(path: string, init: RequestInit = {}): Promise<{ status: number; body: any; setCookie: string | null; headers: Record<string, string> }> {
    const headers = new Headers(init.headers);
    for (const [k, v] of Object.entries(this.headers)) if (!headers.has(k)) headers.set(k, v);
    if (this.cookie) headers.set('cookie', this.cookie);
    if (init.method && init.method !== 'GET' && !headers.has('origin')) headers.set('origin', this.base);
    const res = await fetch(this.base + path, { ...init, headers });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = /^[^=]+=;/.test(setCookie) ? undefined : setCookie.split(';')[0];
    const text = await res.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    const received: Record<string, string> = {};
    res.headers.forEach((v, k) => (received[k] = v));
    return { status: res.status, body, setCookie, headers: received };
  }

  async chat(text: string, key?: string): Promise<{ text: string; options?: string[] }[]> {
    const r = await this.request('/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
      body: JSON.stringify({ text }),
    });
    if (r.status !== 200) throw new Error(`chat ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body.replies;
  }

  async say(text: string): Promise<string> {
    return (await this.chat(text)).map((r) => r.text).join('\n');
  }

  /** Reads and acknowledges the notifications waiting for this browser. */
  async inbox(): Promise<{ text: string; options?: string[] }[]> {
    const r = await this.request('/api/inbox');
    if (r.body.cursor != null) await this.request(`/api/inbox?after=${r.body.cursor}`);
    return r.body.replies;
  }
}
