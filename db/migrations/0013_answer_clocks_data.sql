-- Issue 14: complaints of the last release that had asked a body to assist (协助调查) made
-- one request; its clock is keyed by the round, so the round is 1, not 0. Their answer
-- clocks (and those of the other answers owed) are opened at start-up from the upgrade
-- (db/answer-clocks.ts): the working-day calendar is not in the database.
UPDATE "complaints" SET "assist_rounds" = 1 WHERE "assisting_org_id" IS NOT NULL AND "assist_rounds" = 0;
