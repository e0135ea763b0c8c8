CREATE TABLE "interference_anchors" (
	"seq" integer PRIMARY KEY NOT NULL,
	"record_no" text NOT NULL,
	"hash" text NOT NULL,
	"anchored_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "interference_anchors_hash_hex" CHECK ("interference_anchors"."hash" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
-- The anchors are append-only like the records (statement-level: even a statement that
-- matches no row is refused).
CREATE FUNCTION interference_anchors_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'interference_anchors is append-only: % refused', TG_OP
    USING HINT = '干预记录的存证只能追加，不能修改或删除。';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER interference_anchors_append_only
  BEFORE UPDATE OR DELETE OR TRUNCATE ON interference_anchors
  FOR EACH STATEMENT EXECUTE FUNCTION interference_anchors_refuse_change();
--> statement-breakpoint
-- An anchor is dated by the database, whatever the inserting statement says, and is taken
-- only of a record as it stands (its number and hash).
CREATE FUNCTION interference_anchors_check() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.anchored_at := now();
  IF NOT EXISTS (SELECT 1 FROM interference_records r WHERE r.seq = NEW.seq AND r.record_no = NEW.record_no AND r.hash = NEW.hash) THEN
    RAISE EXCEPTION 'interference_anchors: anchor % does not match its record', NEW.seq;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER interference_anchors_check
  BEFORE INSERT ON interference_anchors
  FOR EACH ROW EXECUTE FUNCTION interference_anchors_check();
--> statement-breakpoint
-- The records kept before this release are anchored as they stand at the upgrade.
INSERT INTO interference_anchors (seq, record_no, hash)
  SELECT seq, record_no, hash FROM interference_records ORDER BY seq;
