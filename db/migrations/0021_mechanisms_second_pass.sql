CREATE TABLE "meeting_liaisons" (
	"body" text NOT NULL,
	"org_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"name" text NOT NULL,
	"post" text NOT NULL,
	"phone" text NOT NULL,
	"registered_at" timestamp with time zone NOT NULL,
	CONSTRAINT "meeting_liaisons_body_org_id_pk" PRIMARY KEY("body","org_id")
);
--> statement-breakpoint
DROP INDEX "fault_findings_source";--> statement-breakpoint
ALTER TABLE "fault_findings" ADD COLUMN "outcome_kind" text;--> statement-breakpoint
ALTER TABLE "info_inspections" ADD COLUMN "review_opinion" text;--> statement-breakpoint
ALTER TABLE "info_inspections" ADD COLUMN "reviewed_by" integer;--> statement-breakpoint
ALTER TABLE "info_inspections" ADD COLUMN "reviewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "inspections" ADD COLUMN "inspector_org_id" integer;--> statement-breakpoint
-- Every inspection recorded before this release was the justice bureau's.
UPDATE "inspections" SET "inspector_org_id" = (SELECT "id" FROM "organisations" WHERE "code" = 'sfj');--> statement-breakpoint
ALTER TABLE "inspections" ALTER COLUMN "inspector_org_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "inspections" ADD COLUMN "officers" text;--> statement-breakpoint
ALTER TABLE "meeting_liaisons" ADD CONSTRAINT "meeting_liaisons_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_liaisons" ADD CONSTRAINT "meeting_liaisons_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "info_inspections" ADD CONSTRAINT "info_inspections_reviewed_by_people_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_inspector_org_id_organisations_id_fk" FOREIGN KEY ("inspector_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "fault_findings_source_target" ON "fault_findings" USING btree ("ground","org_id",coalesce("officer_name", ''),"source_type","source_id") WHERE "fault_findings"."source_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "fault_findings_org" ON "fault_findings" USING btree ("org_id","status");--> statement-breakpoint
ALTER TABLE "info_inspections" ADD CONSTRAINT "info_inspections_review" CHECK (("info_inspections"."review_opinion" IS NULL) = ("info_inspections"."reviewed_at" IS NULL));