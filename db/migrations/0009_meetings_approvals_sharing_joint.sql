CREATE TABLE "approval_decisions" (
	"id" serial PRIMARY KEY NOT NULL,
	"no" text NOT NULL,
	"org_id" integer NOT NULL,
	"other_org_id" integer,
	"state" text NOT NULL,
	"body" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "approval_decisions_no_unique" UNIQUE("no")
);
--> statement-breakpoint
CREATE TABLE "assistance_requests" (
	"id" serial PRIMARY KEY NOT NULL,
	"no" text NOT NULL,
	"org_id" integer NOT NULL,
	"other_org_id" integer,
	"state" text NOT NULL,
	"body" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assistance_requests_no_unique" UNIQUE("no")
);
--> statement-breakpoint
CREATE TABLE "info_requests" (
	"id" serial PRIMARY KEY NOT NULL,
	"no" text NOT NULL,
	"org_id" integer NOT NULL,
	"other_org_id" integer,
	"state" text NOT NULL,
	"body" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "info_requests_no_unique" UNIQUE("no")
);
--> statement-breakpoint
CREATE TABLE "info_statistics" (
	"id" serial PRIMARY KEY NOT NULL,
	"no" text NOT NULL,
	"org_id" integer NOT NULL,
	"other_org_id" integer,
	"state" text NOT NULL,
	"body" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "info_statistics_no_unique" UNIQUE("no")
);
--> statement-breakpoint
CREATE TABLE "joint_actions" (
	"id" serial PRIMARY KEY NOT NULL,
	"no" text NOT NULL,
	"org_id" integer NOT NULL,
	"other_org_id" integer,
	"state" text NOT NULL,
	"body" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "joint_actions_no_unique" UNIQUE("no")
);
--> statement-breakpoint
CREATE TABLE "meeting_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"no" text NOT NULL,
	"org_id" integer NOT NULL,
	"other_org_id" integer,
	"state" text NOT NULL,
	"body" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meeting_items_no_unique" UNIQUE("no")
);
--> statement-breakpoint
CREATE TABLE "meetings" (
	"id" serial PRIMARY KEY NOT NULL,
	"no" text NOT NULL,
	"org_id" integer NOT NULL,
	"other_org_id" integer,
	"state" text NOT NULL,
	"body" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meetings_no_unique" UNIQUE("no")
);
--> statement-breakpoint
ALTER TABLE "approval_decisions" ADD CONSTRAINT "approval_decisions_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_decisions" ADD CONSTRAINT "approval_decisions_other_org_id_organisations_id_fk" FOREIGN KEY ("other_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assistance_requests" ADD CONSTRAINT "assistance_requests_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assistance_requests" ADD CONSTRAINT "assistance_requests_other_org_id_organisations_id_fk" FOREIGN KEY ("other_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "info_requests" ADD CONSTRAINT "info_requests_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "info_requests" ADD CONSTRAINT "info_requests_other_org_id_organisations_id_fk" FOREIGN KEY ("other_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "info_statistics" ADD CONSTRAINT "info_statistics_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "info_statistics" ADD CONSTRAINT "info_statistics_other_org_id_organisations_id_fk" FOREIGN KEY ("other_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "joint_actions" ADD CONSTRAINT "joint_actions_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "joint_actions" ADD CONSTRAINT "joint_actions_other_org_id_organisations_id_fk" FOREIGN KEY ("other_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_items" ADD CONSTRAINT "meeting_items_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_items" ADD CONSTRAINT "meeting_items_other_org_id_organisations_id_fk" FOREIGN KEY ("other_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_other_org_id_organisations_id_fk" FOREIGN KEY ("other_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "approval_decisions_org_state" ON "approval_decisions" USING btree ("org_id","state");--> statement-breakpoint
CREATE INDEX "approval_decisions_other_state" ON "approval_decisions" USING btree ("other_org_id","state");--> statement-breakpoint
CREATE UNIQUE INDEX "approval_decisions_decisionNo" ON "approval_decisions" USING btree (("body" ->> 'decisionNo'));--> statement-breakpoint
CREATE INDEX "assistance_requests_org_state" ON "assistance_requests" USING btree ("org_id","state");--> statement-breakpoint
CREATE INDEX "assistance_requests_other_state" ON "assistance_requests" USING btree ("other_org_id","state");--> statement-breakpoint
CREATE INDEX "info_requests_org_state" ON "info_requests" USING btree ("org_id","state");--> statement-breakpoint
CREATE INDEX "info_requests_other_state" ON "info_requests" USING btree ("other_org_id","state");--> statement-breakpoint
CREATE INDEX "info_statistics_org_state" ON "info_statistics" USING btree ("org_id","state");--> statement-breakpoint
CREATE INDEX "info_statistics_other_state" ON "info_statistics" USING btree ("other_org_id","state");--> statement-breakpoint
CREATE UNIQUE INDEX "info_statistics_unitPeriod" ON "info_statistics" USING btree (("body" ->> 'unitPeriod'));--> statement-breakpoint
CREATE INDEX "joint_actions_org_state" ON "joint_actions" USING btree ("org_id","state");--> statement-breakpoint
CREATE INDEX "joint_actions_other_state" ON "joint_actions" USING btree ("other_org_id","state");--> statement-breakpoint
CREATE INDEX "meeting_items_org_state" ON "meeting_items" USING btree ("org_id","state");--> statement-breakpoint
CREATE INDEX "meeting_items_other_state" ON "meeting_items" USING btree ("other_org_id","state");--> statement-breakpoint
CREATE INDEX "meetings_org_state" ON "meetings" USING btree ("org_id","state");--> statement-breakpoint
CREATE INDEX "meetings_other_state" ON "meetings" USING btree ("other_org_id","state");