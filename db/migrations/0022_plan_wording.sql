-- Messages cite the plan's paragraphs, never the internal codes M1–M15, and the online
-- inspection is of 行政执法公示: texts stored by the last release are brought into line
-- (duty rules, the refusal basis in findings and the ledger, notifications not yet delivered).
CREATE OR REPLACE FUNCTION pg_temp.plan_wording(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(t,
    '（M1）', '（方案（一））'),
    '（M5）', '（方案（五））'),
    '（M9）', '（方案（九））'),
    '（M11）', '（方案（十一））'),
    '（M14）', '（方案（十四））'),
    '（M15 五）', '（乡镇执法协助制度）'),
    '（四(三)）', '（方案四（三））'),
    'M14 四 拒绝业务配合', '审批和监管责任追究制度：拒绝业务配合'),
    '按 M9 考核内容', '按方案规定的考核内容'),
    '信息公开网上巡查', '行政执法公示网上巡查'),
    '行政执法信息网上巡查', '行政执法公示网上巡查'),
    '不得拒绝（方案（五））。', '不得以保守秘密为由拒绝其他行政机关查询所需的执法信息。')
$$;--> statement-breakpoint
UPDATE "deadlines" SET "rule" = pg_temp.plan_wording("rule") WHERE "rule" <> pg_temp.plan_wording("rule");--> statement-breakpoint
UPDATE "fault_findings" SET "facts" = pg_temp.plan_wording("facts") WHERE "facts" <> pg_temp.plan_wording("facts");--> statement-breakpoint
UPDATE "case_events" SET "note" = pg_temp.plan_wording("note") WHERE "note" <> pg_temp.plan_wording("note");--> statement-breakpoint
UPDATE "outbox" SET "text" = pg_temp.plan_wording("text") WHERE "delivered_at" IS NULL AND "text" <> pg_temp.plan_wording("text");
