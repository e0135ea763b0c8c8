/** Every mechanism the bot speaks for, in the order their command words are tried. */
import { complaints } from './complaints/feature';
import type { Feature } from './feature';
import { assessment } from './assessment/feature';
import { guidingCases } from './guiding-cases/feature';
import { infoReports } from './info-reports/feature';
import { inspection } from './inspection/feature';
import { reminders } from './reminders/feature';
import { staffApi } from './staff-api/feature';

export const FEATURES: readonly Feature[] = [complaints, assessment, guidingCases, infoReports, inspection, reminders, staffApi];
