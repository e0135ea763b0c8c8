/**
 * POST requests.json: a service request checked field by field (each refusal names its
 * field), then filed as the same complaint the chat form files — the same accused-body
 * recognition (bot/complaints/accused.ts), the same routing rule (a body complained about
 * never handles it), the same ledger, clock and notices (bot/complaints/register.ts).
 */
import { type Accused, type ComplaintFacts, type Contact, MAX_TEXT, NO_ACCUSED, type RoutedBy } from '../../domain/complaint';
import { accusedHandlerIn } from '../../domain/complaint-access';
import type { Directory } from '../../domain/organisation';
import { DESCRIPTION_MAX, type Requester, requesterOf } from '../../domain/open311';
import { guessAccused } from '../complaints/accused';
import { parseContact } from '../complaints/filing';
import type { ComplaintRouter } from '../routing';
import { type Service, type ServiceCatalogue, TOWNSHIP_SERVICE } from './services';

/** A refused call: the HTTP status and the reason, for the spec's error array. */
export class Open311Refusal extends Error {
  constructor(readonly status: 400 | 403 | 404 | 413 | 415 | 429, message: string, readonly retryAfterMs?: number) {
    super(message);
  }
}

const bad = (description: string) => new Open311Refusal(400, description);

/** The parameters of a call, as the spec names them (form fields or a JSON object), and `attribute[code]` apart. */
export interface Params {
  get(name: string): string | undefined;
  attributes: ReadonlyMap<string, string>;
}

/** A request that passed every check: the complaint to file and what the client gave beside it. */
export interface CheckedRequest {
  service: Service;
  facts: ComplaintFacts;
  route: { orgId: number; by: RoutedBy };
  requester: Requester;
  location: { lat: number | null; long: number | null; addressString: string | null; addressId: string | null };
  mediaUrl: string | null;
}

export interface CheckContext {
  catalogue: ServiceCatalogue;
  directory: Directory;
  router: ComplaintRouter;
  jurisdictionId: string;
}

const ID_MAX = 100;
const NAME_MAX = 20;
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]+$/;

/** A field's text: trimmed, absent when empty, at most `max` characters. */
function text(p: Params, field: string, max: number): string | null {
  const v = p.get(field)?.trim();
  if (!v) return null;
  if (v.length > max) throw bad(`${field} 不能超过 ${max} 个字符（当前 ${v.length}）。`);
  return v;
}

function coordinate(p: Params, field: 'lat' | 'long', limit: number): number | null {
  const v = text(p, field, 40);
  if (v == null) return null;
  const n = /^[+-]?\d{1,3}(\.\d+)?$/.test(v) ? Number(v) : NaN;
  if (!(Math.abs(n) <= limit)) throw bad(`${field} 应为 -${limit} 到 ${limit} 之间的十进制度数（WGS84），收到“${v.slice(0, 40)}”。`);
  return n;
}

/** Every check of POST requests.json; throws Open311Refusal(400) naming the first bad field. */
export function checkRequest(p: Params, ctx: CheckContext): CheckedRequest {
  const jurisdiction = text(p, 'jurisdiction_id', ID_MAX);
  if (jurisdiction != null && jurisdiction !== ctx.jurisdictionId) throw bad(`jurisdiction_id 未知：“${jurisdiction}”。本接口的 jurisdiction_id 为 ${ctx.jurisdictionId}（可不填）。`);
  const code = text(p, 'service_code', ID_MAX);
  if (code == null) throw bad('缺少 service_code：请从 GET services.json 中选择服务。');
  const service = ctx.catalogue.find(code);
  if (!service) throw bad(`service_code 未知：“${code}”。可用的服务见 GET services.json。`);

  const description = p.get('description')?.trim() ?? '';
  if (description.length > DESCRIPTION_MAX) throw bad(`description 不能超过 ${DESCRIPTION_MAX} 个字符（当前 ${description.length}）。`);
  if (!description) throw bad('description 必填：请描述要投诉举报的事情。');
  if (description.length < 5) throw bad('description 太短：请至少写 5 个字（与对话中的“事情经过”相同）。');

  const lat = coordinate(p, 'lat', 90);
  const long = coordinate(p, 'long', 180);
  if ((lat == null) !== (long == null)) throw bad(lat == null ? '缺少 lat：经纬度须成对提供。' : '缺少 long：经纬度须成对提供。');
  const addressString = text(p, 'address_string', MAX_TEXT.where);
  if (addressString != null && addressString.length < 2) throw bad('address_string 太短：请写明事情发生的地点。');
  if (addressString == null && lat == null) throw bad('缺少地点：请提供 address_string（地址），或 lat 和 long（经纬度）。');
  const addressId = text(p, 'address_id', ID_MAX);

  const email = text(p, 'email', 254);
  if (email != null && !EMAIL.test(email)) throw bad('email 格式不正确。');
  const phoneText = text(p, 'phone', 40);
  let phone: string | null = null;
  if (phoneText != null) {
    const c = parseContact(phoneText);
    if (!c || 'error' in c) throw bad('phone 应为手机号码（11位）或固定电话（如 0335-1234567）。');
    phone = c.phone;
  }
  const first = text(p, 'first_name', NAME_MAX);
  const last = text(p, 'last_name', NAME_MAX);
  const attributes = checkAttributes(p.attributes, service);
  const mediaUrl = checkUrl(text(p, 'media_url', 2000));
  const requester = requesterOf({ accountId: text(p, 'account_id', ID_MAX), email, phone, deviceId: text(p, 'device_id', ID_MAX) });

  const where = addressString ?? `经纬度 ${lat}, ${long}`;
  const accusedText = attributes.get('accused') ?? null;
  const accused = accusedOf(service, ctx, { answer: accusedText, what: description, where });
  // A name alone reaches no one: a contact is a phone or an email (the chat form's 匿名 otherwise).
  const name = first || last ? nameOf(first, last) : null;
  const contact: Contact | null = phone || email ? { name, phone, ...(email ? { email } : {}) } : null;
  return {
    service,
    facts: { what: description, where, when: attributes.get('when') ?? '不清楚', accused, accusedText, contact },
    route: routeOf(service, accused, attributes.get('township'), `${description} ${where}`, ctx),
    requester,
    location: { lat, long, addressString, addressId },
    mediaUrl,
  };
}

function checkAttributes(given: ReadonlyMap<string, string>, service: Service): Map<string, string> {
  const out = new Map<string, string>();
  for (const [code, raw] of given) {
    const a = service.attributes.find((x) => x.code === code);
    if (!a) throw bad(`attribute[${code.slice(0, 40)}] 不是服务 ${service.code} 的属性（见 GET services/${service.code}.json）。`);
    const v = raw.trim();
    if (!v) continue;
    if (a.values && !a.values.some((x) => x.key === v)) throw bad(`attribute[${code}] 的取值应为 ${a.values.map((x) => x.key).join('、')} 之一。`);
    if (a.max && v.length > a.max) throw bad(`attribute[${code}] 不能超过 ${a.max} 个字符（当前 ${v.length}）。`);
    if (code === 'accused' && v.length < 2) throw bad('attribute[accused] 太短：请写明被投诉的单位或人员。');
    out.set(code, v);
  }
  for (const a of service.attributes) if (a.required && !out.has(a.code)) throw bad(`缺少 attribute[${a.code}]：${a.description}。`);
  return out;
}

function checkUrl(v: string | null): string | null {
  if (v == null) return null;
  let u: URL | undefined;
  try {
    u = new URL(v);
  } catch {
    u = undefined;
  }
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) throw bad('media_url 应为 http(s) 地址。');
  return v;
}

/** 张 + 三 → 张三; Jane + Doe → Jane Doe. */
const nameOf = (first: string | null, last: string | null): string =>
  /\p{Script=Han}/u.test(`${first ?? ''}${last ?? ''}`) ? `${last ?? ''}${first ?? ''}` : [first, last].filter(Boolean).join(' ');

/**
 * The body complained about, as the chat form reads it — but with nobody to ask: a guess
 * that is not certain is 不确定 (possibly any body, 司法局 handles it, identity hidden),
 * and the justice bureau's service says someone's enforcement is complained about even
 * when no body is named (README, readings: Open311 requests).
 */
function accusedOf(service: Service, ctx: CheckContext, input: { answer: string | null; what: string; where: string }): Accused {
  const guess = guessAccused(ctx.directory, ctx.router, input);
  switch (guess.kind) {
    case 'certain':
      return { kind: 'body', orgId: guess.orgId };
    case 'unsure':
      return { kind: 'unresolved' };
    case 'none':
      return service.aboutEnforcement ? { kind: 'unresolved' } : NO_ACCUSED;
  }
}

/** A body complained about sends it to 司法局 (协调办 for 司法局 itself); otherwise the chosen service's body. */
function routeOf(service: Service, accused: Accused, townshipCode: string | undefined, text: string, ctx: CheckContext): { orgId: number; by: RoutedBy } {
  const dir = ctx.directory;
  const handler = accusedHandlerIn(dir, accused);
  if (handler != null) return { orgId: handler, by: 'accused' };
  if (service.code !== TOWNSHIP_SERVICE) return { orgId: service.orgIds[0]!, by: 'citizen' };
  const town = townshipCode ? dir.byCode(townshipCode) : ctx.router.township(text);
  if (!town || !service.orgIds.includes(town.id)) throw bad('缺少 attribute[township]：address_string 中未写明乡镇（街道），请填写属性 township（取值见 GET services/township.json）。');
  return { orgId: town.id, by: 'citizen' };
}
