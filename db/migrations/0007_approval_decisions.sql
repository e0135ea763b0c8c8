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
ALTER TABLE "approval_decisions" ADD CONSTRAINT "approval_decisions_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_decisions" ADD CONSTRAINT "approval_decisions_other_org_id_organisations_id_fk" FOREIGN KEY ("other_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "approval_decisions_org_state" ON "approval_decisions" USING btree ("org_id","state");--> statement-breakpoint
CREATE INDEX "approval_decisions_other_state" ON "approval_decisions" USING btree ("other_org_id","state");--> statement-breakpoint
CREATE UNIQUE INDEX "approval_decisions_decisionNo" ON "approval_decisions" USING btree (("body" ->> 'decisionNo'));