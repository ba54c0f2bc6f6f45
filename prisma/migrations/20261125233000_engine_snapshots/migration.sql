-- Matching-engine snapshots (issue 3): per orders.accepted partition, the books as of one input offset.
-- Generated with prisma migrate diff from the previous schema.prisma.
-- CreateTable
CREATE TABLE "engine_snapshots" (
    "id" BIGSERIAL NOT NULL,
    "partition" INTEGER NOT NULL,
    "next_input_offset" BIGINT NOT NULL,
    "output_offsets" JSONB NOT NULL,
    "books" JSONB NOT NULL,
    "state_hashes" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "engine_snapshots_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "engine_snapshots_partition_next_input_offset_idx" ON "engine_snapshots"("partition", "next_input_offset");

