import { z } from "zod";
import { answerDeepLink, connectLmsAccount, createConnectCode, deepLinkChoices } from "../../lti/deep-linking";
import { courseLmsLinks, resendCourseGrades, syncCourseRosters } from "../../lti/course-links";
import { createRegistrationInvite } from "../../lti/dynamic-registration";
import { listPlatforms, mayManageLms, registerPlatform, removePlatform } from "../../lti/platforms";
import { platformInputSchema, toolConfiguration } from "@/lib/lti/registration";
import { DomainError } from "../../services/errors";
import { authedProcedure, type Context, router } from "../trpc";
import { courseId } from "../inputs";

const requestId = z.string().min(1).max(64);
const assignmentId = z.string().min(1).max(64);
/** A mutation that takes nothing reads its (capped) body anyway, and refuses anything but {}. */
const noParameters = z.object({}).strict();

const ltiOf = (ctx: Context) => {
  if (!ctx.lti) throw new DomainError("CONFLICT", "LMS integration is not running on this server.");
  return ctx.lti;
};

const origin = (ctx: Context) => ctx.publicOrigin ?? "http://localhost";

export const ltiRouter = router({
  /** GenLab's side of a registration, and whether this account registers LMSs. */
  tool: authedProcedure.query(async ({ ctx }) => ({
    configuration: toolConfiguration(origin(ctx)),
    canManage: await mayManageLms(ctx.db, ctx.user),
  })),
  platforms: authedProcedure.query(({ ctx }) => listPlatforms(ctx.db, ctx.user)),
  registerPlatform: authedProcedure.input(platformInputSchema).mutation(async ({ ctx, input }) => {
    const registered = await registerPlatform(ctx.db, ctx.user, input);
    await ctx.lti?.frameOrigins.refresh();
    return registered;
  }),
  removePlatform: authedProcedure.input(z.object({ platformId: z.string().min(1).max(64) })).mutation(async ({ ctx, input }) => {
    await removePlatform(ctx.db, ctx.user, input.platformId);
    await ctx.lti?.frameOrigins.refresh();
  }),
  /** A one-time Dynamic Registration address to paste into the LMS. */
  createRegistrationLink: authedProcedure.input(noParameters).mutation(({ ctx }) => createRegistrationInvite(ctx.db, ctx.user, origin(ctx))),
  /** The deep-linking picker: the LMS course and the instructor's GenLab courses and assignments. */
  deepLinkChoices: authedProcedure.input(z.object({ requestId })).query(({ ctx, input }) => deepLinkChoices(ctx.db, ctx.user, input.requestId)),
  /** The picker's choice: returns the address that posts it back to the LMS. */
  answerDeepLink: authedProcedure
    .input(z.object({ requestId, assignmentId }))
    .mutation(({ ctx, input }) => answerDeepLink(ctx.db, ltiOf(ctx).keys, ctx.user, input, ltiOf(ctx).launchUrl)),
  /** One's usual account, in a tab of its own: a one-time code to type into GenLab's picker in the LMS. */
  createConnectCode: authedProcedure.input(noParameters).mutation(({ ctx }) => createConnectCode(ctx.db, ctx.user)),
  /** The picker in the LMS (as the LMS's account): that code connects this LMS account to the code's account. */
  connectAccount: authedProcedure
    .input(z.object({ requestId, code: z.string().trim().min(1).max(20) }))
    .mutation(({ ctx, input }) => connectLmsAccount(ctx.db, ctx.user, input)),
  /** Staff: the course's LMS links, roster syncs and each student's grade passback status. */
  courseLinks: authedProcedure.input(z.object({ courseId })).query(({ ctx, input }) => courseLmsLinks(ctx.db, ctx.user, input.courseId)),
  syncRoster: authedProcedure
    .input(z.object({ courseId }))
    .mutation(({ ctx, input }) => syncCourseRosters(ctx.db, ltiOf(ctx).services, ctx.user, input.courseId)),
  resendGrades: authedProcedure
    .input(z.object({ courseId }))
    .mutation(({ ctx, input }) => resendCourseGrades(ctx.db, ltiOf(ctx).gradeSync, ctx.user, input.courseId)),
});
