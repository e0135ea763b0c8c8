/** Joint meetings' storage (M1, M14): meetings and decided items stored whole, and the liaison roster. */
import type { RecordRepo } from '../ports';
import type { MeetingItem } from './item';
import type { LiaisonRosterRepo } from './liaisons';
import type { Meeting } from './meeting';

// This mechanism's repositories in the Store (domain/ports.ts MechanismPorts), implemented in db/ and registered in db/mechanisms.ts.
declare module '../ports' {
  interface MechanismPorts {
    meetings: RecordRepo<Meeting>;
    meetingItems: RecordRepo<MeetingItem>;
    liaisons: LiaisonRosterRepo; // 联络员名单 (M1, M14)
  }
}
