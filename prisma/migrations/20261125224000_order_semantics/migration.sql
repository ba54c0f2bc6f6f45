-- Order semantics of the matching engine reach the orders table: FOK and GTD orders, conditional
-- (trigger) orders, GTD expiries, post-only and reduce-only. Generated with prisma migrate diff from
-- the previous schema.prisma; ADD VALUE runs inside the migration's transaction (PostgreSQL 12+).

-- CreateEnum
CREATE TYPE "trigger_kind" AS ENUM ('stop', 'take_profit');

-- CreateEnum
CREATE TYPE "trigger_reference" AS ENUM ('mark', 'last');

-- CreateEnum
CREATE TYPE "post_only_mode" AS ENUM ('reject', 'reprice');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "time_in_force" ADD VALUE 'FOK';
ALTER TYPE "time_in_force" ADD VALUE 'GTD';

-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "expires_at" TIMESTAMPTZ(6),
ADD COLUMN     "post_only" "post_only_mode",
ADD COLUMN     "reduce_only" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "trigger_kind" "trigger_kind",
ADD COLUMN     "trigger_price_ticks" BIGINT,
ADD COLUMN     "trigger_reference" "trigger_reference",
ADD COLUMN     "triggered_at" TIMESTAMPTZ(6);

