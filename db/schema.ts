/**
 * Every table, for drizzle-kit (drizzle.config.ts) and for `import { … } from './schema'`:
 * the shared core's (db/core-schema.ts) and each mechanism's (db/<mechanism>/schema.ts).
 * A new mechanism adds one line here, and one in db/mechanisms.ts.
 */
export * from './core-schema';
export * from './identity/schema';
export * from './limits/schema';
export * from './complaints/schema';
export * from './cases/schema';
export * from './interference/schema';
export * from './disputes/schema';
export * from './supervision/schema';
export * from './accountability/schema';
export * from './meetings/schema';
export * from './approvals/schema';
export * from './sharing/schema';
export * from './joint/schema';
export * from './assessment/schema';
export * from './guiding-cases/schema';
export * from './info-reports/schema';
export * from './inspection/schema';
export * from './reminders/schema';
export * from './staff-api/schema';
export * from './calendar/schema';
export * from './open311/schema';
export * from './console/schema';
export * from './attachments/schema';
export * from './followup/schema';
