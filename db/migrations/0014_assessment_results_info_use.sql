ALTER TABLE "assessments" DROP CONSTRAINT "assessments_graded";--> statement-breakpoint
ALTER TABLE "assessments" ADD COLUMN "result" text;--> statement-breakpoint
ALTER TABLE "assessments" ADD COLUMN "ratified_by" integer;--> statement-breakpoint
ALTER TABLE "assessments" ADD COLUMN "ratified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "assessments" ADD COLUMN "distinction" text;--> statement-breakpoint
ALTER TABLE "assessments" ADD COLUMN "distinction_note" text;--> statement-breakpoint
ALTER TABLE "assessments" ADD COLUMN "distinction_by" integer;--> statement-breakpoint
ALTER TABLE "assessments" ADD COLUMN "distinction_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "info_reports" ADD COLUMN "used_by" integer;--> statement-breakpoint
ALTER TABLE "info_reports" ADD COLUMN "used_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "info_reports" ADD COLUMN "used_note" text;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_ratified_by_people_id_fk" FOREIGN KEY ("ratified_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_distinction_by_people_id_fk" FOREIGN KEY ("distinction_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "info_reports" ADD CONSTRAINT "info_reports_used_by_people_id_fk" FOREIGN KEY ("used_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "info_reports_period" ON "info_reports" USING btree ("period");--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_ratified" CHECK ("assessments"."status" <> 'ratified' OR ("assessments"."result" IS NOT NULL AND "assessments"."ratified_by" IS NOT NULL AND "assessments"."ratified_at" IS NOT NULL));--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_distinction" CHECK ("assessments"."distinction" IS NULL OR ("assessments"."status" = 'ratified' AND "assessments"."distinction_note" IS NOT NULL AND "assessments"."distinction_at" IS NOT NULL));--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_graded" CHECK ("assessments"."status" NOT IN ('graded', 'ratified') OR ("assessments"."kind" = 'self' AND "assessments"."grade" IS NOT NULL AND "assessments"."graded_at" IS NOT NULL));--> statement-breakpoint
ALTER TABLE "info_reports" ADD CONSTRAINT "info_reports_used" CHECK (("info_reports"."used_at" IS NULL) = ("info_reports"."used_by" IS NULL));