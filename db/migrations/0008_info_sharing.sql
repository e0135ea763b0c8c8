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
ALTER TABLE "info_requests" ADD CONSTRAINT "info_requests_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "info_requests" ADD CONSTRAINT "info_requests_other_org_id_organisations_id_fk" FOREIGN KEY ("other_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "info_statistics" ADD CONSTRAINT "info_statistics_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "info_statistics" ADD CONSTRAINT "info_statistics_other_org_id_organisations_id_fk" FOREIGN KEY ("other_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "info_requests_org_state" ON "info_requests" USING btree ("org_id","state");--> statement-breakpoint
CREATE INDEX "info_requests_other_state" ON "info_requests" USING btree ("other_org_id","state");--> statement-breakpoint
CREATE INDEX "info_statistics_org_state" ON "info_statistics" USING btree ("org_id","state");--> statement-breakpoint
CREATE INDEX "info_statistics_other_state" ON "info_statistics" USING btree ("other_org_id","state");--> statement-breakpoint
CREATE UNIQUE INDEX "info_statistics_unitPeriod" ON "info_statistics" USING btree (("body" ->> 'unitPeriod'));