// `npx eslint .` (part of `npm run lint`). Not type-aware on purpose: it stays fast (no TypeScript program is built).
import nextVitals from "eslint-config-next/core-web-vitals";
import { defineConfig, globalIgnores } from "eslint/config";
import tseslint from "typescript-eslint";

/** The React Compiler's checks (every react-hooks rule but the two classic ones): they compile each function, most of the run time. */
const reactCompilerRulesOff = Object.fromEntries(
  nextVitals
    .flatMap((config) => Object.keys(config.rules ?? {}))
    .filter((rule) => rule.startsWith("react-hooks/") && rule !== "react-hooks/rules-of-hooks" && rule !== "react-hooks/exhaustive-deps")
    .map((rule) => [rule, "off"]),
);

const processEnvMessage = "Read configuration through server/env.ts (the one place that reads process.env), or pass it in as an argument.";

export default defineConfig([
  // Next.js's rules (react, react-hooks with the React Compiler checks, jsx-a11y, import, @next/next: core-web-vitals)
  // and typescript-eslint's `recommended` set (what eslint-config-next/typescript wraps, here with its errors kept errors).
  ...nextVitals,
  ...tseslint.configs.recommended,
  globalIgnores([".next/**", "node_modules/**", "server/generated/**", "bench/out/**", "test-results/**", ".genlab/**", "models/**", "next-env.d.ts"]),
  {
    rules: {
      // Unused names are errors; a leading underscore marks one kept on purpose (a positional argument, a skipped element).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
  {
    // No React here (components and hooks live in app/ and exercises/): skip the React Compiler's analysis.
    files: ["server/**", "workers/**", "cli/**", "lib/**", "scripts/**", "bench/**", "tests/**", "e2e/**", "*.{ts,mjs,cjs}"],
    rules: reactCompilerRulesOff,
  },
  {
    // CommonJS config files (.dependency-cruiser.cjs) load their helpers with require().
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // Tests build deliberately malformed inputs and reach into results untyped.
    files: ["tests/**", "e2e/**", "**/*.test.ts", "**/*.test.tsx"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // Next's rule guards the `module` variable of webpack/Turbopack bundles; this code runs in Node unbundled
    // (course modules are called `module` there).
    files: ["server/**", "workers/**", "cli/**", "scripts/**", "bench/**", "tests/**", "e2e/**", "**/*.test.ts"],
    rules: { "@next/next/no-assign-module-variable": "off" },
  },
  {
    // Application code reads its configuration from server/env.ts only: one schema, validated once at boot.
    // scripts/, bench/, tests/, e2e/, bin/ and the root config files (prisma.config.ts, next.config.ts) may read process.env.
    files: ["app/**", "lib/**", "server/**", "workers/**", "exercises/**", "cli/**"],
    ignores: ["server/env.ts"],
    rules: {
      // process.env, process["env"], const { env } = process
      "no-restricted-properties": ["error", { object: "process", property: "env", message: processEnvMessage }],
      // globalThis.process.env, globalThis.process["env"]
      "no-restricted-syntax": [
        "error",
        { selector: "MemberExpression[object.property.name='process'][property.name='env']", message: processEnvMessage },
        { selector: "MemberExpression[object.property.name='process'][property.value='env']", message: processEnvMessage },
      ],
      // import { env } from "node:process"; import proc from "node:process" (then proc.env): the global `process` is there anyway.
      "no-restricted-imports": [
        "error",
        {
          paths: ["process", "node:process"].map((name) => ({ name, importNames: ["env", "default"], message: processEnvMessage })),
        },
      ],
    },
  },
]);
