import { z } from "zod";
import { answerDeepLink, deepLinkChoices } from "../../lti/deep-linking";
import { courseLmsLinks, resendCourseGrades, syncCourseRosters } from "../../lti/course-links";
import { DomainError } from "../../services/errors";
import { authedProcedure, type Context, router } from "../trpc";
import { courseId } from "../inputs";

const requestId = z.string().min(16).max(64);
const assignmentId = z.string().min(1).max(64);

const ltiOf = (ctx: Context) => {
  if (!ctx.lti) throw new DomainError("CONFLICT", "LMS integration is not running on this server.");
  return ctx.lti;
};

export const ltiRouter = router({
  /** The deep-linking picker: the LMS course and the instructor's GenLab courses and assignments. */
  deepLinkChoices: authedProcedure.input(z.object({ requestId })).query(({ ctx, input }) => deepLinkChoices(ctx.db, ctx.user, input.requestId)),
  /** The picker's choice: returns the address that posts it back to the LMS. */
  answerDeepLink: authedProcedure
    .input(z.object({ requestId, assignmentId }))
    .mutation(({ ctx, input }) => answerDeepLink(ctx.db, ltiOf(ctx).keys, ctx.user, input, ltiOf(ctx).launchUrl)),
  /** Staff: the course's LMS links, roster syncs and each student's grade passback status. */
  courseLinks: authedProcedure.input(z.object({ courseId })).query(({ ctx, input }) => courseLmsLinks(ctx.db, ctx.user, input.courseId)),
  syncRoster: authedProcedure
    .input(z.object({ courseId }))
    .mutation(({ ctx, input }) => syncCourseRosters(ctx.db, ltiOf(ctx).services, ctx.user, input.courseId)),
  resendGrades: authedProcedure
    .input(z.object({ courseId }))
    .mutation(({ ctx, input }) => resendCourseGrades(ctx.db, ltiOf(ctx).gradeSync, ctx.user, input.courseId)),
});
