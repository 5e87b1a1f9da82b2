-- CreateEnum
CREATE TYPE "HeldoutPart" AS ENUM ('PUBLIC', 'PRIVATE');

-- AlterTable
ALTER TABLE "Assignment" ADD COLUMN     "gradedOn" "HeldoutPart" NOT NULL DEFAULT 'PUBLIC';

-- AlterTable: each course's own 256-bit key for the held-out split (a volatile default: every existing row gets its own)
ALTER TABLE "Course" ADD COLUMN     "heldoutSecret" BYTEA NOT NULL DEFAULT sha256(((uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid())) || uuid_send(gen_random_uuid())));

-- AlterTable
ALTER TABLE "Score" ADD COLUMN     "privateMetrics" JSONB,
ADD COLUMN     "privateRankKeys" DOUBLE PRECISION[] DEFAULT ARRAY[]::DOUBLE PRECISION[];

-- CreateTable
CREATE TABLE "HeldoutSet" (
    "id" TEXT NOT NULL,
    "exerciseId" TEXT NOT NULL,
    "rows" JSONB NOT NULL,
    "count" INTEGER NOT NULL,
    "summary" JSONB NOT NULL,
    "uploadedById" TEXT,
    "uploadedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HeldoutSet_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "HeldoutSet_exerciseId_key" ON "HeldoutSet"("exerciseId");

-- AddForeignKey
ALTER TABLE "HeldoutSet" ADD CONSTRAINT "HeldoutSet_exerciseId_fkey" FOREIGN KEY ("exerciseId") REFERENCES "Exercise"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HeldoutSet" ADD CONSTRAINT "HeldoutSet_uploadedById_fkey" FOREIGN KEY ("uploadedById") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
