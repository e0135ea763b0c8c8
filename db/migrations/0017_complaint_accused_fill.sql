-- Complaints registered before the accused body was recognised by relation (issue 13): an
-- accused text that matched no body, or a 事由 that names enforcement officers or their
-- misconduct, may be about any department. They become "possibly any" (accused_unresolved),
-- so no department sees who complained (fail closed). Nothing is dropped or moved.
UPDATE "complaints" SET "accused_unresolved" = true
WHERE "accused_org_id" IS NULL AND (
  nullif(btrim(coalesce("accused_text", '')), '') IS NOT NULL
  OR "what" ~ '(执法人员|执法队员|城管队员|协管员|辅警|民警|局长|所长|队长|收了好处|受贿|索贿|吃拿卡要|不作为|乱作为|包庇|保护伞|暴力执法|选择性执法|乱罚款)'
);
