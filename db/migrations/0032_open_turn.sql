-- The opening of a conversation turn in one statement, whatever exists yet (db/store.ts
-- conversations.begin): the account with its person's roles — a person and an account
-- made on their first message —, the claim of the platform message id, then, only when
-- the claim succeeded (a redelivery locks nothing; the claim always comes before the
-- lock), the dialogue state locked FOR UPDATE, its row made on the first message in a
-- chat; for a redelivery, the replies it got. begin_turn (0011) did the usual case only,
-- and a person's first message took six more round trips (npm run bench: turns). It is
-- left in place for an instance of the previous release still running during an upgrade.
-- Each statement runs on a fresh snapshot (READ COMMITTED), so a concurrent creator of
-- the same account or conversation is waited for by ON CONFLICT and then read.
CREATE FUNCTION open_turn(p_platform text, p_external_id text, p_chat_id text, p_message_id text, p_display_name text)
RETURNS TABLE (account_id integer, person_id integer, grants json, claimed boolean, replies jsonb, state jsonb)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  v_account integer;
  v_person integer;
  v_claimed boolean := true;
  v_replies jsonb;
  v_state jsonb;
BEGIN
  SELECT a.id, a.person_id INTO v_account, v_person FROM accounts a WHERE a.platform = p_platform AND a.external_id = p_external_id;
  IF v_account IS NULL THEN
    INSERT INTO people (display_name) VALUES (p_display_name) RETURNING id INTO v_person;
    INSERT INTO accounts (person_id, platform, external_id) VALUES (v_person, p_platform, p_external_id)
      ON CONFLICT DO NOTHING RETURNING id INTO v_account;
    IF v_account IS NULL THEN
      -- Another turn made the account meanwhile: theirs is used, the person made here goes.
      DELETE FROM people WHERE id = v_person;
      SELECT a.id, a.person_id INTO v_account, v_person FROM accounts a WHERE a.platform = p_platform AND a.external_id = p_external_id;
    END IF;
  END IF;
  IF p_message_id IS NOT NULL THEN
    INSERT INTO deliveries (account_id, message_id) VALUES (v_account, p_message_id) ON CONFLICT DO NOTHING;
    v_claimed := FOUND;
  END IF;
  IF v_claimed THEN
    SELECT c.state INTO v_state FROM conversations c WHERE c.account_id = v_account AND c.chat_id = p_chat_id FOR UPDATE;
    IF NOT FOUND THEN
      INSERT INTO conversations (account_id, chat_id, state) VALUES (v_account, p_chat_id, NULL) ON CONFLICT DO NOTHING;
      IF NOT FOUND THEN
        SELECT c.state INTO v_state FROM conversations c WHERE c.account_id = v_account AND c.chat_id = p_chat_id FOR UPDATE;
      END IF;
    END IF;
  ELSE
    SELECT d.replies INTO v_replies FROM deliveries d WHERE d.account_id = v_account AND d.message_id = p_message_id;
  END IF;
  RETURN QUERY SELECT v_account, v_person,
    (SELECT json_agg(json_build_object('orgId', g.org_id, 'role', g.role)) FROM role_grants g WHERE g.person_id = v_person),
    v_claimed, v_replies, v_state;
END;
$$;
--> statement-breakpoint
-- The next record number of a series and year, formatted as domain/record-no.ts
-- formatRecordNo does (TS-2026-000123), for use inside the INSERT of the record: the
-- counter's row lock serialises concurrent turns as before, and registering takes one
-- round trip instead of two (npm run bench: turns). Past 999999 it fails, as formatRecordNo.
CREATE FUNCTION next_record_no(p_series text, p_year integer) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  v_last integer;
BEGIN
  INSERT INTO record_counters (series, year, last) VALUES (p_series, p_year, 1)
    ON CONFLICT (series, year) DO UPDATE SET last = record_counters.last + 1
    RETURNING last INTO v_last;
  IF v_last > 999999 THEN
    RAISE EXCEPTION 'record sequence out of range: %', v_last;
  END IF;
  RETURN p_series || '-' || p_year || '-' || lpad(v_last::text, 6, '0');
END;
$$;
