/**
 * 干预记录 (M12): kept by the justice bureau (the coordination office for records naming
 * the bureau); a recorder sees their own. Who recorded — the officer and their body — is
 * never shown to anyone holding a role in the unit named (domain/interference-access.ts),
 * nor searchable, sortable or filterable there.
 */
import { sql } from 'drizzle-orm';
import { canSeeRecorder, canView, recorderOrgs, supervisesAny } from '../../domain/interference-access';
import { interferenceRecords } from '../schema';
import { type AccessContext, anyOrg, col, defineLedger, searchText } from './def';

const supervisors = (x: AccessContext) => ({ justiceBureauId: x.justiceBureau, coordinationOfficeId: x.coordinationOffice });
const g = interferenceRecords;

export const interferenceLedger = defineLedger<{ recorderPersonId: number; interfererOrgId: number | null }>({
  kind: 'interference',
  title: '干预记录台账',
  from: sql`${g}`,
  no: sql`${g.recordNo}`,
  facts: { recorderPersonId: sql`${g.recorderPersonId}`, interfererOrgId: sql`${g.interfererOrgId}` },
  visible: (a, f, x) => canView(a, f, supervisors(x)),
  reveals: (a, f, x) => (canSeeRecorder(a, f, supervisors(x)) ? ['recorder'] : []),
  // Its keepers, and officers and heads (who record: they see their own).
  mayOpen: (a, x) => supervisesAny(a, supervisors(x)) || recorderOrgs(a).length > 0,
  org: anyOrg(sql`${g.interfererOrgId}`),
  period: { sql: sql`${g.recordedAt}`, label: '记录时间' },
  search: searchText(g.recordNo, g.caseRef, g.interfererUnit, g.interfererPerson, g.occurred, g.method, g.request, g.response),
  columns: [
    col('no', '编号', sql`${g.recordNo}`),
    col('recordedAt', '记录时间', sql`${g.recordedAt}`, 'time'),
    col('caseRef', '涉及案件', sql`${g.caseRef}`),
    col('interfererOrg', '干预单位', sql`coalesce((SELECT o.name FROM organisations o WHERE o.id = ${g.interfererOrgId}), ${g.interfererUnit})`),
    col('interfererPerson', '干预人员', sql`${g.interfererPerson}`),
    col('occurred', '干预时间', sql`${g.occurred}`),
    col('method', '干预方式', sql`${g.method}`),
    col('request', '提出的要求', sql`${g.request}`),
    col('response', '执法人员的应对', sql`${g.response}`),
    col('recorder', '记录人', sql`(SELECT p.display_name FROM people p WHERE p.id = ${g.recorderPersonId})`, 'text', { guard: 'recorder' }),
    col('recorderOrg', '记录单位', sql`${g.recorderOrgId}`, 'org', { guard: 'recorder' }),
    col('hash', '校验值', sql`left(${g.hash}, 16)`, 'text', { sortable: false }),
  ],
  defaultSort: { key: 'recordedAt', dir: 'desc' },
});
