-- The sample arena (server/services/arena.ts): arenas, their entries, and the pairs served to voters with their votes;
-- live rounds gain a kind (an arena round runs an arena instead of training).

-- CreateEnum
CREATE TYPE "LiveRoundKind" AS ENUM ('TRAINING', 'ARENA');

-- CreateEnum
CREATE TYPE "ArenaOutcome" AS ENUM ('LEFT', 'RIGHT', 'TIE', 'BOTH_BAD');

-- AlterTable
ALTER TABLE "LiveRound" ADD COLUMN     "kind" "LiveRoundKind" NOT NULL DEFAULT 'TRAINING';

-- CreateTable
CREATE TABLE "Arena" (
    "id" TEXT NOT NULL,
    "exerciseId" TEXT NOT NULL,
    "roundId" TEXT,
    "openedById" TEXT,
    "openedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Arena_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ArenaEntry" (
    "id" TEXT NOT NULL,
    "arenaId" TEXT NOT NULL,
    "submissionId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,

    CONSTRAINT "ArenaEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ArenaMatch" (
    "id" TEXT NOT NULL,
    "arenaId" TEXT NOT NULL,
    "voterId" TEXT NOT NULL,
    "leftEntryId" TEXT NOT NULL,
    "rightEntryId" TEXT NOT NULL,
    "servedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "outcome" "ArenaOutcome",
    "votedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ArenaMatch_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Arena_roundId_key" ON "Arena"("roundId");

-- CreateIndex
CREATE INDEX "Arena_exerciseId_openedAt_idx" ON "Arena"("exerciseId", "openedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ArenaEntry_arenaId_userId_key" ON "ArenaEntry"("arenaId", "userId");

-- CreateIndex
CREATE INDEX "ArenaMatch_arenaId_voterId_servedAt_idx" ON "ArenaMatch"("arenaId", "voterId", "servedAt");

-- CreateIndex
CREATE INDEX "ArenaMatch_arenaId_votedAt_idx" ON "ArenaMatch"("arenaId", "votedAt");

-- CreateIndex
CREATE INDEX "ArenaMatch_leftEntryId_idx" ON "ArenaMatch"("leftEntryId");

-- CreateIndex
CREATE INDEX "ArenaMatch_rightEntryId_idx" ON "ArenaMatch"("rightEntryId");

-- AddForeignKey
ALTER TABLE "Arena" ADD CONSTRAINT "Arena_exerciseId_fkey" FOREIGN KEY ("exerciseId") REFERENCES "Exercise"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Arena" ADD CONSTRAINT "Arena_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "LiveRound"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Arena" ADD CONSTRAINT "Arena_openedById_fkey" FOREIGN KEY ("openedById") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ArenaEntry" ADD CONSTRAINT "ArenaEntry_arenaId_fkey" FOREIGN KEY ("arenaId") REFERENCES "Arena"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ArenaEntry" ADD CONSTRAINT "ArenaEntry_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ArenaEntry" ADD CONSTRAINT "ArenaEntry_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ArenaMatch" ADD CONSTRAINT "ArenaMatch_arenaId_fkey" FOREIGN KEY ("arenaId") REFERENCES "Arena"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ArenaMatch" ADD CONSTRAINT "ArenaMatch_voterId_fkey" FOREIGN KEY ("voterId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ArenaMatch" ADD CONSTRAINT "ArenaMatch_leftEntryId_fkey" FOREIGN KEY ("leftEntryId") REFERENCES "ArenaEntry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ArenaMatch" ADD CONSTRAINT "ArenaMatch_rightEntryId_fkey" FOREIGN KEY ("rightEntryId") REFERENCES "ArenaEntry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

