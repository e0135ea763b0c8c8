CREATE TABLE "deadline_reminders" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"deadline_id" integer NOT NULL,
	"key" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"audience" text NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "deadlines" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"org_id" integer NOT NULL,
	"supervisor_org_code" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"provisional" boolean DEFAULT false NOT NULL,
	"rule" text NOT NULL,
	"required" integer,
	"progress" integer DEFAULT 0 NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"closed_at" timestamp with time zone,
	"waive_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "deadline_reminders" ADD CONSTRAINT "deadline_reminders_deadline_id_deadlines_id_fk" FOREIGN KEY ("deadline_id") REFERENCES "public"."deadlines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deadlines" ADD CONSTRAINT "deadlines_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "deadline_reminders_key" ON "deadline_reminders" USING btree ("deadline_id","key");--> statement-breakpoint
CREATE INDEX "deadline_reminders_due" ON "deadline_reminders" USING btree ("at","id") WHERE "deadline_reminders"."sent_at" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "deadlines_identity" ON "deadlines" USING btree ("kind","org_id","subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "deadlines_open_org" ON "deadlines" USING btree ("org_id","due_at") WHERE "deadlines"."state" = 'open';--> statement-breakpoint
CREATE INDEX "deadlines_state" ON "deadlines" USING btree ("state","org_id");