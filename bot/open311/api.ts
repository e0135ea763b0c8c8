/**
 * Open311 GeoReport v2 (issue 18), platform-neutral: what each call answers, in the
 * spec's field names. The web adapter (adapters/web/open311.ts) only translates HTTP.
 *
 * Every request call needs a live key (开放接口密钥, 403 otherwise) and reads only what that
 * key filed — a client speaks for its requesters, so it reads what 查询 tells a complainant,
 * never a contact and never another client's filings (README, readings: Open311 reads).
 * A refused call writes nothing but its rate-limit point.
 */
import { createHash, randomBytes } from 'node:crypto';
import { type LimitSettings } from '../../domain/limits';
import type { Directory } from '../../domain/organisation';
import type { UnitOfWork } from '../../domain/ports';
import {
  type Open311Key, type Open311Status, type Requester, type RequestSearch, OPEN311_STATUSES, SEARCH_LIMIT, complaintStatusesOf, searchWindow,
} from '../../domain/open311';
import { SERIES, parseRecordNo } from '../../domain/record-no';
import { registerComplaint } from '../complaints/register';
import type { Engine } from '../engine';
import { apiKeyLimits } from '../limits';
import type { ComplaintRouter } from '../routing';
import { hashOpen311Key } from './keys';
import { type Params, Open311Refusal, checkRequest } from './requests';
import { type Service, ServiceCatalogue } from './services';
import { type RequestView, SERVICE_NOTICE, requestView } from './view';

export interface Open311ApiOptions {
  engine: Engine;
  uow: UnitOfWork;
  directory: Directory;
  router: ComplaintRouter;
  limits: LimitSettings;
  /** The spec's jurisdiction_id of this deployment (optional in every call). */
  jurisdictionId: string;
  clock?: () => Date;
}

/** The platform (accounts.platform) of the people an Open311 client files for. */
export const OPEN311_PLATFORM = 'open311';
/** At most this many ids in one service_request_id filter. */
const MAX_IDS = 100;

const forbidden = (m: string) => new Open311Refusal(403, m);
const bad = (m: string) => new Open311Refusal(400, m);
const tooMany = (ms: number) => new Open311Refusal(429, `请求过于频繁，请 ${Math.max(1, Math.ceil(ms / 1000))} 秒后再试（本次请求未被处理）。`, ms);

export interface ServiceEntry {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime';
  keywords: string;
  group: string;
}

export interface ServiceDefinition {
  service_code: string;
  attributes: {
    variable: boolean; code: string; datatype: string; required: boolean; datatype_description: string | null;
    order: number; description: string; values?: { key: string; name: string }[];
  }[];
}

export interface FiledRequest {
  service_request_id: string;
  token: string;
  service_notice: string;
  account_id: string | null;
}

export class Open311Api {
  readonly catalogue: ServiceCatalogue;
  private readonly clock: () => Date;

  constructor(private readonly o: Open311ApiOptions) {
    this.catalogue = new ServiceCatalogue(o.directory, o.router);
    this.clock = o.clock ?? (() => new Date());
  }

  /** GET services.json: public, like the spec's (no key). */
  services(jurisdiction: string | undefined): ServiceEntry[] {
    this.checkJurisdiction(jurisdiction);
    return this.catalogue.all.map((s) => ({
      service_code: s.code,
      service_name: s.name,
      description: s.description,
      metadata: s.attributes.length > 0,
      type: 'realtime',
      keywords: s.keywords.join(','),
      group: s.group,
    }));
  }

  /** GET services/{code}.json. */
  definition(code: string, jurisdiction: string | undefined): ServiceDefinition {
    this.checkJurisdiction(jurisdiction);
    const s = this.service(code, 404);
    return {
      service_code: s.code,
      attributes: s.attributes.map((a, i) => ({
        variable: true, code: a.code, datatype: a.datatype, required: a.required, datatype_description: a.datatypeDescription,
        order: i + 1, description: a.description, ...(a.values ? { values: a.values } : {}),
      })),
    };
  }

  /**
   * POST requests.json: checked in full first (nothing is written on a refusal), then filed
   * in one transaction as the requester's complaint — the chat form's registration, clock
   * and notices — with the client's key and its limits.
   */
  async file(apiKey: string | undefined, p: Params): Promise<FiledRequest[]> {
    const key = await this.client(apiKey);
    const checked = checkRequest(p, { catalogue: this.catalogue, directory: this.o.directory, router: this.o.router, jurisdictionId: this.o.jurisdictionId });
    const token = randomBytes(16).toString('hex');
    const trackingNo = await this.o.engine.act({ platform: OPEN311_PLATFORM, externalId: requesterId(key.id, checked.requester) }, async (t) => {
      // A requester is an account as a chat user is: the chat's per-account complaint limit, and the key's own.
      const wait = await apiKeyLimits(this.o.limits, t.store.rateLimits, key.id).complaint(t.account.accountId);
      if (wait) throw tooMany(wait);
      const c = await registerComplaint(t, checked.facts, checked.route);
      await t.store.open311.addFiling({
        complaintId: c.id, keyId: key.id, token, serviceCode: checked.service.code, ...checked.location, mediaUrl: checked.mediaUrl,
      });
      await t.store.open311.touchKey(key.id, t.now);
      return c.trackingNo;
    });
    const accountId = checked.requester.kind === 'account' ? checked.requester.value : null;
    return [{ service_request_id: trackingNo, token, service_notice: SERVICE_NOTICE, account_id: accountId }];
  }

  /** GET requests.json: the key's requests by id, or by service, status and a ≤ 90-day window. */
  async search(apiKey: string | undefined, p: Params): Promise<RequestView[]> {
    const key = await this.client(apiKey);
    this.checkJurisdiction(p.get('jurisdiction_id'));
    const ids = list(p.get('service_request_id'));
    if (ids && ids.length > MAX_IDS) throw bad(`service_request_id 一次最多 ${MAX_IDS} 个（当前 ${ids.length} 个）。`);
    // The spec: with ids given, the other filters are ignored.
    const q = ids
      ? { trackingNos: ids.map((id) => parseRecordNo(SERIES.complaint, id) ?? id) }
      : {
          ...(list(p.get('service_code')) ? { serviceCodes: list(p.get('service_code'))!.map((c) => this.service(c, 400, 'service_code').code) } : {}),
          ...(list(p.get('status')) ? { statuses: list(p.get('status'))!.flatMap((s) => complaintStatusesOf(status(s))) } : {}),
          ...window(p, this.clock()),
        };
    return this.read(key, { ...q, limit: SEARCH_LIMIT });
  }

  /** GET requests/{id}.json: the one request, 404 when the key did not file it. */
  async request(apiKey: string | undefined, id: string, jurisdiction: string | undefined): Promise<RequestView[]> {
    const key = await this.client(apiKey);
    this.checkJurisdiction(jurisdiction);
    const no = parseRecordNo(SERIES.complaint, id);
    const found = no ? await this.read(key, { trackingNos: [no], limit: 1 }) : [];
    if (!found.length) throw new Open311Refusal(404, `未找到编号为“${id.slice(0, 40)}”的请求（只能查询本密钥提交的请求）。`);
    return found;
  }

  /** GET tokens/{token}.json: the id behind a token this key was given. */
  async token(apiKey: string | undefined, token: string, jurisdiction: string | undefined): Promise<{ service_request_id: string; token: string }[]> {
    const key = await this.client(apiKey);
    this.checkJurisdiction(jurisdiction);
    const no = /^[0-9a-f]{32}$/.test(token) ? await this.o.uow.run((s) => s.open311.byToken(key.id, token)) : null;
    if (!no) throw new Open311Refusal(404, '未找到该 token（只能查询本密钥提交的请求）。');
    return [{ service_request_id: no, token }];
  }

  private async read(key: Open311Key, q: Omit<RequestSearch, 'keyId'>): Promise<RequestView[]> {
    const rows = await this.o.uow.run((s) => s.open311.search({ ...q, keyId: key.id }));
    return rows.map((r) => requestView(r, this.catalogue, this.o.directory));
  }

  /** The live key of the call, its call counted (403 without one, 429 over its limit). */
  private async client(apiKey: string | undefined): Promise<Open311Key> {
    const given = apiKey?.trim();
    if (!given) throw forbidden('缺少 api_key：请使用管理员签发的开放接口密钥。');
    if (given.length > 200) throw forbidden('api_key 无效或已被撤销。');
    const r = await this.o.uow.run(async (s) => {
      const key = await s.open311.keyByHash(hashOpen311Key(given));
      return key ? { key, wait: await apiKeyLimits(this.o.limits, s.rateLimits, key.id).call() } : null;
    });
    if (!r) throw forbidden('api_key 无效或已被撤销。');
    if (r.wait) throw tooMany(r.wait);
    return r.key;
  }

  private service(code: string, status: 400 | 404, field = 'service_code'): Service {
    const s = this.catalogue.find(code);
    if (s) return s;
    throw new Open311Refusal(status, `${field} 未知：“${code.slice(0, 40)}”。可用的服务见 GET services.json。`);
  }

  private checkJurisdiction(given: string | undefined): void {
    const j = given?.trim();
    if (j && j !== this.o.jurisdictionId) throw bad(`jurisdiction_id 未知：“${j.slice(0, 40)}”。本接口的 jurisdiction_id 为 ${this.o.jurisdictionId}（可不填）。`);
  }
}

/**
 * The account a requester files from: one per key and requester (README, readings: who
 * files through Open311). The email or phone naming them is hashed: an account id is no
 * place for a contact (that is the complaint's, under its confidentiality).
 */
export const requesterId = (keyId: number, r: Requester): string =>
  r.kind === 'anonymous' ? `${keyId}:anonymous` : `${keyId}:${r.kind}:${createHash('sha256').update(r.value).digest('base64url')}`;

/** A comma-separated filter: its items, or undefined when empty. */
function list(v: string | undefined): string[] | undefined {
  const items = (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return items.length ? items : undefined;
}

function status(s: string): Open311Status {
  if ((OPEN311_STATUSES as readonly string[]).includes(s)) return s as Open311Status;
  throw bad(`status 应为 ${OPEN311_STATUSES.join('、')}（可用逗号分隔多个），收到“${s.slice(0, 40)}”。`);
}

const W3C = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/;

/** A w3c datetime; a bare date is a day of China Standard Time (the district's). */
function date(p: Params, field: 'start_date' | 'end_date'): Date | undefined {
  const v = p.get(field)?.trim();
  if (!v) return undefined;
  const m = v.match(W3C);
  const d = m ? new Date(v.length === 10 ? `${v}T00:00:00+08:00` : v) : null;
  // Date rolls 02-31 over to March: the day must exist in its month.
  const real = m && Number(m[3]) >= 1 && Number(m[3]) <= new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
  if (!d || !real || Number.isNaN(d.getTime())) throw bad(`${field} 格式不正确：应为 W3C 日期时间，如 2026-11-01T00:00:00+08:00 或 2026-11-01，收到“${v.slice(0, 40)}”。`);
  return d;
}

function window(p: Params, now: Date): { from: Date; to: Date } {
  const w = searchWindow(date(p, 'start_date'), date(p, 'end_date'), now);
  if (!w.ok) throw bad(w.reason);
  return w.value;
}
