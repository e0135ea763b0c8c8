-- The case records' new fields (issue 14, domain/cases), filled on the records kept before so
-- that every record reads one way. Nothing is dropped; open clocks (deadlines) are not touched,
-- so they keep their due dates. Each statement only fills what is missing: running it again
-- changes nothing.

-- 管辖: no case recorded before whether it was another body's.
UPDATE "cases" SET "body" = "body" || '{"jurisdiction": null}'::jsonb WHERE NOT ("body" ? 'jurisdiction');
--> statement-breakpoint
-- A case closed after criminal liability was pursued keeps the penalty decided before its
-- transfer (M10): taken from its accepted criminal transfer, else none.
UPDATE "cases" c SET "body" = jsonb_set(c."body", '{outcome,decisionNo}', coalesce((
  SELECT t."body" -> 'decisionNo' FROM "case_transfers" t
  WHERE t."body" ->> 'caseNo' = c."no" AND t."body" ->> 'route' = 'criminal' AND t."state" = 'accepted'
  ORDER BY t."id" DESC LIMIT 1
), 'null'::jsonb))
WHERE c."state" = 'closed' AND c."body" -> 'outcome' ->> 'kind' = 'criminal' AND NOT (c."body" -> 'outcome' ? 'decisionNo');
--> statement-breakpoint
-- 刑事处理结果 was kept only in the case's ledger (case_events, kind criminal-outcome): carried
-- onto the accepted transfer it answers (the first recorded after its acceptance); none on the others.
UPDATE "case_transfers" t SET "body" = t."body" || jsonb_build_object('criminalOutcome', (
  SELECT jsonb_build_object(
    'text', e."note",
    'pursued', e."note" IN ('追究刑事责任', '已追究刑事责任', '有罪判决'),
    'recordedAt', to_char(e."at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'byPersonId', e."actor_person_id"
  )
  FROM "case_events" e
  WHERE t."body" ->> 'route' = 'criminal' AND e."record_no" = t."body" ->> 'caseNo' AND e."kind" = 'criminal-outcome'
    AND e."note" IS NOT NULL AND e."at" >= (t."body" ->> 'acceptedAt')::timestamptz
  ORDER BY e."id" LIMIT 1
))
WHERE t."state" = 'accepted' AND NOT (t."body" ? 'criminalOutcome');
--> statement-breakpoint
-- 涉嫌违纪问题及线索 was not asked before: a referral still waiting for the head has it written
-- before it is signed; one already sent went without it.
UPDATE "discipline_referrals" SET "body" = "body" || '{"matters": null}'::jsonb WHERE NOT ("body" ? 'matters');
--> statement-breakpoint
-- 责令限期移送 issued before an order named its case and receiving body (README, readings): the
-- case is the one its transfer carried (complied), else the AJ number written in it when the
-- ordered body holds that case, else none (the department declares which case answers it, as
-- before); the receiving body is unknown (null), so a transfer to any body meets it.
UPDATE "transfer_orders" o SET "body" = o."body" || jsonb_build_object(
  'caseNo', coalesce(
    (SELECT t."body" ->> 'caseNo' FROM "case_transfers" t WHERE t."no" = o."body" ->> 'transferNo'),
    (SELECT c."no" FROM "cases" c WHERE c."no" = substring(upper(o."body" ->> 'caseRef') from 'AJ-[0-9]{4}-[0-9]{6}') AND c."org_id" = o."org_id")
  ),
  'receiverOrgId', NULL
)
WHERE NOT (o."body" ? 'receiverOrgId');
