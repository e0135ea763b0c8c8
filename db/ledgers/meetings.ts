/** 联席会议 (M1, M14) and their 议定事项: the office that runs them and the member units. */
import { sql } from 'drizzle-orm';
import { ITEM_STATE_LABEL } from '../../domain/meetings/item';
import { BODY_LABEL, KIND_LABEL, MEETING_STATE_LABEL, type MeetingBody } from '../../domain/meetings/meeting';
import { canSeeItem, canSeeMeeting } from '../../domain/meetings/members';
import { meetingItems, meetings } from '../schema';
import { anyOrg, clockOverdue, col, defineLedger, field, jfield, orgInArray, searchText, timeField } from './def';

const m = meetings;
const when = sql`coalesce(${timeField(m, 'startsAt')}, ${timeField(m, 'createdAt')})`;

export const meetingsLedger = defineLedger<{ body: MeetingBody; memberOrgIds: number[]; proposedByOrgId: number | null }>({
  kind: 'meetings',
  title: '联席会议台账',
  from: sql`${m}`,
  no: sql`${m.no}`,
  facts: { body: field(m, 'body'), memberOrgIds: jfield(m, 'memberOrgIds'), proposedByOrgId: sql`${m.otherOrgId}` },
  visible: (a, f, x) => canSeeMeeting(a, { body: f.body, memberOrgIds: f.memberOrgIds, ...(f.proposedByOrgId != null ? { proposedByOrgId: f.proposedByOrgId } : {}) }, x.dir),
  org: (orgId) => sql`(${m.orgId} = ${orgId} OR ${m.otherOrgId} = ${orgId} OR ${orgInArray(jfield(m, 'memberOrgIds'), orgId)})`,
  state: { sql: sql`${m.state}`, labels: MEETING_STATE_LABEL },
  period: { sql: when, label: '会议时间' },
  search: searchText(m.no, field(m, 'topic'), field(m, 'place'), field(m, 'minutes'), field(m, 'reason')),
  columns: [
    col('no', '编号', sql`${m.no}`),
    col('body', '会议', field(m, 'body'), 'label', { labels: BODY_LABEL }),
    col('kind', '类型', field(m, 'kind'), 'label', { labels: KIND_LABEL }),
    col('topic', '议题', field(m, 'topic')),
    col('status', '状态', sql`${m.state}`, 'label', { labels: MEETING_STATE_LABEL }),
    col('convener', '召集单位', sql`${m.orgId}`, 'org'),
    col('startsAt', '会议时间', timeField(m, 'startsAt'), 'time'),
    col('place', '地点', field(m, 'place')),
    col('heldAt', '召开登记时间', timeField(m, 'heldAt'), 'time'),
    col('members', '成员单位数', sql`jsonb_array_length(${jfield(m, 'memberOrgIds')})`, 'number'),
  ],
  defaultSort: { key: 'startsAt', dir: 'desc' },
  events: 'case',
});

const i = meetingItems;
export const meetingItemsLedger = defineLedger<{ body: MeetingBody; orgId: number }>({
  kind: 'meeting-items',
  title: '会议议定事项台账',
  from: sql`${i}`,
  no: sql`${i.no}`,
  facts: { body: field(i, 'body'), orgId: sql`${i.orgId}` },
  visible: (a, f, x) => canSeeItem(a, f, x.dir),
  org: anyOrg(sql`${i.orgId}`, sql`${i.otherOrgId}`),
  state: { sql: sql`${i.state}`, labels: ITEM_STATE_LABEL },
  period: { sql: timeField(i, 'assignedAt'), label: '议定时间' },
  overdue: clockOverdue(['meeting-item'], sql`${i.no}`),
  search: searchText(i.no, field(i, 'meetingNo'), field(i, 'content'), field(i, 'report')),
  columns: [
    col('no', '编号', sql`${i.no}`),
    col('meetingNo', '会议编号', field(i, 'meetingNo')),
    col('org', '承办单位', sql`${i.orgId}`, 'org'),
    col('content', '事项内容', field(i, 'content')),
    col('dueDate', '完成期限', field(i, 'dueDate'), 'date'),
    col('status', '状态', sql`${i.state}`, 'label', { labels: ITEM_STATE_LABEL }),
    col('assignedAt', '议定时间', timeField(i, 'assignedAt'), 'time'),
    col('report', '落实情况', field(i, 'report')),
    col('reportedAt', '反馈时间', timeField(i, 'reportedAt'), 'time'),
    col('acceptedAt', '办结时间', timeField(i, 'acceptedAt'), 'time'),
  ],
  defaultSort: { key: 'assignedAt', dir: 'desc' },
  clockSubjects: ['meeting-item'],
  events: 'case',
});
