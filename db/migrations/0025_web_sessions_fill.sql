-- Web sessions of the last release: the account's external id was `sid:` + SHA-256 of the
-- browser's cookie. Each becomes a session, so those browsers stay signed in after the upgrade.
INSERT INTO "web_sessions" ("sid_hash", "external_id", "created_at")
SELECT substr("external_id", 5), "external_id", "created_at"
FROM "accounts"
WHERE "platform" = 'web' AND "external_id" ~ '^sid:[0-9a-f]{64}$'
ON CONFLICT ("sid_hash") DO NOTHING;
