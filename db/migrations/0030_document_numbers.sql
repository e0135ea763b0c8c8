CREATE TABLE "document_numbers" (
	"kind" text NOT NULL,
	"record_no" text NOT NULL,
	"org_id" integer NOT NULL,
	"year" integer NOT NULL,
	"seq" integer NOT NULL,
	"doc_no" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "document_numbers_kind_record_no_pk" PRIMARY KEY("kind","record_no"),
	CONSTRAINT "document_numbers_series" UNIQUE("org_id","year","seq")
);
