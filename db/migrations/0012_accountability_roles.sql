DROP INDEX "fault_findings_source";--> statement-breakpoint
ALTER TABLE "fault_findings" ADD COLUMN "outcome_kind" text;--> statement-breakpoint
CREATE UNIQUE INDEX "fault_findings_source_target" ON "fault_findings" USING btree ("ground","org_id",coalesce("officer_name", ''),"source_type","source_id") WHERE "fault_findings"."source_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "fault_findings_org" ON "fault_findings" USING btree ("org_id","status");