// Registered LMSs: who may register them (accounts allowed with `genlab user allow-lms`, and the CLI),
// registering one with its deployments, and the origins allowed to frame GenLab's pages (every
// platform's web origins), which each process keeps in memory for the Content-Security-Policy.
import { type PlatformInput, platformInputSchema } from "@/lib/lti/registration";
import { describeValidationError } from "@/lib/exercises/validation";
import type { Db } from "../db";
import { logger } from "../observability/log";
import type { Actor } from "../services/courses";
import { DomainError, forbidden, invalid, notFound } from "../services/errors";

const conflict = (message: string) => new DomainError("CONFLICT", message);

const log = logger("lti");
/** Processes re-read the framing origins this often, so a registration elsewhere reaches them. */
const FRAME_ORIGINS_REFRESH_MS = 60 * 1000;

/** Whether the actor registers LMSs; `null`: the command line, which always may. */
export async function mayManageLms(db: Db, actor: Actor | null): Promise<boolean> {
  if (!actor) return true;
  const user = await db.user.findUnique({ where: { id: actor.id }, select: { canManageLms: true } });
  return user?.canManageLms ?? false;
}

export async function requireLmsManager(db: Db, actor: Actor | null) {
  if (!(await mayManageLms(db, actor)))
    throw forbidden("Only GenLab's LMS administrators register LMSs. Ask its administrator to run `genlab user allow-lms <your email>`.");
}

export async function listPlatforms(db: Db, actor: Actor | null) {
  await requireLmsManager(db, actor);
  const platforms = await db.ltiPlatform.findMany({
    orderBy: { createdAt: "asc" },
    include: { deployments: { select: { deploymentId: true } }, _count: { select: { contexts: true, users: true } } },
  });
  return platforms.map(({ deployments, _count, ...platform }) => ({
    ...platform,
    deploymentIds: deployments.map((d) => d.deploymentId),
    linkedCourses: _count.contexts,
    people: _count.users,
  }));
}

/**
 * A new LMS, or (`replace`, an LMS administrator's own form) new endpoints and more deployments of one
 * already registered under the same issuer and client id. Dynamic Registration never replaces: its
 * answer comes from whoever holds the one-time address, who must not repoint a registered LMS.
 */
export async function registerPlatform(db: Db, actor: Actor | null, raw: PlatformInput, { replace = true } = {}) {
  await requireLmsManager(db, actor);
  const parsed = platformInputSchema.safeParse(raw);
  if (!parsed.success) throw invalid(describeValidationError(parsed.error, undefined, "The registration"));
  const { deploymentIds, webOrigins, tokenAudience, ...input } = parsed.data;
  const origins = [...new Set((webOrigins.length ? webOrigins : [input.authLoginUrl]).map((url) => new URL(url).origin))];
  const platform = await db.$transaction(async (tx) => {
    const existing = await tx.ltiPlatform.findUnique({ where: { issuer_clientId: { issuer: input.issuer, clientId: input.clientId } } });
    if (existing && !replace) throw conflict("This LMS (issuer and client id) is registered already: an LMS administrator changes it on GenLab's LMS page.");
    const data = { ...input, tokenAudience: tokenAudience || null, webOrigins: origins };
    const saved = existing ? await tx.ltiPlatform.update({ where: { id: existing.id }, data }) : await tx.ltiPlatform.create({ data });
    await tx.ltiDeployment.createMany({ data: deploymentIds.map((deploymentId) => ({ platformId: saved.id, deploymentId })), skipDuplicates: true });
    return saved;
  });
  log.info({ platformId: platform.id, issuer: platform.issuer, by: actor?.id ?? "command line" }, "LMS registered");
  return { id: platform.id };
}

export async function removePlatform(db: Db, actor: Actor | null, platformId: string) {
  await requireLmsManager(db, actor);
  const removed = await db.ltiPlatform.deleteMany({ where: { id: platformId } });
  if (removed.count === 0) throw notFound("There is no such LMS registration.");
  log.info({ platformId, by: actor?.id ?? "command line" }, "LMS registration removed");
}

export interface FrameOrigins {
  /** The registered LMSs' web origins, as last read. */
  current(): readonly string[];
  /** Reads them again (after a registration in this process). */
  refresh(): Promise<void>;
  stop(): void;
}

export function watchFrameOrigins(db: Db): FrameOrigins {
  let origins: readonly string[] = [];
  const refresh = async () => {
    const platforms = await db.ltiPlatform.findMany({ select: { webOrigins: true } });
    origins = [...new Set(platforms.flatMap((p) => p.webOrigins))];
  };
  const read = () => refresh().catch((error: unknown) => log.warn({ err: error }, "framing origins not read"));
  void read();
  const timer = setInterval(read, FRAME_ORIGINS_REFRESH_MS);
  timer.unref();
  return { current: () => origins, refresh, stop: () => clearInterval(timer) };
}
