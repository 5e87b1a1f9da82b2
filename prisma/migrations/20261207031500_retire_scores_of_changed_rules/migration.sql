-- Scores made under rules this release replaced stay with their submissions, but no longer rank
-- or earn points (lib/exercises/ranking.ts flags a score that lacks one of its exercise's metrics):
-- gan/vae/rbm/cgan-digits were scored before copies were looked for, inverse-cdf before challenges.
UPDATE "Score" SET "rankKeys"[1] = 1
WHERE "exerciseId" IN (SELECT id FROM "Exercise" WHERE slug IN ('gan-digits', 'vae-digits', 'rbm-digits', 'cgan-digits', 'inverse-cdf'));

-- autoencoder-digits scored submitted reconstructions of public digits (the digits themselves
-- scored 0): those scores say nothing about a model. The submissions stay, without a score.
DELETE FROM "Score" WHERE "exerciseId" IN (SELECT id FROM "Exercise" WHERE slug = 'autoencoder-digits');

-- Grading rules on metrics that can now be reached without honest work move to the exercise's
-- default rule (lib/exercises/inverse-cdf.ts, lib/exercises/digit-generators.ts).
UPDATE "AssignmentItem" SET rule = '{"kind": "linear", "metric": "maxError", "full": 0.000001, "zero": 0.05}'
WHERE rule->>'metric' = 'ksStatistic' AND "exerciseId" IN (SELECT id FROM "Exercise" WHERE slug = 'inverse-cdf');
UPDATE "AssignmentItem" SET rule = '{"kind": "linear", "metric": "intraClassFid", "full": 75, "zero": 220}'
WHERE rule->>'metric' = 'conditionalAccuracy' AND "exerciseId" IN (SELECT id FROM "Exercise" WHERE slug = 'cgan-digits');
