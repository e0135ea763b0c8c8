/** Joint actions and assistance requests over drizzle (domain port RecordRepo), stored like the case records. */
import type { AssistanceRequest, JointAction } from '../../domain/joint/joint';
import type { Db } from '../client';
import { recordRepo } from '../records';
import { mechanism } from '../mechanism';
import * as tables from './schema';
import { assistanceRequests, jointActions } from './schema';

export const jointActionRepo = (db: Db) =>
  recordRepo<JointAction>(db, jointActions, (a) => ({ no: a.actionNo, orgId: a.leadOrgId, otherOrgId: null, state: a.state }));
export const assistanceRepo = (db: Db) =>
  recordRepo<AssistanceRequest>(db, assistanceRequests, (r) => ({ no: r.requestNo, orgId: r.departmentOrgId, otherOrgId: r.townshipOrgId, state: r.state }));

export const jointStorage = mechanism({
  name: 'joint',
  tables,
  ports: ({ db }) => ({ jointActions: jointActionRepo(db), assistance: assistanceRepo(db) }),
});
