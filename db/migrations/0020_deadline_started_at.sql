-- Fills deadlines.started_at (the event a clock runs from) for the clocks opened before it
-- was recorded, so that a working-day clock can be counted again when a year's holiday
-- notice is entered (domain/deadlines/recompute.ts). Instants come from the records the
-- clocks belong to; the rule text ("自2025年9月30日发现起…") gives the local date where
-- no record does, which is enough for working days (the day of the event never counts,
-- only its date matters). A row left NULL is listed to 司法局 when its year becomes
-- official, and left as it is.

-- 乡镇移送 / 紧急移送: the case's discovery.
UPDATE deadlines d SET started_at = (c.body ->> 'discoveredAt')::timestamptz
FROM cases c
WHERE d.started_at IS NULL AND d.kind IN ('township-transfer', 'urgent-transfer') AND d.subject_type = 'case'
  AND c.no = d.subject_id AND c.body ->> 'discoveredAt' IS NOT NULL;
--> statement-breakpoint

-- 纪检移送: the closure of the case, kept on the referral.
UPDATE deadlines d SET started_at = (r.body ->> 'closedAt')::timestamptz
FROM discipline_referrals r
WHERE d.started_at IS NULL AND d.kind = 'discipline-referral' AND d.subject_type = 'referral'
  AND r.no = d.subject_id AND r.body ->> 'closedAt' IS NOT NULL;
--> statement-breakpoint

-- 受理告知: the last forwarding to the body that holds the clock, else the registration.
UPDATE deadlines d SET started_at = COALESCE(
  (SELECT max(e.at) FROM complaint_events e WHERE e.complaint_id = c.id AND e.kind = 'forwarded' AND e.to_org_id = d.org_id),
  c.registered_at)
FROM complaints c
WHERE d.started_at IS NULL AND d.kind = 'complaint-accept' AND d.subject_type = 'complaint' AND c.tracking_no = d.subject_id;
--> statement-breakpoint

-- Any other working-day clock whose rule names its day: the start of that local day (+08:00).
UPDATE deadlines SET started_at = (make_date(m[1]::int, m[2]::int, m[3]::int)::timestamp - interval '8 hours') AT TIME ZONE 'UTC'
FROM (SELECT id AS mid, regexp_match(rule, '自(\d{4})年(\d{1,2})月(\d{1,2})日') AS m FROM deadlines) parsed
WHERE deadlines.id = parsed.mid AND started_at IS NULL AND m IS NOT NULL
  AND kind IN ('complaint-accept', 'township-transfer', 'discipline-referral');
