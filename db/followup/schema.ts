/** 回访与评价 and 申请重办 (issue 18): one row per 办结 of a complaint (domain/followup.ts). */
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { tz } from '../columns';
import { organisations, people } from '../core-schema';
import { complaints } from '../complaints/schema';

export const complaintFollowups = pgTable(
  'complaint_followups',
  {
    id: serial('id').primaryKey(),
    complaintId: integer('complaint_id').notNull().references(() => complaints.id),
    trackingNo: text('tracking_no').notNull(),
    complainantPersonId: integer('complainant_person_id').notNull().references(() => people.id),
    orgId: integer('org_id').notNull().references(() => organisations.id),
    round: integer('round').notNull(),
    resolvedAt: tz('resolved_at').notNull(),
    remindAt: tz('remind_at').notNull(),
    closeAt: tz('close_at').notNull(),
    reopenUntil: tz('reopen_until').notNull(),
    state: text('state', { enum: ['asked', 'reminded', 'answered', 'unrated'] }).notNull(),
    remindedAt: tz('reminded_at'),
    closedAt: tz('closed_at'),
    ratedResolved: text('rated_resolved', { enum: ['已解决', '部分解决', '未解决'] }),
    ratedSatisfaction: text('rated_satisfaction', { enum: ['满意', '基本满意', '不满意'] }),
    ratedComment: text('rated_comment'),
    ratedAt: tz('rated_at'),
    reopenState: text('reopen_state', { enum: ['requested', 'reopened', 'declined'] }),
    reopenReason: text('reopen_reason'),
    reopenRequestedAt: tz('reopen_requested_at'),
    reopenDecidedAt: tz('reopen_decided_at'),
    reopenDecidedBy: integer('reopen_decided_by').references(() => people.id),
    reopenDeclineReason: text('reopen_decline_reason'),
  },
  (t) => [
    uniqueIndex('complaint_followups_round').on(t.complaintId, t.round),
    index('complaint_followups_open').on(t.state, t.remindAt),
    index('complaint_followups_reopen').on(t.reopenState),
    check('complaint_followups_answered', sql`${t.state} <> 'answered' OR (${t.ratedResolved} IS NOT NULL AND ${t.ratedSatisfaction} IS NOT NULL AND ${t.ratedAt} IS NOT NULL)`),
    check('complaint_followups_reopen_answered', sql`${t.reopenState} IS NULL OR (${t.state} = 'answered' AND ${t.reopenReason} IS NOT NULL)`),
    check('complaint_followups_declined_reason', sql`${t.reopenState} IS DISTINCT FROM 'declined' OR ${t.reopenDeclineReason} IS NOT NULL`),
  ],
);
