// Stands in for @prisma/streams-local, which needs Node 22 (node:sqlite). Only @prisma/dev's local
// Prisma Postgres server loads it (`prisma init` may start one; `prisma dev` downloads its own
// copy). GenLab never starts it: it runs its own embedded PostgreSQL. See "overrides" in package.json.
exports.startLocalDurableStreamsServer = () => {
  throw new Error("GenLab replaces @prisma/streams-local (it needs Node 22), so Prisma's local Postgres server cannot start here; GenLab starts its own database (npm run dev).");
};
