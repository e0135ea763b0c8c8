CREATE TABLE "dispute_parties" (
	"dispute_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"role" text NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "dispute_parties_dispute_id_org_id_pk" PRIMARY KEY("dispute_id","org_id")
);
--> statement-breakpoint
CREATE TABLE "disputes" (
	"id" serial PRIMARY KEY NOT NULL,
	"no" text NOT NULL,
	"status" text NOT NULL,
	"kind" text NOT NULL,
	"applicant_org_id" integer NOT NULL,
	"applicant_person_id" integer NOT NULL,
	"facts" text NOT NULL,
	"negotiation" text NOT NULL,
	"applied_at" timestamp with time zone NOT NULL,
	"handler_person_id" integer,
	"accepted_at" timestamp with time zone,
	"declined_at" timestamp with time zone,
	"decline_reason" text,
	"opinion" text,
	"opinion_at" timestamp with time zone,
	"opinion_by" integer,
	"positions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"resolved_at" timestamp with time zone,
	"recommendation" text,
	"reported_at" timestamp with time zone,
	"reported_by" integer,
	"ruling" text,
	"ruled_at" timestamp with time zone,
	"ruled_by" integer,
	"version" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "disputes_no_unique" UNIQUE("no"),
	CONSTRAINT "disputes_negotiated" CHECK (length("disputes"."negotiation") > 0),
	CONSTRAINT "disputes_declined" CHECK ("disputes"."status" <> 'declined' OR ("disputes"."decline_reason" IS NOT NULL AND "disputes"."declined_at" IS NOT NULL)),
	CONSTRAINT "disputes_accepted" CHECK ("disputes"."status" IN ('applied', 'declined') OR ("disputes"."handler_person_id" IS NOT NULL AND "disputes"."accepted_at" IS NOT NULL)),
	CONSTRAINT "disputes_opinion" CHECK ("disputes"."status" IN ('applied', 'declined', 'accepted') OR ("disputes"."opinion" IS NOT NULL AND "disputes"."opinion_at" IS NOT NULL)),
	CONSTRAINT "disputes_resolved" CHECK ("disputes"."status" <> 'resolved' OR "disputes"."resolved_at" IS NOT NULL),
	CONSTRAINT "disputes_reported" CHECK ("disputes"."status" NOT IN ('reported', 'ruled') OR ("disputes"."recommendation" IS NOT NULL AND "disputes"."reported_at" IS NOT NULL)),
	CONSTRAINT "disputes_ruled" CHECK ("disputes"."status" <> 'ruled' OR ("disputes"."ruling" IS NOT NULL AND "disputes"."ruled_at" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "fault_findings" (
	"id" serial PRIMARY KEY NOT NULL,
	"no" text NOT NULL,
	"status" text NOT NULL,
	"target_kind" text NOT NULL,
	"org_id" integer NOT NULL,
	"officer_name" text,
	"officer_person_id" integer,
	"ground" text NOT NULL,
	"facts" text NOT NULL,
	"source_type" text,
	"source_id" text,
	"proposed_by" integer,
	"proposed_at" timestamp with time zone NOT NULL,
	"proposed_authority" text NOT NULL,
	"authority" text,
	"outcome" text,
	"reason" text,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"version" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "fault_findings_no_unique" UNIQUE("no"),
	CONSTRAINT "fault_findings_officer" CHECK ("fault_findings"."target_kind" = 'org' OR "fault_findings"."officer_name" IS NOT NULL),
	CONSTRAINT "fault_findings_decided" CHECK ("fault_findings"."status" <> 'decided' OR ("fault_findings"."authority" IS NOT NULL AND "fault_findings"."outcome" IS NOT NULL AND "fault_findings"."decided_at" IS NOT NULL)),
	CONSTRAINT "fault_findings_dismissed" CHECK ("fault_findings"."status" <> 'dismissed' OR ("fault_findings"."reason" IS NOT NULL AND "fault_findings"."decided_at" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "inspections" (
	"id" serial PRIMARY KEY NOT NULL,
	"no" text NOT NULL,
	"method" text NOT NULL,
	"subjects" jsonb NOT NULL,
	"org_ids" jsonb NOT NULL,
	"summary" text NOT NULL,
	"recorded_by" integer NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"bulletin_at" timestamp with time zone,
	CONSTRAINT "inspections_no_unique" UNIQUE("no")
);
--> statement-breakpoint
CREATE TABLE "supervision_notices" (
	"id" serial PRIMARY KEY NOT NULL,
	"no" text NOT NULL,
	"inspection_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"status" text NOT NULL,
	"findings" text NOT NULL,
	"round" integer DEFAULT 1 NOT NULL,
	"due_date" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"issued_by" integer NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"history" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"report" text,
	"reported_at" timestamp with time zone,
	"reported_by" integer,
	"reviewed_by" integer,
	"reviewed_at" timestamp with time zone,
	"fail_reason" text,
	"version" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "supervision_notices_no_unique" UNIQUE("no"),
	CONSTRAINT "supervision_notices_reported" CHECK ("supervision_notices"."status" = 'issued' OR ("supervision_notices"."report" IS NOT NULL AND "supervision_notices"."reported_at" IS NOT NULL)),
	CONSTRAINT "supervision_notices_reviewed" CHECK ("supervision_notices"."status" IN ('issued', 'reported') OR ("supervision_notices"."reviewed_by" IS NOT NULL AND "supervision_notices"."reviewed_at" IS NOT NULL)),
	CONSTRAINT "supervision_notices_failed" CHECK ("supervision_notices"."status" <> 'failed' OR "supervision_notices"."fail_reason" IS NOT NULL)
);
--> statement-breakpoint
ALTER TABLE "dispute_parties" ADD CONSTRAINT "dispute_parties_dispute_id_disputes_id_fk" FOREIGN KEY ("dispute_id") REFERENCES "public"."disputes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispute_parties" ADD CONSTRAINT "dispute_parties_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_applicant_org_id_organisations_id_fk" FOREIGN KEY ("applicant_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_applicant_person_id_people_id_fk" FOREIGN KEY ("applicant_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_handler_person_id_people_id_fk" FOREIGN KEY ("handler_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_opinion_by_people_id_fk" FOREIGN KEY ("opinion_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_reported_by_people_id_fk" FOREIGN KEY ("reported_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_ruled_by_people_id_fk" FOREIGN KEY ("ruled_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fault_findings" ADD CONSTRAINT "fault_findings_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fault_findings" ADD CONSTRAINT "fault_findings_officer_person_id_people_id_fk" FOREIGN KEY ("officer_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fault_findings" ADD CONSTRAINT "fault_findings_proposed_by_people_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fault_findings" ADD CONSTRAINT "fault_findings_decided_by_people_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_recorded_by_people_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_notices" ADD CONSTRAINT "supervision_notices_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_notices" ADD CONSTRAINT "supervision_notices_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_notices" ADD CONSTRAINT "supervision_notices_issued_by_people_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_notices" ADD CONSTRAINT "supervision_notices_reported_by_people_id_fk" FOREIGN KEY ("reported_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_notices" ADD CONSTRAINT "supervision_notices_reviewed_by_people_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dispute_parties_org" ON "dispute_parties" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "disputes_status" ON "disputes" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "fault_findings_source" ON "fault_findings" USING btree ("ground","org_id","source_type","source_id") WHERE "fault_findings"."source_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "fault_findings_status" ON "fault_findings" USING btree ("status");--> statement-breakpoint
CREATE INDEX "supervision_notices_inspection" ON "supervision_notices" USING btree ("inspection_id");--> statement-breakpoint
CREATE INDEX "supervision_notices_status" ON "supervision_notices" USING btree ("status","org_id");