/** Information sharing's storage (M5, M15 三): requests and statistics, stored whole. */
import type { RecordRepo } from '../ports';
import type { InfoRequest } from './request';
import type { StatisticsReport } from './statistics';

// This mechanism's repositories in the Store (domain/ports.ts MechanismPorts), implemented in db/ and registered in db/mechanisms.ts.
declare module '../ports' {
  interface MechanismPorts {
    infoRequests: RecordRepo<InfoRequest>;
    statistics: RecordRepo<StatisticsReport>;
  }
}
