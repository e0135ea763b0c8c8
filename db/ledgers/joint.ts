/** 联合执法 (M6, M15 四) and 执法协助 (M15 五). */
import { sql } from 'drizzle-orm';
import { ACTION_STATE_LABEL, ASSISTANCE_LABEL, FIELD_LABEL, canSeeAction, canSeeAssistance } from '../../domain/joint/joint';
import { assistanceRequests, jointActions } from '../schema';
import { anyOrg, clockOverdue, col, defineLedger, field, jfield, orgInArray, searchText, timeField } from './def';

const j = jointActions;

export const jointActionsLedger = defineLedger<{ leadOrgId: number; participantOrgIds: number[] }>({
  kind: 'joint-actions',
  title: '联合执法台账',
  from: sql`${j}`,
  no: sql`${j.no}`,
  facts: { leadOrgId: sql`${j.orgId}`, participantOrgIds: jfield(j, 'participantOrgIds') },
  visible: (a, f, x) => canSeeAction(a, f, x.justiceBureau),
  org: (orgId) => sql`(${j.orgId} = ${orgId} OR ${orgInArray(jfield(j, 'participantOrgIds'), orgId)})`,
  state: { sql: sql`${j.state}`, labels: ACTION_STATE_LABEL },
  period: { sql: timeField(j, 'registeredAt'), label: '登记时间' },
  search: searchText(j.no, field(j, 'title'), field(j, 'workPlan'), field(j, 'emergencyPlan'), field(j, 'summary')),
  columns: [
    col('no', '编号', sql`${j.no}`),
    col('status', '状态', sql`${j.state}`, 'label', { labels: ACTION_STATE_LABEL }),
    col('field', '领域', field(j, 'field'), 'label', { labels: FIELD_LABEL }),
    col('title', '行动名称及目标', field(j, 'title')),
    col('lead', '牵头单位', sql`${j.orgId}`, 'org'),
    col('participants', '配合单位', jfield(j, 'participantOrgIds'), 'orgs', { sortable: false }),
    col('startsOn', '开始日期', field(j, 'startsOn'), 'date'),
    col('registeredAt', '登记时间', timeField(j, 'registeredAt'), 'time'),
    col('completedAt', '完成时间', timeField(j, 'completedAt'), 'time'),
  ],
  defaultSort: { key: 'registeredAt', dir: 'desc' },
  events: 'case',
});

const ASSISTANCE_STATE_LABEL = { open: '待答复', answered: '已答复' } as const;
const x = assistanceRequests;

export const assistanceLedger = defineLedger<{ townshipOrgId: number; departmentOrgId: number }>({
  kind: 'assistance',
  title: '执法协助台账',
  from: sql`${x}`,
  no: sql`${x.no}`,
  // org_id: the department asked; other_org_id: the township (db/joint.ts).
  facts: { townshipOrgId: sql`${x.otherOrgId}`, departmentOrgId: sql`${x.orgId}` },
  visible: (a, f, c) => canSeeAssistance(a, f, c.justiceBureau),
  org: anyOrg(sql`${x.orgId}`, sql`${x.otherOrgId}`),
  state: { sql: sql`${x.state}`, labels: ASSISTANCE_STATE_LABEL },
  period: { sql: timeField(x, 'requestedAt'), label: '函告时间' },
  overdue: clockOverdue(['assistance'], sql`${x.no}`),
  search: searchText(x.no, field(x, 'letter'), field(x, 'answer')),
  columns: [
    col('no', '编号', sql`${x.no}`),
    col('status', '状态', sql`${x.state}`, 'label', { labels: ASSISTANCE_STATE_LABEL }),
    col('township', '请求乡镇', sql`${x.otherOrgId}`, 'org'),
    col('department', '被请求部门', sql`${x.orgId}`, 'org'),
    col('kind', '协助事项', field(x, 'kind'), 'label', { labels: ASSISTANCE_LABEL }),
    col('letter', '函告内容', field(x, 'letter')),
    col('requestedAt', '函告时间', timeField(x, 'requestedAt'), 'time'),
    col('answeredAt', '答复时间', timeField(x, 'answeredAt'), 'time'),
  ],
  defaultSort: { key: 'requestedAt', dir: 'desc' },
  clockSubjects: ['assistance'],
  events: 'case',
});
