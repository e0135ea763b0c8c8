/** Information requests and statistics over drizzle (domain port RecordRepo), stored like the case records. */
import type { InfoRequest } from '../../domain/sharing/request';
import type { StatisticsReport } from '../../domain/sharing/statistics';
import type { Db } from '../client';
import { recordRepo } from '../records';
import { mechanism } from '../mechanism';
import * as tables from './schema';
import { infoRequests, infoStatistics } from './schema';

export const infoRequestRepo = (db: Db) =>
  recordRepo<InfoRequest>(db, infoRequests, (r) => ({ no: r.requestNo, orgId: r.toOrgId, otherOrgId: r.fromOrgId, state: r.state }));
export const statisticsRepo = (db: Db) =>
  recordRepo<StatisticsReport>(db, infoStatistics, (r) => ({ no: r.reportNo, orgId: r.orgId, otherOrgId: null, state: r.state }));

export const sharingStorage = mechanism({
  name: 'sharing',
  tables,
  ports: ({ db }) => ({ infoRequests: infoRequestRepo(db), statistics: statisticsRepo(db) }),
});
