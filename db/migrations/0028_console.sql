CREATE TABLE "console_codes" (
	"code_hash" text PRIMARY KEY NOT NULL,
	"person_id" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "web_sessions" ADD COLUMN "kind" text DEFAULT 'chat' NOT NULL;--> statement-breakpoint
ALTER TABLE "web_sessions" ADD COLUMN "person_id" integer;--> statement-breakpoint
ALTER TABLE "web_sessions" ADD COLUMN "last_seen_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "console_codes_person" ON "console_codes" USING btree ("person_id");--> statement-breakpoint
ALTER TABLE "web_sessions" ADD CONSTRAINT "web_sessions_console_person" CHECK (("web_sessions"."kind" = 'console') = ("web_sessions"."person_id" IS NOT NULL));--> statement-breakpoint
-- The ledgers' clocks (the 逾期 filter, the timelines): a record's deadlines by subject type and number (before any #round).
CREATE INDEX IF NOT EXISTS "deadlines_subject_record" ON "deadlines" ("subject_type", split_part("subject_id", '#', 1));--> statement-breakpoint
-- Ledger search (issue 16) is ILIKE over each ledger's text (db/ledgers): right with or without an
-- index. Where pg_trgm can be had (PostgreSQL's contrib, PGlite's bundled extension) the larger
-- ledgers get trigram indexes of those very expressions; where it cannot (a server without contrib,
-- a role not allowed to create it) the upgrade goes on and search scans.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN others THEN
  RAISE NOTICE 'pg_trgm not available (%): ledger search will scan', SQLERRM;
END $$;--> statement-breakpoint
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
    EXECUTE $i$CREATE INDEX IF NOT EXISTS complaints_search_trgm ON complaints USING gin ((coalesce(tracking_no, '') || ' ' || coalesce(what, '') || ' ' || coalesce(where_text, '') || ' ' || coalesce(when_text, '') || ' ' || coalesce(accused_text, '')) gin_trgm_ops)$i$;
    EXECUTE $i$CREATE INDEX IF NOT EXISTS complaints_contact_trgm ON complaints USING gin ((coalesce(contact_name, '') || ' ' || coalesce(contact_phone, '')) gin_trgm_ops)$i$;
    EXECUTE $i$CREATE INDEX IF NOT EXISTS cases_search_trgm ON cases USING gin ((coalesce(no, '') || ' ' || coalesce((body ->> 'summary'), '') || ' ' || coalesce((body ->> 'legalBasis'), '') || ' ' || coalesce((body ->> 'parties'), '')) gin_trgm_ops)$i$;
    EXECUTE $i$CREATE INDEX IF NOT EXISTS case_transfers_search_trgm ON case_transfers USING gin ((coalesce(no, '') || ' ' || coalesce((body ->> 'caseNo'), '') || ' ' || coalesce((body ->> 'reason'), '') || ' ' || coalesce((body ->> 'superior'), '') || ' ' || coalesce((body ->> 'decisionNo'), '')) gin_trgm_ops)$i$;
    EXECUTE $i$CREATE INDEX IF NOT EXISTS approval_decisions_search_trgm ON approval_decisions USING gin ((coalesce(no, '') || ' ' || coalesce((body ->> 'decisionNo'), '') || ' ' || coalesce((body ->> 'item'), '') || ' ' || coalesce((body ->> 'applicant'), '') || ' ' || coalesce((body ->> 'licenceNo'), '') || ' ' || coalesce((body ->> 'result'), '')) gin_trgm_ops)$i$;
    EXECUTE $i$CREATE INDEX IF NOT EXISTS info_reports_search_trgm ON info_reports USING gin ((coalesce(record_no, '') || ' ' || coalesce(title, '') || ' ' || coalesce(body, '') || ' ' || coalesce(used_note, '')) gin_trgm_ops)$i$;
    EXECUTE $i$CREATE INDEX IF NOT EXISTS interference_records_search_trgm ON interference_records USING gin ((coalesce(record_no, '') || ' ' || coalesce(case_ref, '') || ' ' || coalesce(interferer_unit, '') || ' ' || coalesce(interferer_person, '') || ' ' || coalesce(occurred, '') || ' ' || coalesce(method, '') || ' ' || coalesce(request, '') || ' ' || coalesce(response, '')) gin_trgm_ops)$i$;
  END IF;
END $$;
