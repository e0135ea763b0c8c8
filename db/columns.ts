/** Column builders shared by every schema file (db/core-schema.ts, db/<mechanism>/schema.ts). */
import { timestamp } from 'drizzle-orm/pg-core';

/** An instant, with its time zone. */
export const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
