/** 信息共享 (M5, M15 三). */
import { recordTable } from '../record-table';

/**
 * Information sharing (M5, M15 三): requests for enforcement information (orgId the body
 * asked, otherOrgId the body asking) and the units' periodic statistics (one per unit and
 * period; a second report of the period corrects the first).
 */
export const infoRequests = recordTable('info_requests');
export const infoStatistics = recordTable('info_statistics', 'unitPeriod');
