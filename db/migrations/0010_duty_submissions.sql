CREATE TABLE "api_tokens" (
	"id" serial PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"person_id" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "assessments" (
	"id" serial PRIMARY KEY NOT NULL,
	"record_no" text NOT NULL,
	"kind" text NOT NULL,
	"org_id" integer NOT NULL,
	"period" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"items" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"return_reason" text,
	"returned_by" integer,
	"returned_at" timestamp with time zone,
	"submitted_by" integer,
	"submitted_at" timestamp with time zone,
	"approved_by" integer,
	"filed_at" timestamp with time zone,
	"grade" text,
	"graded_by" integer,
	"graded_at" timestamp with time zone,
	CONSTRAINT "assessments_record_no_unique" UNIQUE("record_no"),
	CONSTRAINT "assessments_submitted" CHECK ("assessments"."status" = 'draft' OR ("assessments"."submitted_by" IS NOT NULL AND "assessments"."submitted_at" IS NOT NULL)),
	CONSTRAINT "assessments_filed" CHECK ("assessments"."status" IN ('draft', 'submitted') OR ("assessments"."approved_by" IS NOT NULL AND "assessments"."filed_at" IS NOT NULL)),
	CONSTRAINT "assessments_graded" CHECK ("assessments"."status" <> 'graded' OR ("assessments"."kind" = 'self' AND "assessments"."grade" IS NOT NULL AND "assessments"."graded_at" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "digests" (
	"person_id" integer NOT NULL,
	"day" text NOT NULL,
	"items" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "digests_person_id_day_pk" PRIMARY KEY("person_id","day")
);
--> statement-breakpoint
CREATE TABLE "guiding_cases" (
	"id" serial PRIMARY KEY NOT NULL,
	"record_no" text NOT NULL,
	"org_id" integer NOT NULL,
	"year" integer NOT NULL,
	"act_kind" text NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"why" text NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"submitted_by" integer NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"reviewed_by" integer,
	"reviewed_at" timestamp with time zone,
	"return_reason" text,
	"published_by" integer,
	"published_at" timestamp with time zone,
	CONSTRAINT "guiding_cases_record_no_unique" UNIQUE("record_no"),
	CONSTRAINT "guiding_cases_reviewed" CHECK ("guiding_cases"."status" = 'submitted' OR ("guiding_cases"."reviewed_by" IS NOT NULL AND "guiding_cases"."reviewed_at" IS NOT NULL)),
	CONSTRAINT "guiding_cases_returned" CHECK ("guiding_cases"."status" <> 'returned' OR "guiding_cases"."return_reason" IS NOT NULL),
	CONSTRAINT "guiding_cases_published" CHECK ("guiding_cases"."status" <> 'published' OR "guiding_cases"."published_at" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "info_inspections" (
	"id" serial PRIMARY KEY NOT NULL,
	"record_no" text NOT NULL,
	"quarter" text NOT NULL,
	"scope" text NOT NULL,
	"findings" text NOT NULL,
	"inspected_by" integer NOT NULL,
	"inspected_at" timestamp with time zone NOT NULL,
	CONSTRAINT "info_inspections_record_no_unique" UNIQUE("record_no")
);
--> statement-breakpoint
CREATE TABLE "info_reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"record_no" text NOT NULL,
	"org_id" integer NOT NULL,
	"period" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"submitted_by" integer NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "info_reports_record_no_unique" UNIQUE("record_no")
);
--> statement-breakpoint
CREATE TABLE "reminder_settings" (
	"person_id" integer PRIMARY KEY NOT NULL,
	"digest_paused" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_created_by_people_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_returned_by_people_id_fk" FOREIGN KEY ("returned_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_submitted_by_people_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_approved_by_people_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_graded_by_people_id_fk" FOREIGN KEY ("graded_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "digests" ADD CONSTRAINT "digests_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guiding_cases" ADD CONSTRAINT "guiding_cases_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guiding_cases" ADD CONSTRAINT "guiding_cases_submitted_by_people_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guiding_cases" ADD CONSTRAINT "guiding_cases_reviewed_by_people_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guiding_cases" ADD CONSTRAINT "guiding_cases_published_by_people_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "info_inspections" ADD CONSTRAINT "info_inspections_inspected_by_people_id_fk" FOREIGN KEY ("inspected_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "info_reports" ADD CONSTRAINT "info_reports_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "info_reports" ADD CONSTRAINT "info_reports_submitted_by_people_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_settings" ADD CONSTRAINT "reminder_settings_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_tokens_person" ON "api_tokens" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "assessments_identity" ON "assessments" USING btree ("kind","org_id","period");--> statement-breakpoint
CREATE INDEX "assessments_status" ON "assessments" USING btree ("status","org_id");--> statement-breakpoint
CREATE INDEX "guiding_cases_status" ON "guiding_cases" USING btree ("status","submitted_at");--> statement-breakpoint
CREATE INDEX "guiding_cases_org" ON "guiding_cases" USING btree ("org_id","year");--> statement-breakpoint
CREATE INDEX "info_inspections_quarter" ON "info_inspections" USING btree ("quarter");--> statement-breakpoint
CREATE INDEX "info_reports_org_period" ON "info_reports" USING btree ("org_id","period");