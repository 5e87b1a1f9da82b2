-- A submission is acknowledged once stored, and scored after (server/services/submission-scoring.ts).
-- Submissions stored before this release were stored with their score: SCORED.
CREATE TYPE "SubmissionStatus" AS ENUM ('SCORING', 'SCORED', 'FAILED');

ALTER TABLE "Submission"
  ADD COLUMN "status" "SubmissionStatus" NOT NULL DEFAULT 'SCORED',
  ADD COLUMN "scoringLeaseUntil" TIMESTAMPTZ(3),
  ADD COLUMN "scoringAttempts" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "scoringError" TEXT;

CREATE INDEX "Submission_status_scoringLeaseUntil_idx" ON "Submission"("status", "scoringLeaseUntil");
