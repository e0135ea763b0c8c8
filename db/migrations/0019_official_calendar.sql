CREATE TABLE "calendar_notices" (
	"id" serial PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"body" jsonb NOT NULL,
	"state" text NOT NULL,
	"entered_via" text NOT NULL,
	"entered_by" integer,
	"entered_at" timestamp with time zone NOT NULL,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"reason" text,
	"superseded_at" timestamp with time zone,
	"package_checked" text,
	CONSTRAINT "calendar_notices_by" CHECK (("calendar_notices"."entered_via" = 'chat') = ("calendar_notices"."entered_by" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "calendar_package_years" (
	"year" integer PRIMARY KEY NOT NULL,
	"fingerprint" text NOT NULL,
	"seen_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deadline_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"deadline_id" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"outcome" text NOT NULL,
	"due_before" timestamp with time zone NOT NULL,
	"due_after" timestamp with time zone NOT NULL,
	"provisional_before" boolean NOT NULL,
	"provisional_after" boolean NOT NULL,
	"state_before" text NOT NULL,
	"state_after" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "deadlines" ADD COLUMN "started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "calendar_notices" ADD CONSTRAINT "calendar_notices_entered_by_people_id_fk" FOREIGN KEY ("entered_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_notices" ADD CONSTRAINT "calendar_notices_decided_by_people_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deadline_changes" ADD CONSTRAINT "deadline_changes_deadline_id_deadlines_id_fk" FOREIGN KEY ("deadline_id") REFERENCES "public"."deadlines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_notices_pending" ON "calendar_notices" USING btree ("year") WHERE "calendar_notices"."state" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_notices_confirmed" ON "calendar_notices" USING btree ("year") WHERE "calendar_notices"."state" = 'confirmed';--> statement-breakpoint
CREATE INDEX "deadline_changes_deadline" ON "deadline_changes" USING btree ("deadline_id");