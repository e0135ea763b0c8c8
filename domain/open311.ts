/**
 * Open311 GeoReport v2 (issue 18): complaints filed and followed by civic apps. A client is
 * a key; what it files is a complaint of the one ledger, with where it was and the service
 * chosen beside it. The spec's rules that need no storage live here: open/closed, the
 * search window, who the requester is.
 */
import type { Due } from './calendar/calendar';
import type { Complaint, ComplaintStatus } from './complaint';
import { type Result, fail, ok } from './result';

/** The spec's jurisdiction_id when OPEN311_JURISDICTION_ID is not set: 抚宁区's administrative division code. */
export const DEFAULT_JURISDICTION_ID = '130306';
/** The spec's limit on a description. */
export const DESCRIPTION_MAX = 4000;
/** The longest search (start_date … end_date), and the one taken when no date is given. */
export const SEARCH_WINDOW_DAYS = 90;
/** At most this many requests in one answer (the spec's 1000). */
export const SEARCH_LIMIT = 1000;

export const OPEN311_STATUSES = ['open', 'closed'] as const;
export type Open311Status = (typeof OPEN311_STATUSES)[number];

/** 办结 closes a request; registered and accepted ones are open. */
export const open311Status = (s: ComplaintStatus): Open311Status => (s === 'resolved' ? 'closed' : 'open');
export const complaintStatusesOf = (s: Open311Status): ComplaintStatus[] => (s === 'closed' ? ['resolved'] : ['registered', 'accepted']);

/** A client's key (开放接口密钥), without its secret. */
export interface Open311Key {
  id: number;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** What the client gave beside the complaint's facts. */
export interface Open311Filing {
  complaintId: number;
  keyId: number;
  /** For GET tokens/{token}: the id is given at once too (the service type is realtime). */
  token: string;
  serviceCode: string;
  lat: number | null;
  long: number | null;
  addressString: string | null;
  addressId: string | null;
  mediaUrl: string | null;
}

/** A filed request as it reads now: the complaint, its last change and the clock of its result. */
export interface Open311Record {
  filing: Open311Filing;
  complaint: Complaint;
  /** The complaint's latest event (登记, 受理, 转办, 办结 …). */
  updatedAt: Date;
  /** The 办结 clock, once accepted. */
  resolveDue: Due | null;
}

export interface RequestSearch {
  keyId: number;
  trackingNos?: readonly string[];
  serviceCodes?: readonly string[];
  statuses?: readonly ComplaintStatus[];
  from?: Date;
  to?: Date;
  limit: number;
}

export interface Open311Repo {
  /** A live key with this name, if any. */
  liveKey(name: string): Promise<Open311Key | null>;
  issueKey(k: { name: string; keyHash: string; issuedBy: number; at: Date }): Promise<Open311Key>;
  /** Live keys, oldest first. */
  liveKeys(): Promise<Open311Key[]>;
  /** Revokes the live key of that name; false when there is none. */
  revokeKey(name: string, by: number, at: Date): Promise<boolean>;
  /** The live key with this hash; reads only (a refused request writes nothing). */
  keyByHash(keyHash: string): Promise<Open311Key | null>;
  touchKey(id: number, at: Date): Promise<void>;
  addFiling(f: Open311Filing): Promise<void>;
  /** The key's requests matching the search, newest first. */
  search(q: RequestSearch): Promise<Open311Record[]>;
  /** The tracking number of the key's request with this token. */
  byToken(keyId: number, token: string): Promise<string | null>;
}

/**
 * Who asks, as the client names them, most stable first: the client's own account id, the
 * email, the phone, the device. None of them: the key's anonymous requester. Each is one
 * person here, per key (README, readings: who files through Open311).
 */
export type Requester = { kind: 'account' | 'email' | 'phone' | 'device'; value: string } | { kind: 'anonymous' };

export function requesterOf(given: { accountId?: string | null; email?: string | null; phone?: string | null; deviceId?: string | null }): Requester {
  if (given.accountId) return { kind: 'account', value: given.accountId };
  if (given.email) return { kind: 'email', value: given.email.toLowerCase() };
  if (given.phone) return { kind: 'phone', value: given.phone };
  if (given.deviceId) return { kind: 'device', value: given.deviceId };
  return { kind: 'anonymous' };
}

const DAY_MS = 86_400_000;

/**
 * The requested_datetime window of a search: both ends given, at most 90 days apart; one
 * end, 90 days from it; none, the last 90 days.
 */
export function searchWindow(start: Date | undefined, end: Date | undefined, now: Date): Result<{ from: Date; to: Date }> {
  const span = SEARCH_WINDOW_DAYS * DAY_MS;
  if (start && end) {
    if (end.getTime() < start.getTime()) return fail('end_date 不能早于 start_date。');
    if (end.getTime() - start.getTime() > span) return fail(`end_date 与 start_date 相距不能超过 ${SEARCH_WINDOW_DAYS} 天。`);
    return ok({ from: start, to: end });
  }
  if (start) return ok({ from: start, to: new Date(start.getTime() + span) });
  const to = end ?? now;
  return ok({ from: new Date(to.getTime() - span), to });
}

// This mechanism's repositories in the Store (domain/ports.ts MechanismPorts), implemented in db/ and registered in db/mechanisms.ts.
declare module './ports' {
  interface MechanismPorts {
    open311: Open311Repo; // Open311 clients' keys and filings
  }
}
