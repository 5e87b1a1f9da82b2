-- CreateTable
CREATE TABLE "PoolWorker" (
    "id" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "backend" TEXT NOT NULL,
    "device" TEXT NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "busyJobId" TEXT,

    CONSTRAINT "PoolWorker_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PoolWorker_lastSeenAt_idx" ON "PoolWorker"("lastSeenAt");
