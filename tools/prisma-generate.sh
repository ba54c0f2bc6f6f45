#!/bin/sh
# Generates the Prisma client into libs/persistence/src/generated/prisma (git-ignored), offline.
# The client runs on the WebAssembly query compiler over @prisma/adapter-pg and needs no native
# engine, but the CLI still checks for its native engines before generating and would try to
# download them from binaries.prisma.sh, which CI cannot reach. Pointing those variables at any
# existing file satisfies the check; generation itself never runs them. Values set by the caller win.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
placeholder="$root/prisma/schema.prisma"
export PRISMA_QUERY_ENGINE_LIBRARY="${PRISMA_QUERY_ENGINE_LIBRARY:-$placeholder}"
export PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-$placeholder}"
export CHECKPOINT_DISABLE="${CHECKPOINT_DISABLE:-1}" # no update check over the network
cd "$root"
exec "$root/node_modules/.bin/prisma" generate --schema prisma/schema.prisma
