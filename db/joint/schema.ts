/** 联合执法 and 执法协助 (M6, M15 四、五). */
import { recordTable } from '../record-table';

/**
 * Joint enforcement (M6, M15 四、五): joint actions (orgId the lead body) and a township's
 * written requests for assistance (orgId the district department asked, otherOrgId the township).
 */
export const jointActions = recordTable('joint_actions');
export const assistanceRequests = recordTable('assistance_requests');
