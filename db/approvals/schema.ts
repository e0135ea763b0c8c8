/** 审批决定 (M14 二). */
import { recordTable } from '../record-table';

/**
 * Approval decisions pushed by the approval bureau (M14 二), classified and routed to the
 * supervising department; orgId is that department (the bureau while unrouted). One row
 * per decision number (审批决定文号), so a re-import does not duplicate.
 */
export const approvalDecisions = recordTable('approval_decisions', 'decisionNo');
