-- The opening of a conversation turn (db/store.ts conversations.begin): the account with
-- its person's roles, the claim of the platform message id, and — only when the claim
-- succeeded, so a redelivery locks nothing and the claim always comes before the lock —
-- the dialogue state locked FOR UPDATE. No row when the account does not exist yet.
-- A plpgsql function so that its plan is cached per connection: every turn runs it, and
-- planning the statement each time cost as much as running it (npm run bench: turns).
CREATE FUNCTION begin_turn(p_platform text, p_external_id text, p_chat_id text, p_message_id text)
RETURNS TABLE (account_id integer, person_id integer, grants json, claimed boolean, conversation json)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  WITH acc AS (
    SELECT a.id, a.person_id FROM accounts a WHERE a.platform = p_platform AND a.external_id = p_external_id
  ), claim AS (
    INSERT INTO deliveries (account_id, message_id)
    SELECT acc.id, p_message_id FROM acc WHERE p_message_id IS NOT NULL
    ON CONFLICT DO NOTHING
    RETURNING 1
  ), conv AS (
    SELECT c.state FROM conversations c JOIN acc ON c.account_id = acc.id
    WHERE c.chat_id = p_chat_id AND (p_message_id IS NULL OR EXISTS (SELECT 1 FROM claim))
    FOR UPDATE OF c
  )
  SELECT acc.id, acc.person_id,
    (SELECT json_agg(json_build_object('orgId', g.org_id, 'role', g.role)) FROM role_grants g WHERE g.person_id = acc.person_id),
    EXISTS (SELECT 1 FROM claim),
    (SELECT json_build_object('state', conv.state) FROM conv)
  FROM acc;
END;
$$;
