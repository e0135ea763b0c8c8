/** Every mechanism the bot speaks for, in the order their command words are tried. */
import { accountability } from './accountability/feature';
import { cases } from './cases/feature';
import { complaints } from './complaints/feature';
import { disputes } from './disputes/feature';
import { meetings } from './meetings/feature';
import { approvals } from './approvals/feature';
import { sharing } from './sharing/feature';
import { joint } from './joint/feature';
import type { Feature } from './feature';
import { interference } from './interference/feature';
import { supervision } from './supervision/feature';


import { assessment } from './assessment/feature';
import { guidingCases } from './guiding-cases/feature';
import { infoReports } from './info-reports/feature';
import { inspection } from './inspection/feature';
import { reminders } from './reminders/feature';
import { staffApi } from './staff-api/feature';
import { open311 } from './open311/feature';
import { calendar } from './calendar/feature';
import { identity } from './identity/feature';
import { consoleFeature } from './console/feature';
import { followup } from './followup/feature';

export const FEATURES: readonly Feature[] = [
  complaints, cases, interference, disputes, supervision, accountability, meetings, approvals, sharing, joint,
  assessment, guidingCases, infoReports, inspection, reminders, staffApi,
  open311, // 开放接口密钥 (Open311 clients' keys)
  calendar,
  consoleFeature, // 控制台: a sign-in code of the web console
  followup, // 评价, 申请重办, 满意度统计 (issue 18)
  identity, // 绑定, 关联, 撤销职务 …: last, so 帮助 lists them after the mechanisms, as before
];
