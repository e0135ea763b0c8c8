CREATE TABLE "link_requests" (
	"id" serial PRIMARY KEY NOT NULL,
	"from_person_id" integer NOT NULL,
	"into_person_id" integer NOT NULL,
	"holder_person_id" integer NOT NULL,
	"roles" jsonb NOT NULL,
	"redeemer_platform" text NOT NULL,
	"confirm_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"outcome" text
);
--> statement-breakpoint
CREATE TABLE "rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"points" integer NOT NULL,
	"expire" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "web_sessions" (
	"sid_hash" text PRIMARY KEY NOT NULL,
	"external_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"rotated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "link_requests_holder" ON "link_requests" USING btree ("holder_person_id");--> statement-breakpoint
CREATE INDEX "web_sessions_external" ON "web_sessions" USING btree ("external_id");