/** Who hears of a deadline's reminders: the roles that carry each kind in the responsible body, and the supervisor's. */
import type { StaffRole } from '../roles';
import type { DeadlineKind } from './deadline';

/** Who carries each kind of duty in the responsible organisation. */
export const RESPONSIBLE: Record<DeadlineKind, readonly StaffRole[]> = {
  'complaint-accept': ['officer', 'head', 'justice'],
  'township-transfer': ['officer', 'head'],
  'urgent-transfer': ['officer', 'head'],
  'discipline-referral': ['officer', 'head'],
  rectification: ['liaison', 'head'],
  'transfer-order': ['officer', 'head'],
  'meeting-item': ['liaison', 'head'],
  'guiding-cases': ['liaison', 'head'],
  'self-assessment': ['liaison', 'head'],
  'officer-evaluation': ['liaison', 'head'],
  'info-inspection': ['justice', 'head'],
  'approval-meeting': ['approval', 'head'],
  'info-reports': ['liaison', 'head'],
  'joint-meeting': ['coordination', 'head'],
  // Answers owed (domain/deadlines/answers.ts): whoever may give the answer.
  'dispute-response': ['officer', 'head', 'liaison'],
  'info-request-reply': ['officer', 'liaison', 'head'],
  'assistance-reply': ['officer', 'liaison', 'head'],
  'complaint-assist': ['officer', 'head', 'liaison'],
  'complaint-resolve': ['officer', 'head', 'justice'],
};

export const SUPERVISOR_ROLES: readonly StaffRole[] = ['justice', 'coordination', 'head'];
