CREATE TABLE "web_transcript" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"external_id" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"said" text,
	"replies" jsonb NOT NULL,
	"message_id" text,
	"outbox_id" bigint
);
--> statement-breakpoint
CREATE INDEX "web_transcript_session" ON "web_transcript" USING btree ("external_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "web_transcript_message" ON "web_transcript" USING btree ("external_id","message_id");--> statement-breakpoint
CREATE UNIQUE INDEX "web_transcript_notice" ON "web_transcript" USING btree ("external_id","outbox_id");