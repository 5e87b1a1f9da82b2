#!/usr/bin/env node
// A drop-in for Prisma's native `schema-engine` binary, which the Prisma CLI would download from a
// host these machines cannot reach. prisma.config.ts points PRISMA_SCHEMA_ENGINE_BINARY here.
//
// It speaks the binary's interface, as node_modules/prisma/build/cli.js uses it:
//   schema-engine --version                                   -> "schema-engine-cli <hash>"
//   schema-engine --datasource '{"url":…}' cli <command>       -> one-off checks: can-connect-to-database,
//                                                                create-database, drop-database; errors
//                                                                as JSON log lines on stderr
//   schema-engine [--datamodels <file>]… [--datasource '{"url":…,"shadowDatabaseUrl":…}']
//                                                             -> JSON-RPC 2.0, one message a line, on stdin/stdout
// and delegates each RPC to @prisma/schema-engine-wasm (the same engine compiled to WebAssembly),
// which reaches PostgreSQL through the driver adapter @prisma/adapter-pg. Plain JavaScript so that
// it runs before anything is compiled (npm install runs `prisma generate`).
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import readline from "node:readline";

const require = createRequire(import.meta.url);

// ---------------------------------------------------------------------------------------- arguments
const args = { datamodels: [], datasource: undefined, previewFeatures: [], cli: undefined, version: false };
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--datamodels") args.datamodels.push(argv[++i]);
    else if (a === "--datasource") args.datasource = JSON.parse(argv[++i]);
    else if (a === "--enabled-preview-features") args.previewFeatures = argv[++i].split(",");
    else if (a === "--extension-types") i++;
    else if (a === "--version" || a === "-V") args.version = true;
    else if (a === "--help" || a === "-h") {
      process.stdout.write("schema-engine (GenLab: @prisma/schema-engine-wasm over @prisma/adapter-pg)\n");
      process.exit(0);
    } else if (a === "cli") {
      args.cli = argv[++i];
      break;
    }
  }
}

// ---------------------------------------------------------------------------------------- logging
// The native engine logs JSON lines on stderr; the CLI collects `fields.message` and treats
// level ERROR + fields.error_code as a user-facing error. For `cli` commands it drops the first line.
function logLine(level, message, extra = {}, target = "schema_engine::logger") {
  process.stderr.write(JSON.stringify({ timestamp: new Date().toISOString(), level, fields: { message, ...extra }, target }) + "\n");
}

// ---------------------------------------------------------------------------------------- --version
if (args.version) {
  let hash = "unknown";
  try {
    hash = require(require.resolve("@prisma/engines-version/package.json", { paths: [require.resolve("prisma")] })).prisma.enginesVersion;
  } catch {
    try {
      hash = require("@prisma/engines-version/package.json").prisma.enginesVersion;
    } catch {}
  }
  process.stdout.write(`schema-engine-cli ${hash}\n`);
  process.exit(0);
}

const datasourceUrl = args.datasource?.url;
const shadowDatabaseUrl = args.datasource?.shadowDatabaseUrl;

// ---------------------------------------------------------------------------------------- errors
/** Prisma's user-facing error codes for connection problems, from a `pg` error. */
function userFacingError(error, url) {
  let where = "the database server";
  let database = "";
  let user = "";
  try {
    const u = new URL(url);
    where = `${u.hostname}:${u.port || 5432}`;
    database = decodeURIComponent(u.pathname.slice(1)) || "postgres";
    user = decodeURIComponent(u.username);
  } catch {}
  const code = error?.code;
  if (code === "3D000") return { error_code: "P1003", message: `Database \`${database}\` does not exist on the database server at \`${where}\`.` };
  if (code === "28P01" || code === "28000")
    return {
      error_code: "P1000",
      message: `Authentication failed against database server, the provided database credentials for \`${user}\` are not valid.\n\nPlease make sure to provide valid database credentials for the database server at the configured address.`,
    };
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EHOSTUNREACH" || code === "ETIMEDOUT")
    return {
      error_code: "P1001",
      message: `Can't reach database server at \`${where}\`\n\nPlease make sure your database server is running at \`${where}\`.`,
    };
  if (code === "42P04") return { error_code: "P1009", message: `Database \`${database}\` already exists on the database server at \`${where}\`` };
  return { error_code: undefined, message: error?.message ?? String(error) };
}

function adminUrl(url, database = "postgres") {
  const u = new URL(url);
  u.pathname = "/" + encodeURIComponent(database);
  return u.toString();
}

function databaseName(url) {
  return decodeURIComponent(new URL(url).pathname.slice(1)) || "postgres";
}

async function withClient(url, fn) {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

async function createDatabase(url) {
  const name = databaseName(url);
  await withClient(adminUrl(url), async (client) => {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  });
  return name;
}

// ---------------------------------------------------------------------------------------- cli <command>
if (args.cli !== undefined) {
  // The CLI drops the first stderr line of these one-off checks: say something harmless first.
  logLine("INFO", `schema-engine cli ${args.cli}`, {}, "schema_engine_cli");
  try {
    if (!datasourceUrl) throw new Error("no --datasource url given");
    switch (args.cli) {
      case "can-connect-to-database":
        await withClient(datasourceUrl, (c) => c.query("SELECT 1"));
        break;
      case "create-database": {
        const name = await createDatabase(datasourceUrl);
        process.stdout.write(`Database '${name}' was successfully created.\n`);
        break;
      }
      case "drop-database": {
        const name = databaseName(datasourceUrl);
        await withClient(adminUrl(datasourceUrl), (c) => c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`));
        process.stdout.write(`The database was successfully dropped.\n`);
        break;
      }
      default:
        throw new Error(`unknown cli command: ${args.cli}`);
    }
    process.exit(0);
  } catch (error) {
    const { error_code, message } = userFacingError(error, datasourceUrl);
    logLine("ERROR", message, error_code ? { error_code } : {});
    process.exit(1);
  }
}

// ---------------------------------------------------------------------------------------- the wasm engine
// The wasm glue reports a Rust panic's message here before trapping.
const panics = {
  message: undefined,
  set_message(message) {
    this.message = message;
  },
};
globalThis.PRISMA_WASM_PANIC_REGISTRY = panics;

// A panic inside the engine's async work traps outside any request's promise: report it the way the
// native engine does (an ERROR log line, exit code 101), which the CLI shows as a schema engine panic.
process.on("uncaughtException", (error) => {
  const message = panics.message ?? (error?.stack || String(error));
  logLine("ERROR", message, { is_panic: true }, "schema_engine::panic");
  process.stderr.write(`panicked: ${message}\n`);
  void cleanupAndExit(101);
});

async function loadWasmEngine() {
  // The package's entry imports the .wasm as an ES module (needs --experimental-wasm-modules on
  // Node 20): instantiate it by hand with the package's own JS glue instead.
  const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const glue = await import(gluePath);
  const bytes = fs.readFileSync(path.join(path.dirname(gluePath), "schema_engine_bg.wasm"));
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": glue });
  glue.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start?.();
  return glue;
}

// PostgreSQL types adapter-pg refuses ("Unsupported column type") that the engine's introspection
// queries read. "char" (OID 18, e.g. pg_constraint.contype) must reach the engine as a Character
// value (it calls get_char); the others as text.
const CHAR_OID = 18;
const READ_AS_TEXT = new Set([CHAR_OID, 22, 24, 27, 28, 29, 30, 194, 3361, 3402, 5069]);
const COLUMN_TYPE_CHARACTER = 6; // ColumnTypeEnum.Character in @prisma/driver-adapter-utils

function patchQueryable(q) {
  const charColumns = new WeakMap(); // query object -> indexes of its "char" columns
  const performIO = q.performIO.bind(q);
  q.performIO = async (query) => {
    const result = await performIO(query);
    const chars = [];
    (result?.fields ?? []).forEach((field, i) => {
      if (field.dataTypeID === CHAR_OID) chars.push(i);
      if (READ_AS_TEXT.has(field.dataTypeID)) field.dataTypeID = 25;
    });
    if (chars.length) charColumns.set(query, chars);
    return result;
  };
  const queryRaw = q.queryRaw.bind(q);
  q.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const i of charColumns.get(query) ?? []) result.columnTypes[i] = COLUMN_TYPE_CHARACTER;
    return result;
  };
  return q;
}

function patchAdapter(adapter) {
  patchQueryable(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (...a) => patchQueryable(await startTransaction(...a));
  // adapter-pg splits scripts on ";" (breaks on semicolons in strings, functions, comments): send the
  // script whole, as the native engine does (simple query protocol, one implicit transaction).
  adapter.executeScript = async (script) => {
    try {
      await adapter.client.query(script);
    } catch (error) {
      adapter.onError(error);
    }
  };
  return adapter;
}

const shadowDatabases = new Set(); // names created by us and not yet dropped

async function dropShadowDatabase(name) {
  await withClient(adminUrl(datasourceUrl), (c) => c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`));
  shadowDatabases.delete(name);
}

/** A SqlMigrationAwareDriverAdapterFactory: adapter-pg for the main database, our own shadow database. */
async function makeAdapterFactory(PrismaPg) {
  const schema = datasourceUrl ? (new URL(datasourceUrl).searchParams.get("schema") ?? undefined) : undefined;
  const open = async (url) => patchAdapter(await new PrismaPg({ connectionString: url }, schema ? { schema } : undefined).connect());
  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    async connect() {
      if (!datasourceUrl) throw new Error("No datasource URL: set DATABASE_URL (prisma.config.ts reads it).");
      return open(datasourceUrl);
    },
    async connectToShadowDb() {
      if (shadowDatabaseUrl) return open(shadowDatabaseUrl);
      // adapter-pg's own shadow database connects to the main database (the connection string wins
      // over its `database` option): create ours and connect to it by URL.
      const name = `prisma_shadow_${process.pid}_${Date.now().toString(36)}`;
      await withClient(adminUrl(datasourceUrl), async (c) => {
        // shadow databases left by engines that died (SIGKILL) on this machine
        const local = ["localhost", "127.0.0.1", "[::1]"].includes(new URL(datasourceUrl).hostname);
        const { rows } = !local ? { rows: [] } : await c.query("SELECT datname FROM pg_database WHERE datname LIKE 'prisma\\_shadow\\_%'");
        for (const { datname } of rows) {
          const pid = Number(/^prisma_shadow_(\d+)_/.exec(datname)?.[1]);
          if (pid && !isAlive(pid)) await c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(datname)} WITH (FORCE)`).catch(() => {});
        }
        await c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}`);
      });
      shadowDatabases.add(name);
      const adapter = await open(adminUrl(datasourceUrl, name));
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose().catch(() => {});
        await dropShadowDatabase(name).catch((e) => logLine("WARN", `could not drop shadow database ${name}: ${e.message}`));
      };
      return adapter;
    },
  };
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

let exiting = false;
async function cleanupAndExit(code) {
  if (exiting) return;
  exiting = true;
  for (const name of [...shadowDatabases]) await dropShadowDatabase(name).catch(() => {});
  process.exit(code);
}
process.on("SIGTERM", () => void cleanupAndExit(0));
process.on("SIGINT", () => void cleanupAndExit(130));

const [glue, { PrismaPg }, { bindMigrationAwareSqlAdapterFactory }] = await Promise.all([
  loadWasmEngine(),
  import("@prisma/adapter-pg"),
  import("@prisma/driver-adapter-utils"),
]);

const datamodels = args.datamodels.map((file) => [file, fs.readFileSync(file, "utf8")]);
// One wasm engine for the whole session, like the native binary: it caches the schema that the
// migrations produce between requests (evaluateDataLoss and createMigration depend on that cache).
let current;
async function engine() {
  if (current) return current;
  const factory = (boundFactory = bindMigrationAwareSqlAdapterFactory(await makeAdapterFactory(PrismaPg)));
  const onLog = (line) => {
    // tracing output of the engine, JSON lines like the native binary's
    if (typeof line === "string") process.stderr.write(line.endsWith("\n") ? line : line + "\n");
  };
  current = await glue.SchemaEngine.new({ datamodels: datamodels.length ? datamodels : undefined }, onLog, factory);
  return current;
}
/** The native engine's RPC methods that the wasm engine lacks or names differently. */
const handlers = {
  async createDatabase(params) {
    const url = params?.datasource?.tag === "ConnectionString" ? params.datasource.url : datasourceUrl;
    return { databaseName: await createDatabase(url) };
  },
  async getDatabaseVersion() {
    return (await engine()).version();
  },
  async getDatabaseDescription() {
    throw Object.assign(new Error("getDatabaseDescription is not supported by the wasm schema engine"), { rpcCode: -32601 });
  },
  async debugPanic() {
    (await engine()).debugPanic();
    return {};
  },
};

let boundFactory; // its errorRegistry holds the JS errors the engine reports as "External error id#N"

function toRpcError(error) {
  if (error?.rpcCode) return { code: error.rpcCode, message: error.message };
  const external = /External error id#(\d+)/.exec(typeof error === "object" ? (error?.message ?? "") : String(error));
  const original = external && boundFactory?.errorRegistry?.consumeError(Number(external[1]))?.error;
  if (original) error = original;
  // The wasm engine rejects with the user-facing error object (is_panic, message, error_code, meta)
  // or a JS Error; the CLI reads error.data.{is_panic,message,error_code}.
  let data;
  if (error && typeof error === "object" && !(error instanceof Error) && "message" in error) {
    data = { is_panic: false, ...error };
  } else if (error instanceof Error) {
    // Driver adapter errors carry their cause
    const cause = error.cause ?? error;
    const uf = cause?.kind === undefined ? userFacingError(cause, datasourceUrl) : { message: error.message };
    const isPanic = error instanceof WebAssembly.RuntimeError || panics.message !== undefined;
    const message = isPanic ? (panics.message ?? error.message) : uf.message || error.message;
    data = { is_panic: isPanic, message, ...(uf.error_code && !isPanic ? { error_code: uf.error_code } : {}), meta: {} };
    if (isPanic) data.error = { message };
    panics.message = undefined;
  } else {
    data = { is_panic: false, message: String(error), meta: {} };
  }
  return { code: 4466, message: "An error happened. Check the data field for details.", data };
}

async function handle(request) {
  const { method, params } = request;
  if (handlers[method]) return handlers[method](params);
  const e = await engine();
  if ((method === "evaluateDataLoss" || method === "createMigration") && params?.migrationsList?.migrationDirectories?.length) {
    // The wasm engine computes "the schema the migrations produce" for these two only from a cache
    // that shadow-database-backed commands fill (it has no shadow database of its own there: "PostgreSQL
    // shadow DB must be provided through an external factory"). diagnoseMigrationHistory replays the
    // migrations into our shadow database and fills it, when the database has them all applied
    // (`migrate dev` applies pending ones first).
    await e
      .diagnoseMigrationHistory({
        migrationsList: params.migrationsList,
        optInToShadowDatabase: true,
        filters: params.filters ?? { externalTables: [], externalEnums: [] },
      })
      .catch(() => undefined);
  }
  if (typeof e[method] !== "function" || method === "free" || method === "constructor") {
    throw Object.assign(new Error(`Method not found: ${method}`), { rpcCode: -32601 });
  }
  const result = await e[method](params);
  if (method === "diff" && typeof result?.stdout === "string" && result.stdout.length) {
    // The native engine hands the diff to the CLI with a "print" request; the CLI writes it out.
    await printViaCli(result.stdout.replace(/\n$/, ""));
    return { ...result, stdout: null };
  }
  return result === undefined ? {} : result;
}

function send(message) {
  process.stdout.write(JSON.stringify(message) + "\n");
}

const pendingPrints = new Map();
let nextPrintId = 1_000_000;
function printViaCli(content) {
  const id = nextPrintId++;
  return new Promise((resolve) => {
    pendingPrints.set(id, resolve);
    send({ jsonrpc: "2.0", id, method: "print", params: { content } });
  });
}

// Requests are answered one at a time, in order (the engine holds one connection).
let queue = Promise.resolve();
const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on("line", (line) => {
  if (!line.trim()) return;
  let request;
  try {
    request = JSON.parse(line);
  } catch {
    send({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } });
    return;
  }
  if (request.method === undefined) {
    // the CLI's answer to a "print" request
    pendingPrints.get(request.id)?.();
    pendingPrints.delete(request.id);
    return;
  }
  queue = queue.then(async () => {
    try {
      const result = await handle(request);
      if (request.id !== undefined) send({ jsonrpc: "2.0", id: request.id, result });
    } catch (error) {
      if (request.id !== undefined) send({ jsonrpc: "2.0", id: request.id, error: toRpcError(error) });
    }
  });
});
lines.on("close", () => {
  // The CLI closes stdin when it is done; the wasm engine keeps a ~10 s timer alive: exit now.
  queue.then(() => cleanupAndExit(0));
});
