/**
 * Open311 GeoReport v2 at /open311/v2 (bot/open311/api.ts), translation only: the call's
 * parameters from the query string, a form body or a JSON object; answers as JSON or XML
 * (by the path's extension, as the spec's), and every refusal as the spec's error array
 * ([{code, description}], <errors><error>…) with its HTTP status.
 * The key is the credential, not a cookie, so the cross-site checks of the chat do not
 * apply; the security headers do (server.ts).
 */
import type Koa from 'koa';
import type Router from '@koa/router';
import { type Open311Api } from '../../bot/open311/api';
import { type Params, Open311Refusal } from '../../bot/open311/requests';
import { HttpError, readBody, retryAfter } from './http';

export const OPEN311_BASE = '/open311/v2';
/** A description of 4000 characters, percent-encoded, is ~36 KB. */
const MAX_BODY = 128 * 1024;

type Format = 'json' | 'xml';

/** `name.json` / `name.xml` → the name and the format of the answer. */
function fileOf(file: string): { name: string; format: Format } {
  const m = file.match(/^(.+)\.([A-Za-z]+)$/);
  if (!m) throw new Open311Refusal(404, '未找到该地址：请以 .json 或 .xml 结尾（如 services.json）。');
  const format = m[2]!.toLowerCase();
  if (format !== 'json' && format !== 'xml') throw new Open311Refusal(400, `不支持的格式“${m[2]!.slice(0, 10)}”：本接口提供 JSON（.json）和 XML（.xml）。`);
  return { name: m[1]!, format };
}

/** The spec's XML: a list's items are named as its examples name them. */
const XML_ITEM: Record<string, string> = { services: 'service', service_requests: 'request', errors: 'error', attributes: 'attribute', values: 'value' };
const XML_ESCAPE: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

function xmlElement(name: string, v: unknown): string {
  if (Array.isArray(v)) return `<${name}>${v.map((x) => xmlElement(XML_ITEM[name] ?? 'item', x)).join('')}</${name}>`;
  if (v && typeof v === 'object') return `<${name}>${Object.entries(v).map(([k, x]) => xmlElement(k, x)).join('')}</${name}>`;
  // Characters XML 1.0 cannot carry are dropped; the rest escaped.
  const text = v == null ? '' : String(v).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').replace(/[&<>"']/g, (c) => XML_ESCAPE[c]!);
  return `<${name}>${text}</${name}>`;
}

/** The body in the format asked: JSON as is; XML under the spec's root element. */
function render(ctx: Koa.Context, format: Format, root: string, value: unknown): void {
  if (format === 'json') {
    ctx.body = value;
    return;
  }
  ctx.type = 'application/xml; charset=utf-8';
  ctx.body = `<?xml version="1.0" encoding="utf-8"?>${xmlElement(root, value)}`;
}

/** One value per field; a repeated field is refused rather than guessed. */
function paramsOf(entries: Iterable<[string, unknown]>): Params {
  const fields = new Map<string, string>();
  const attributes = new Map<string, string>();
  const put = (name: string, value: unknown) => {
    if (Array.isArray(value)) throw new Open311Refusal(400, `${name.slice(0, 40)} 只能提供一次。`);
    if (value == null) return;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') throw new Open311Refusal(400, `${name.slice(0, 40)} 应为文本。`);
    const attr = name.match(/^attribute\[(.+)\]$/);
    const into = attr ? attributes : fields;
    const key = attr ? attr[1]! : name;
    if (into.has(key)) throw new Open311Refusal(400, `${name.slice(0, 40)} 只能提供一次。`);
    into.set(key, String(value));
  };
  for (const [name, value] of entries) {
    // JSON may carry the attributes as an object: {"attribute": {"when": "昨天"}}.
    if (name === 'attribute' && value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) put(`attribute[${k}]`, v);
    } else put(name, value);
  }
  return { get: (n) => fields.get(n), attributes };
}

function queryParams(ctx: Koa.Context): Params {
  return paramsOf(Object.entries(ctx.query));
}

/** POST parameters: application/x-www-form-urlencoded (the spec's) or a JSON object. */
async function bodyParams(ctx: Koa.Context): Promise<Params> {
  const type = ctx.request.type;
  if (type !== 'application/x-www-form-urlencoded' && type !== 'application/json') {
    throw new Open311Refusal(415, '请求体须为 application/x-www-form-urlencoded 或 application/json。');
  }
  const text = await readBody(ctx, MAX_BODY); // a 4xx HttpError answers as the spec's error array
  if (type === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams(text);
    const seen = new Map<string, string[]>();
    for (const [k, v] of form) seen.set(k, [...(seen.get(k) ?? []), v]);
    return paramsOf([...seen].map(([k, v]) => [k, v.length === 1 ? v[0] : v]));
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Open311Refusal(400, '请求体不是有效的 JSON。');
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new Open311Refusal(400, '请求体应为 JSON 对象，字段同表单参数（service_code、description 等）。');
  return paramsOf(Object.entries(json));
}

/** The answer (under `root` in XML), or the refusal as the spec's error array — JSON until the format is known. */
async function answer(ctx: Koa.Context, fn: () => Promise<{ format: Format; root: string; value: unknown }>, okStatus = 200): Promise<void> {
  ctx.set('Cache-Control', 'no-store');
  let format: Format = 'json';
  try {
    const file = ctx.params.file;
    if (file) format = fileOf(file).format;
    const r = await fn();
    render(ctx, r.format, r.root, r.value);
    ctx.status = okStatus;
  } catch (e) {
    const refusal = e instanceof Open311Refusal ? e : e instanceof HttpError && e.status < 500 ? new Open311Refusal(e.status as 400, e.message) : null;
    if (!refusal) throw e;
    if (refusal.retryAfterMs) ctx.set('Retry-After', retryAfter(refusal.retryAfterMs));
    render(ctx, format, 'errors', [{ code: refusal.status, description: refusal.message }]);
    ctx.status = refusal.status;
  }
}

export function open311Routes(api: Open311Api) {
  return (router: Router) => {
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    const file = (ctx: Koa.Context) => fileOf(ctx.params.file!);
    router.get(`${OPEN311_BASE}/:file`, (ctx) =>
      answer(ctx, async () => {
        const { name, format } = file(ctx);
        const q = queryParams(ctx);
        if (name === 'services') return { format, root: 'services', value: api.services(q.get('jurisdiction_id')) };
        if (name === 'requests') return { format, root: 'service_requests', value: await api.search(q.get('api_key'), q) };
        throw new Open311Refusal(404, '未找到该地址：可用 services.json、requests.json。');
      }));
    router.get(`${OPEN311_BASE}/services/:file`, (ctx) =>
      answer(ctx, async () => {
        const { name, format } = file(ctx);
        return { format, root: 'service_definition', value: api.definition(name, str(ctx.query.jurisdiction_id)) };
      }));
    router.get(`${OPEN311_BASE}/requests/:file`, (ctx) =>
      answer(ctx, async () => {
        const { name, format } = file(ctx);
        return { format, root: 'service_requests', value: await api.request(str(ctx.query.api_key), name, str(ctx.query.jurisdiction_id)) };
      }));
    router.get(`${OPEN311_BASE}/tokens/:file`, (ctx) =>
      answer(ctx, async () => {
        const { name, format } = file(ctx);
        return { format, root: 'service_requests', value: await api.token(str(ctx.query.api_key), name, str(ctx.query.jurisdiction_id)) };
      }));
    router.post(`${OPEN311_BASE}/:file`, (ctx) =>
      answer(ctx, async () => {
        const { name, format } = file(ctx);
        if (name !== 'requests') throw new Open311Refusal(404, '未找到该地址：提交请求请 POST requests.json。');
        const p = await bodyParams(ctx);
        // api_key in the body (the spec's) or, as some clients send it, in the query string.
        return { format, root: 'service_requests', value: await api.file(p.get('api_key') ?? str(ctx.query.api_key), p) };
      }, 201));
  };
}
