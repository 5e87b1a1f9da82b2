// Deep Linking 2.0: an instructor adds GenLab to an LMS course from the LMS's tool picker. GenLab's
// picker (app/lti/deep-link/[requestId]) lists their GenLab courses and assignments; their choice links
// the LMS course to the GenLab course and goes back to the LMS as a signed LtiDeepLinkingResponse:
// one resource link that opens the assignment, with a grade column (line item) of its points.
import { createHash, randomBytes } from "node:crypto";
import { SignJWT } from "jose";
import { CLAIM, LTI_VERSION } from "@/lib/lti/claims";
import type { Db } from "../db";
import type { Actor } from "../services/courses";
import { DomainError, forbidden, invalid, notFound } from "../services/errors";
import { ASSIGNMENT_PARAMETER } from "./admission";
import { SIGNING_ALGORITHM, type ToolKeys } from "./keys";

const RESPONSE_LIFETIME_S = 10 * 60;
export const DEEP_LINK_PATH = "/lti/deep-link";

async function openRequest(db: Db, actor: Actor, requestId: string) {
  const request = await db.ltiDeepLinkRequest.findUnique({ where: { id: requestId } });
  if (!request || request.userId !== actor.id) throw notFound("This request from the LMS is unknown: add GenLab again from the LMS.");
  if (request.answeredAt) throw new DomainError("CONFLICT", "This request was already answered: the LMS has its link.");
  if (request.expiresAt < new Date())
    throw new DomainError("CONFLICT", "This request from the LMS has expired (after an hour): add GenLab again from the LMS.");
  return request;
}

/** What the picker offers: the LMS course, the GenLab course it is linked to (if any), and the instructor's courses with their assignments. */
export async function deepLinkChoices(db: Db, actor: Actor, requestId: string) {
  const request = await openRequest(db, actor, requestId);
  const linked = await db.ltiContext.findUnique({ where: { platformId_contextId: { platformId: request.platformId, contextId: request.contextId } } });
  const courses = await db.course.findMany({
    where: { archivedAt: null, enrollments: { some: { userId: actor.id, role: "INSTRUCTOR" } }, ...(linked ? { id: linked.courseId } : {}) },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      title: true,
      term: true,
      assignments: { orderBy: { dueAt: "asc" }, select: { id: true, title: true, dueAt: true, items: { select: { points: true } } } },
    },
  });
  return {
    lmsCourseTitle: request.contextTitle,
    linkedCourseId: linked?.courseId ?? null,
    courses: courses.map((course) => ({
      id: course.id,
      title: course.title,
      term: course.term,
      assignments: course.assignments.map((a) => ({ id: a.id, title: a.title, dueAt: a.dueAt, points: a.items.reduce((sum, item) => sum + item.points, 0) })),
    })),
  };
}

/**
 * The instructor's choice: links the LMS course to the assignment's course (once; a linked LMS course
 * keeps its GenLab course) and signs the response. Returns the address that posts it to the LMS.
 */
export async function answerDeepLink(db: Db, keys: ToolKeys, actor: Actor, input: { requestId: string; assignmentId: string }, launchUrl: string) {
  const request = await openRequest(db, actor, input.requestId);
  const assignment = await db.assignment.findUnique({
    where: { id: input.assignmentId },
    select: { id: true, title: true, courseId: true, items: { select: { points: true } }, course: { select: { title: true } } },
  });
  if (!assignment) throw notFound("There is no such assignment.");
  const enrollment = await db.enrollment.findUnique({ where: { userId_courseId: { userId: actor.id, courseId: assignment.courseId } } });
  if (enrollment?.role !== "INSTRUCTOR") throw forbidden("Only the course's instructors link its assignments into an LMS.");
  const platform = await db.ltiPlatform.findUniqueOrThrow({ where: { id: request.platformId } });

  const scoreMaximum = assignment.items.reduce((sum, item) => sum + item.points, 0);
  const { kid, privateKey } = await keys.signingKey();
  const response = await new SignJWT({
    nonce: randomBytes(16).toString("base64url"),
    [CLAIM.messageType]: "LtiDeepLinkingResponse",
    [CLAIM.version]: LTI_VERSION,
    [CLAIM.deploymentId]: request.deploymentId,
    ...(request.data !== null ? { [CLAIM.deepLinkingData]: request.data } : {}),
    [CLAIM.deepLinkingContentItems]: [
      {
        type: "ltiResourceLink",
        title: assignment.title,
        text: `${assignment.title} (GenLab, ${assignment.course.title})`,
        url: launchUrl,
        custom: { [ASSIGNMENT_PARAMETER]: assignment.id },
        ...(scoreMaximum > 0 ? { lineItem: { scoreMaximum, label: assignment.title, resourceId: assignment.id, tag: "genlab" } } : {}),
      },
    ],
  })
    .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid, typ: "JWT" })
    .setIssuer(platform.clientId)
    .setAudience(platform.issuer)
    .setIssuedAt()
    .setExpirationTime(`${RESPONSE_LIFETIME_S}s`)
    .sign(privateKey);

  await db.$transaction(async (tx) => {
    const linked = await tx.ltiContext.findUnique({ where: { platformId_contextId: { platformId: platform.id, contextId: request.contextId } } });
    if (linked && linked.courseId !== assignment.courseId)
      throw new DomainError("CONFLICT", "This LMS course is linked to another GenLab course: pick one of its assignments.");
    if (!linked)
      await tx.ltiContext.create({
        data: {
          platformId: platform.id,
          deploymentId: request.deploymentId,
          contextId: request.contextId,
          title: request.contextTitle,
          courseId: assignment.courseId,
        },
      });
    const answered = await tx.ltiDeepLinkRequest.updateMany({ where: { id: request.id, answeredAt: null }, data: { answeredAt: new Date(), response } });
    if (answered.count === 0) throw new DomainError("CONFLICT", "This request was already answered: the LMS has its link.");
  });
  return { returnPath: `${DEEP_LINK_PATH}/${request.id}` };
}

/** The answered request's auto-posting page: the LMS's return URL and the signed response (GET /lti/deep-link/<id>). */
export async function deepLinkResponse(db: Db, requestId: string): Promise<{ returnUrl: string; response: string } | null> {
  const request = await db.ltiDeepLinkRequest.findUnique({ where: { id: requestId } });
  if (!request?.response || request.expiresAt < new Date()) return null;
  return { returnUrl: request.returnUrl, response: request.response };
}

const CONNECT_CODE_MS = 10 * 60 * 1000;
/** Letters and digits nobody misreads: 8 of them are about 40 bits. */
const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const MAX_CONNECT_ATTEMPTS = 5;
const hashOf = (code: string) =>
  createHash("sha256")
    .update(code.toUpperCase().replace(/[^A-Z0-9]/g, ""))
    .digest("hex");

/**
 * A one-time code that one's usual GenLab account shows (in a tab of its own, signed in as usual), to
 * type into GenLab's picker inside the LMS. Typing it there proves that the LMS account and this
 * account are the same person's; a link or a click could be passed to someone else.
 */
export async function createConnectCode(db: Db, actor: Actor) {
  const code = Array.from(randomBytes(8), (byte) => CODE_ALPHABET[byte % CODE_ALPHABET.length]).join("");
  const expiresAt = new Date(Date.now() + CONNECT_CODE_MS);
  await db.$transaction([
    db.ltiConnectCode.deleteMany({ where: { userId: actor.id } }),
    db.ltiConnectCode.create({ data: { codeHash: hashOf(code), userId: actor.id, expiresAt } }),
  ]);
  return { code: `${code.slice(0, 4)}-${code.slice(4)}`, expiresAt };
}

/**
 * In the LMS's picker, the LMS account (the request's owner) types the code its owner's usual GenLab
 * account showed: the LMS's launches sign in to that account from then on. The account the first
 * launch made is removed, ending its session in the frame; one that already holds work (courses,
 * submissions) is refused rather than merged. A few wrong codes use the request up.
 */
export async function connectLmsAccount(db: Db, actor: Actor, input: { requestId: string; code: string }) {
  const request = await openRequest(db, actor, input.requestId);
  if (request.connectAttempts >= MAX_CONNECT_ATTEMPTS)
    throw new DomainError("CONFLICT", "Too many wrong codes for this request: add GenLab again from the LMS.");
  const code = await db.ltiConnectCode.findUnique({ where: { codeHash: hashOf(input.code) } });
  if (!code || code.usedAt || code.expiresAt < new Date()) {
    await db.ltiDeepLinkRequest.update({ where: { id: request.id }, data: { connectAttempts: { increment: 1 } } });
    throw invalid("This code is not right, or has expired (after 10 minutes): show a new one in GenLab and type it again.");
  }
  const target = await db.user.findUniqueOrThrow({ where: { id: code.userId }, select: { id: true, name: true } });
  if (target.id === actor.id) throw invalid("That code is this account's own: show the code in your usual GenLab account.");
  const lmsUser = await db.ltiUser.findFirst({ where: { platformId: request.platformId, userId: actor.id } });
  if (!lmsUser) throw notFound("This request's LMS account is unknown: add GenLab again from the LMS.");
  if (await db.ltiUser.count({ where: { platformId: request.platformId, userId: target.id } }))
    throw new DomainError("CONFLICT", "That GenLab account is already connected to another account of this LMS.");
  const [enrollments, submissions] = await Promise.all([
    db.enrollment.count({ where: { userId: actor.id } }),
    db.submission.count({ where: { userId: actor.id } }),
  ]);
  if (enrollments + submissions > 0)
    throw new DomainError("CONFLICT", "This LMS account's GenLab account already has courses or work of its own: it cannot be merged.");
  await db.$transaction([
    db.ltiConnectCode.update({ where: { codeHash: code.codeHash }, data: { usedAt: new Date() } }),
    db.ltiUser.update({ where: { platformId_sub: { platformId: lmsUser.platformId, sub: lmsUser.sub } }, data: { userId: target.id } }),
    db.ltiDeepLinkRequest.update({ where: { id: request.id }, data: { userId: target.id } }),
    db.user.delete({ where: { id: actor.id } }),
  ]);
  return { connectedTo: target.name };
}
