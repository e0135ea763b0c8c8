/** Every mechanism the bot speaks for, in the order their command words are tried. */
import { complaints } from './complaints/feature';
import { cases } from './cases/feature';
import type { Feature } from './feature';
import { interference } from './interference/feature';

export const FEATURES: readonly Feature[] = [complaints, cases, interference];
