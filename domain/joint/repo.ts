/** Joint enforcement's storage (M6, M15 四、五): joint actions and assistance requests, stored whole. */
import type { RecordRepo } from '../ports';
import type { AssistanceRequest, JointAction } from './joint';

// This mechanism's repositories in the Store (domain/ports.ts MechanismPorts), implemented in db/ and registered in db/mechanisms.ts.
declare module '../ports' {
  interface MechanismPorts {
    jointActions: RecordRepo<JointAction>;
    assistance: RecordRepo<AssistanceRequest>;
  }
}
