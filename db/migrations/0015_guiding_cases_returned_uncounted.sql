-- M11: a guiding case the justice bureau returned no longer counts toward its year's three.
-- The last release counted every submission; an open duty is recounted from the cases that
-- stand (not returned) of its unit and year. Closed duties (met, missed, waived) keep the
-- record they were closed with. Nothing is deleted.
UPDATE "deadlines" AS d
SET "progress" = (
  SELECT count(*)::int FROM "guiding_cases" AS g
  WHERE g."org_id" = d."org_id" AND g."year"::text = d."subject_id" AND g."status" <> 'returned'
)
WHERE d."kind" = 'guiding-cases' AND d."subject_type" = 'period' AND d."state" = 'open';
