/** Every mechanism the bot speaks for, in the order their command words are tried. */
import { complaints } from './complaints/feature';
import { cases } from './cases/feature';
import { meetings } from './meetings/feature';
import { approvals } from './approvals/feature';
import { sharing } from './sharing/feature';
import { joint } from './joint/feature';
import type { Feature } from './feature';

export const FEATURES: readonly Feature[] = [complaints, cases, meetings, approvals, sharing, joint];
