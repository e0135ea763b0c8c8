/**
 * How a filed complaint reads to the Open311 client that filed it: the spec's request
 * fields. The client speaks for the complainant, so it reads what 查询 tells the
 * complainant — status, handling body, the clock, the result — and nothing of the
 * investigation (协助调查) or of other people.
 */
import { formatDue, formatLocal, formatOffset } from '../../domain/calendar/calendar';
import { ACCEPT_NOTICE_WORKING_DAYS, STATUS_LABEL } from '../../domain/complaint';
import { COMPLAINT_RESULT_DAYS } from '../../domain/deadlines/rules';
import type { Directory } from '../../domain/organisation';
import { type Open311Record, type Open311Status, open311Status } from '../../domain/open311';
import { handlingLine } from '../complaints/render';
import type { ServiceCatalogue } from './services';

/** What happens to every request (service_notice). */
export const SERVICE_NOTICE =
  `登记后（或转办后）${ACCEPT_NOTICE_WORKING_DAYS}个工作日内告知受理情况；受理之日起${COMPLAINT_RESULT_DAYS}日内办结并告知结果（期限届满日为休息日的顺延至工作日）。`;

export interface RequestView {
  service_request_id: string;
  status: Open311Status;
  status_notes: string;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string;
  service_notice: string;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string;
  address_id: string | null;
  zipcode: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
}

export function requestView(r: Open311Record, catalogue: ServiceCatalogue, dir: Directory): RequestView {
  const c = r.complaint;
  const f = r.filing;
  return {
    service_request_id: c.trackingNo,
    status: open311Status(c.status),
    status_notes: statusNotes(r, dir),
    service_name: catalogue.find(f.serviceCode)?.name ?? f.serviceCode,
    service_code: f.serviceCode,
    description: c.what,
    agency_responsible: dir.name(c.handlingOrgId),
    service_notice: SERVICE_NOTICE,
    requested_datetime: formatOffset(c.registeredAt),
    updated_datetime: formatOffset(r.updatedAt),
    // The working-day clock running now: 受理告知 until accepted, then the result's.
    expected_datetime: c.status === 'registered' ? formatOffset(c.acceptDue.due) : c.status === 'accepted' && r.resolveDue ? formatOffset(r.resolveDue.due) : null,
    address: c.where,
    address_id: f.addressId,
    zipcode: null,
    lat: f.lat,
    long: f.long,
    media_url: f.mediaUrl,
  };
}

function statusNotes(r: Open311Record, dir: Directory): string {
  const c = r.complaint;
  const forwarded = c.forwardedFromOrgId != null ? `（由${dir.name(c.forwardedFromOrgId)}转办）` : '';
  switch (c.status) {
    case 'registered':
      return `${STATUS_LABEL.registered}${forwarded}。${handlingLine(c, dir)}。受理告知期限：${formatDue(c.acceptDue)}。`;
    case 'accepted':
      return `${STATUS_LABEL.accepted}${forwarded}（${formatLocal(c.acceptedAt)}受理）。${handlingLine(c, dir)}。${r.resolveDue ? `办理结果告知期限：${formatDue(r.resolveDue)}。` : ''}`;
    case 'resolved':
      return `${STATUS_LABEL.resolved}（${formatLocal(c.resolvedAt)}）。${handlingLine(c, dir)}。办理结果：${c.result}`;
  }
}
