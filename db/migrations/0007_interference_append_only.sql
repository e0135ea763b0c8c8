-- 干预记录 (M12) are append-only in the database itself, whatever connects to it:
-- any UPDATE, DELETE or TRUNCATE statement on the table is refused (a statement-level
-- trigger, so even one matching no row fails), and an INSERT must be the next link of the
-- hash chain: seq one past the last record, prev_hash that record's hash (GENESIS for the
-- first). With seq and prev_hash unique, the chain cannot fork. A table owner can still
-- disable the triggers; the hash chain (domain/interference.ts) shows what was done then.
CREATE FUNCTION interference_records_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'interference_records is append-only: % refused', TG_OP
    USING HINT = '干预记录只能追加，不能修改或删除；如需更正，请追加一条新记录。';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER interference_records_append_only
  BEFORE UPDATE OR DELETE OR TRUNCATE ON interference_records
  FOR EACH STATEMENT EXECUTE FUNCTION interference_records_refuse_change();
--> statement-breakpoint
CREATE FUNCTION interference_records_check_link() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  expected text;
BEGIN
  IF NEW.seq = 1 THEN
    expected := repeat('0', 64);
  ELSE
    SELECT hash INTO expected FROM interference_records WHERE seq = NEW.seq - 1;
  END IF;
  IF expected IS NULL OR NEW.prev_hash IS DISTINCT FROM expected THEN
    RAISE EXCEPTION 'interference_records: record % is not the next link of the chain', NEW.seq;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER interference_records_link
  BEFORE INSERT ON interference_records
  FOR EACH ROW EXECUTE FUNCTION interference_records_check_link();
