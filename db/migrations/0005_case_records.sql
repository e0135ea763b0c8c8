CREATE TABLE "case_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"record_no" text NOT NULL,
	"kind" text NOT NULL,
	"actor_person_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"note" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_transfers" (
	"id" serial PRIMARY KEY NOT NULL,
	"no" text NOT NULL,
	"org_id" integer NOT NULL,
	"other_org_id" integer,
	"state" text NOT NULL,
	"body" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_transfers_no_unique" UNIQUE("no")
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" serial PRIMARY KEY NOT NULL,
	"no" text NOT NULL,
	"org_id" integer NOT NULL,
	"other_org_id" integer,
	"state" text NOT NULL,
	"body" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cases_no_unique" UNIQUE("no")
);
--> statement-breakpoint
CREATE TABLE "discipline_referrals" (
	"id" serial PRIMARY KEY NOT NULL,
	"no" text NOT NULL,
	"org_id" integer NOT NULL,
	"other_org_id" integer,
	"state" text NOT NULL,
	"body" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "discipline_referrals_no_unique" UNIQUE("no")
);
--> statement-breakpoint
CREATE TABLE "transfer_orders" (
	"id" serial PRIMARY KEY NOT NULL,
	"no" text NOT NULL,
	"org_id" integer NOT NULL,
	"other_org_id" integer,
	"state" text NOT NULL,
	"body" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "transfer_orders_no_unique" UNIQUE("no")
);
--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_actor_person_id_people_id_fk" FOREIGN KEY ("actor_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_transfers" ADD CONSTRAINT "case_transfers_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_transfers" ADD CONSTRAINT "case_transfers_other_org_id_organisations_id_fk" FOREIGN KEY ("other_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_other_org_id_organisations_id_fk" FOREIGN KEY ("other_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discipline_referrals" ADD CONSTRAINT "discipline_referrals_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discipline_referrals" ADD CONSTRAINT "discipline_referrals_other_org_id_organisations_id_fk" FOREIGN KEY ("other_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfer_orders" ADD CONSTRAINT "transfer_orders_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfer_orders" ADD CONSTRAINT "transfer_orders_other_org_id_organisations_id_fk" FOREIGN KEY ("other_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_events_record" ON "case_events" USING btree ("record_no","id");--> statement-breakpoint
CREATE INDEX "case_transfers_org_state" ON "case_transfers" USING btree ("org_id","state");--> statement-breakpoint
CREATE INDEX "case_transfers_other_state" ON "case_transfers" USING btree ("other_org_id","state");--> statement-breakpoint
CREATE INDEX "cases_org_state" ON "cases" USING btree ("org_id","state");--> statement-breakpoint
CREATE INDEX "cases_other_state" ON "cases" USING btree ("other_org_id","state");--> statement-breakpoint
CREATE INDEX "discipline_referrals_org_state" ON "discipline_referrals" USING btree ("org_id","state");--> statement-breakpoint
CREATE INDEX "discipline_referrals_other_state" ON "discipline_referrals" USING btree ("other_org_id","state");--> statement-breakpoint
CREATE INDEX "transfer_orders_org_state" ON "transfer_orders" USING btree ("org_id","state");--> statement-breakpoint
CREATE INDEX "transfer_orders_other_state" ON "transfer_orders" USING btree ("other_org_id","state");