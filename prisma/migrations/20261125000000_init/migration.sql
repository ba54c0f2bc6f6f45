-- Generated with `npx prisma migrate diff --from-empty --to-schema-datamodel prisma/schema.prisma --script`
-- (offline: prisma.config.ts selects the WebAssembly schema engine, which connects to DATABASE_URL's
-- server); the audit-log trigger at the end is hand-written. Applied by tools/migrate.ts: never edit
-- a migration once applied, add a new one instead.

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "margin_mode" AS ENUM ('standard', 'portfolio');

-- CreateEnum
CREATE TYPE "api_key_role" AS ENUM ('trader', 'staff');

-- CreateEnum
CREATE TYPE "market_kind" AS ENUM ('perpetual', 'future', 'option');

-- CreateEnum
CREATE TYPE "market_status" AS ENUM ('active', 'post_only', 'cancel_only', 'halted', 'settled');

-- CreateEnum
CREATE TYPE "option_type" AS ENUM ('call', 'put');

-- CreateEnum
CREATE TYPE "side" AS ENUM ('buy', 'sell');

-- CreateEnum
CREATE TYPE "order_type" AS ENUM ('limit', 'market');

-- CreateEnum
CREATE TYPE "time_in_force" AS ENUM ('GTC', 'IOC');

-- CreateEnum
CREATE TYPE "order_status" AS ENUM ('open', 'partially_filled', 'filled', 'cancelled', 'rejected');

-- CreateEnum
CREATE TYPE "liquidity" AS ENUM ('maker', 'taker');

-- CreateTable
CREATE TABLE "accounts" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "parent_id" UUID,
    "name" TEXT NOT NULL,
    "margin_mode" "margin_mode" NOT NULL DEFAULT 'standard',
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" TEXT NOT NULL,
    "account_id" UUID NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "role" "api_key_role" NOT NULL,
    "permissions" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(6),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "assets" (
    "symbol" TEXT NOT NULL,
    "decimals" INTEGER NOT NULL,

    CONSTRAINT "assets_pkey" PRIMARY KEY ("symbol")
);

-- CreateTable
CREATE TABLE "balances" (
    "account_id" UUID NOT NULL,
    "asset" TEXT NOT NULL,
    "amount" DECIMAL(38,0) NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "balances_pkey" PRIMARY KEY ("account_id","asset")
);

-- CreateTable
CREATE TABLE "markets" (
    "symbol" TEXT NOT NULL,
    "kind" "market_kind" NOT NULL,
    "underlying" TEXT NOT NULL,
    "quote_asset" TEXT NOT NULL,
    "tick_size" TEXT NOT NULL,
    "lot_size" TEXT NOT NULL,
    "min_size_lots" BIGINT NOT NULL,
    "status" "market_status" NOT NULL,
    "expiry" TIMESTAMPTZ(6),
    "strike" TEXT,
    "option_type" "option_type",
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "markets_pkey" PRIMARY KEY ("symbol")
);

-- CreateTable
CREATE TABLE "orders" (
    "id" TEXT NOT NULL,
    "account_id" UUID NOT NULL,
    "client_order_id" TEXT,
    "market" TEXT NOT NULL,
    "side" "side" NOT NULL,
    "type" "order_type" NOT NULL,
    "time_in_force" "time_in_force" NOT NULL,
    "price_ticks" BIGINT,
    "size_lots" BIGINT NOT NULL,
    "filled_lots" BIGINT NOT NULL,
    "remaining_lots" BIGINT NOT NULL,
    "status" "order_status" NOT NULL,
    "done_reason" TEXT,
    "reject_code" TEXT,
    "created_seq" BIGINT NOT NULL,
    "updated_seq" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL,
    "updated_at" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "orders_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "fills" (
    "trade_id" TEXT NOT NULL,
    "liquidity" "liquidity" NOT NULL,
    "market" TEXT NOT NULL,
    "account_id" UUID NOT NULL,
    "order_id" TEXT NOT NULL,
    "side" "side" NOT NULL,
    "price_ticks" BIGINT NOT NULL,
    "size_lots" BIGINT NOT NULL,
    "fee" DECIMAL(38,0) NOT NULL,
    "realized_pnl" DECIMAL(38,0) NOT NULL,
    "seq" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "fills_pkey" PRIMARY KEY ("trade_id","liquidity")
);

-- CreateTable
CREATE TABLE "positions" (
    "account_id" UUID NOT NULL,
    "market" TEXT NOT NULL,
    "size_lots" BIGINT NOT NULL,
    "cost_ticks_lots" DECIMAL(38,0) NOT NULL,
    "realized_pnl" DECIMAL(38,0) NOT NULL,
    "updated_seq" BIGINT NOT NULL,

    CONSTRAINT "positions_pkey" PRIMARY KEY ("account_id","market")
);

-- CreateTable
CREATE TABLE "ledger_journals" (
    "id" BIGSERIAL NOT NULL,
    "reference" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "market" TEXT,
    "seq" BIGINT,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ledger_journals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ledger_entries" (
    "id" BIGSERIAL NOT NULL,
    "journal_id" BIGINT NOT NULL,
    "ledger_account" TEXT NOT NULL,
    "account_id" UUID,
    "asset" TEXT NOT NULL,
    "amount" DECIMAL(38,0) NOT NULL,

    CONSTRAINT "ledger_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "applied_sequences" (
    "consumer" TEXT NOT NULL,
    "stream" TEXT NOT NULL,
    "last_seq" BIGINT NOT NULL,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "applied_sequences_pkey" PRIMARY KEY ("consumer","stream")
);

-- CreateTable
CREATE TABLE "consumer_offsets" (
    "consumer" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "partition" INTEGER NOT NULL,
    "next_offset" BIGINT NOT NULL,

    CONSTRAINT "consumer_offsets_pkey" PRIMARY KEY ("consumer","topic","partition")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "details" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "accounts_parent_id_idx" ON "accounts"("parent_id");

-- CreateIndex
CREATE INDEX "api_keys_account_id_idx" ON "api_keys"("account_id");

-- CreateIndex
CREATE INDEX "orders_account_id_status_idx" ON "orders"("account_id", "status");

-- CreateIndex
CREATE INDEX "orders_account_id_client_order_id_idx" ON "orders"("account_id", "client_order_id");

-- CreateIndex
CREATE INDEX "fills_account_id_created_at_idx" ON "fills"("account_id", "created_at");

-- CreateIndex
CREATE INDEX "fills_order_id_idx" ON "fills"("order_id");

-- CreateIndex
CREATE INDEX "positions_market_idx" ON "positions"("market");

-- CreateIndex
CREATE UNIQUE INDEX "ledger_journals_reference_key" ON "ledger_journals"("reference");

-- CreateIndex
CREATE INDEX "ledger_entries_ledger_account_asset_idx" ON "ledger_entries"("ledger_account", "asset");

-- CreateIndex
CREATE INDEX "ledger_entries_journal_id_idx" ON "ledger_entries"("journal_id");

-- CreateIndex
CREATE INDEX "ledger_entries_account_id_idx" ON "ledger_entries"("account_id");

-- CreateIndex
CREATE INDEX "audit_log_created_at_idx" ON "audit_log"("created_at");

-- AddForeignKey
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "balances" ADD CONSTRAINT "balances_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "balances" ADD CONSTRAINT "balances_asset_fkey" FOREIGN KEY ("asset") REFERENCES "assets"("symbol") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "markets" ADD CONSTRAINT "markets_quote_asset_fkey" FOREIGN KEY ("quote_asset") REFERENCES "assets"("symbol") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "orders" ADD CONSTRAINT "orders_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "orders" ADD CONSTRAINT "orders_market_fkey" FOREIGN KEY ("market") REFERENCES "markets"("symbol") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fills" ADD CONSTRAINT "fills_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fills" ADD CONSTRAINT "fills_market_fkey" FOREIGN KEY ("market") REFERENCES "markets"("symbol") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fills" ADD CONSTRAINT "fills_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "positions" ADD CONSTRAINT "positions_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "positions" ADD CONSTRAINT "positions_market_fkey" FOREIGN KEY ("market") REFERENCES "markets"("symbol") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_journal_id_fkey" FOREIGN KEY ("journal_id") REFERENCES "ledger_journals"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_asset_fkey" FOREIGN KEY ("asset") REFERENCES "assets"("symbol") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Hand-written (Prisma cannot express triggers): the audit log is append-only.
CREATE FUNCTION "audit_log_reject_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP;
END;
$$;

CREATE TRIGGER "audit_log_no_update_delete" BEFORE UPDATE OR DELETE ON "audit_log"
    FOR EACH ROW EXECUTE FUNCTION "audit_log_reject_change"();

CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "audit_log"
    FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_reject_change"();
