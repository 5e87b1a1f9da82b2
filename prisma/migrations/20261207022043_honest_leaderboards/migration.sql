-- AlterTable
ALTER TABLE "Submission" ADD COLUMN     "contentHash" TEXT;

-- CreateTable
CREATE TABLE "SamplingChallenge" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "exerciseId" TEXT NOT NULL,
    "seed" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),

    CONSTRAINT "SamplingChallenge_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SamplingChallenge_userId_createdAt_idx" ON "SamplingChallenge"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "Submission_exerciseId_contentHash_idx" ON "Submission"("exerciseId", "contentHash");

-- AddForeignKey
ALTER TABLE "SamplingChallenge" ADD CONSTRAINT "SamplingChallenge_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SamplingChallenge" ADD CONSTRAINT "SamplingChallenge_exerciseId_fkey" FOREIGN KEY ("exerciseId") REFERENCES "Exercise"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Scores stored before flagging existed were not flagged: their sort keys gain a leading 0.
UPDATE "Score" SET "rankKeys" = array_prepend(0::double precision, "rankKeys");
