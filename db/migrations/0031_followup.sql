CREATE TABLE "complaint_followups" (
	"id" serial PRIMARY KEY NOT NULL,
	"complaint_id" integer NOT NULL,
	"tracking_no" text NOT NULL,
	"complainant_person_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"round" integer NOT NULL,
	"resolved_at" timestamp with time zone NOT NULL,
	"remind_at" timestamp with time zone NOT NULL,
	"close_at" timestamp with time zone NOT NULL,
	"reopen_until" timestamp with time zone NOT NULL,
	"state" text NOT NULL,
	"reminded_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"rated_resolved" text,
	"rated_satisfaction" text,
	"rated_comment" text,
	"rated_at" timestamp with time zone,
	"reopen_state" text,
	"reopen_reason" text,
	"reopen_requested_at" timestamp with time zone,
	"reopen_decided_at" timestamp with time zone,
	"reopen_decided_by" integer,
	"reopen_decline_reason" text,
	CONSTRAINT "complaint_followups_answered" CHECK ("complaint_followups"."state" <> 'answered' OR ("complaint_followups"."rated_resolved" IS NOT NULL AND "complaint_followups"."rated_satisfaction" IS NOT NULL AND "complaint_followups"."rated_at" IS NOT NULL)),
	CONSTRAINT "complaint_followups_reopen_answered" CHECK ("complaint_followups"."reopen_state" IS NULL OR ("complaint_followups"."state" = 'answered' AND "complaint_followups"."reopen_reason" IS NOT NULL)),
	CONSTRAINT "complaint_followups_declined_reason" CHECK ("complaint_followups"."reopen_state" IS DISTINCT FROM 'declined' OR "complaint_followups"."reopen_decline_reason" IS NOT NULL)
);
--> statement-breakpoint
ALTER TABLE "complaint_followups" ADD CONSTRAINT "complaint_followups_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_followups" ADD CONSTRAINT "complaint_followups_complainant_person_id_people_id_fk" FOREIGN KEY ("complainant_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_followups" ADD CONSTRAINT "complaint_followups_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_followups" ADD CONSTRAINT "complaint_followups_reopen_decided_by_people_id_fk" FOREIGN KEY ("reopen_decided_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "complaint_followups_round" ON "complaint_followups" USING btree ("complaint_id","round");--> statement-breakpoint
CREATE INDEX "complaint_followups_open" ON "complaint_followups" USING btree ("state","remind_at");--> statement-breakpoint
CREATE INDEX "complaint_followups_reopen" ON "complaint_followups" USING btree ("reopen_state");