ALTER TABLE "complaints" ADD COLUMN "assist_rounds" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "assist_answer" text;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "assist_answered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "assist_answered_by" integer;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_assist_answered_by_people_id_fk" FOREIGN KEY ("assist_answered_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "complaints_assisting" ON "complaints" USING btree ("assisting_org_id") WHERE "complaints"."assist_answer" IS NULL;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_assist_answer" CHECK ("complaints"."assist_answer" IS NULL OR ("complaints"."assisting_org_id" IS NOT NULL AND "complaints"."assist_answered_at" IS NOT NULL AND "complaints"."assist_answered_by" IS NOT NULL));