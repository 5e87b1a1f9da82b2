-- CreateEnum
CREATE TYPE "PoolJobStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED');

-- CreateTable
CREATE TABLE "PoolJob" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "courseId" TEXT NOT NULL,
    "exerciseId" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "steps" INTEGER NOT NULL,
    "sweepId" TEXT,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "status" "PoolJobStatus" NOT NULL DEFAULT 'QUEUED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "backend" TEXT,
    "device" TEXT,
    "iteration" INTEGER NOT NULL DEFAULT 0,
    "lossHistory" JSONB,
    "preview" JSONB,
    "checkpoint" JSONB,
    "checkpointIteration" INTEGER,
    "weights" JSONB,
    "submissionId" TEXT,
    "error" TEXT,
    "computeMs" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "PoolJob_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PoolJob_submissionId_key" ON "PoolJob"("submissionId");

-- CreateIndex
CREATE INDEX "PoolJob_status_priority_createdAt_idx" ON "PoolJob"("status", "priority", "createdAt");

-- CreateIndex
CREATE INDEX "PoolJob_userId_createdAt_idx" ON "PoolJob"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "PoolJob_courseId_createdAt_idx" ON "PoolJob"("courseId", "createdAt");

-- AddForeignKey
ALTER TABLE "PoolJob" ADD CONSTRAINT "PoolJob_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PoolJob" ADD CONSTRAINT "PoolJob_exerciseId_fkey" FOREIGN KEY ("exerciseId") REFERENCES "Exercise"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PoolJob" ADD CONSTRAINT "PoolJob_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission"("id") ON DELETE SET NULL ON UPDATE CASCADE;
