CREATE TABLE "record_counters" (
	"series" text NOT NULL,
	"year" integer NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "record_counters_series_year_pk" PRIMARY KEY("series","year")
);
--> statement-breakpoint
-- Complaint numbers (TS-…) continue where tracking_counters left them.
INSERT INTO "record_counters" ("series", "year", "last") SELECT 'TS', "year", "last" FROM "tracking_counters";
