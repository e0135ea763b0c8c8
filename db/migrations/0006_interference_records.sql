CREATE TABLE "interference_records" (
	"seq" integer PRIMARY KEY NOT NULL,
	"record_no" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"recorder_person_id" integer NOT NULL,
	"recorder_org_id" integer NOT NULL,
	"case_ref" text NOT NULL,
	"case_no" text,
	"interferer_org_id" integer,
	"interferer_unit" text,
	"interferer_person" text,
	"occurred" text NOT NULL,
	"method" text NOT NULL,
	"request" text NOT NULL,
	"response" text,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "interference_records_record_no_unique" UNIQUE("record_no"),
	CONSTRAINT "interference_records_prev_hash_unique" UNIQUE("prev_hash"),
	CONSTRAINT "interference_records_hash_unique" UNIQUE("hash"),
	CONSTRAINT "interference_records_seq_positive" CHECK ("interference_records"."seq" >= 1),
	CONSTRAINT "interference_records_hashes_hex" CHECK ("interference_records"."hash" ~ '^[0-9a-f]{64}$' AND "interference_records"."prev_hash" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "interference_records_has_interferer" CHECK ("interference_records"."interferer_org_id" IS NOT NULL OR "interference_records"."interferer_unit" IS NOT NULL OR "interference_records"."interferer_person" IS NOT NULL)
);
--> statement-breakpoint
ALTER TABLE "interference_records" ADD CONSTRAINT "interference_records_recorder_person_id_people_id_fk" FOREIGN KEY ("recorder_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interference_records" ADD CONSTRAINT "interference_records_recorder_org_id_organisations_id_fk" FOREIGN KEY ("recorder_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interference_records" ADD CONSTRAINT "interference_records_interferer_org_id_organisations_id_fk" FOREIGN KEY ("interferer_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "interference_records_interferer" ON "interference_records" USING btree ("interferer_org_id","seq");--> statement-breakpoint
CREATE INDEX "interference_records_recorder" ON "interference_records" USING btree ("recorder_person_id");