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
ALTER TABLE "meeting_items" ADD CONSTRAINT "meeting_items_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_items" ADD CONSTRAINT "meeting_items_other_org_id_organisations_id_fk" FOREIGN KEY ("other_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_other_org_id_organisations_id_fk" FOREIGN KEY ("other_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "meeting_items_org_state" ON "meeting_items" USING btree ("org_id","state");--> statement-breakpoint
CREATE INDEX "meeting_items_other_state" ON "meeting_items" USING btree ("other_org_id","state");--> statement-breakpoint
CREATE INDEX "meetings_org_state" ON "meetings" USING btree ("org_id","state");--> statement-breakpoint
CREATE INDEX "meetings_other_state" ON "meetings" USING btree ("other_org_id","state");