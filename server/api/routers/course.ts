import { z } from "zod";
import {
  copyCourse,
  createCourse,
  deleteCourse,
  getCourse,
  listMyCourses,
  regenerateJoinCode,
  setCourseArchived,
  setModuleVisibility,
  updateCourseSettings,
} from "../../services/courses";
import { joinCourse } from "../../services/roster";
import { courseDate, courseId } from "../inputs";
import { authedProcedure, router } from "../trpc";

const title = z.string().trim().min(1, "Give the course a title.").max(120, "A title has at most 120 characters.");
const settings = z.object({
  title: title.optional(),
  description: z.string().max(2000).optional(),
  term: z.string().trim().max(60).nullable().optional(),
  timeZone: z.string().min(1).max(64).optional(),
  leaderboardNames: z.enum(["PSEUDONYM", "NAME"]).optional(),
  joinOpen: z.boolean().optional(),
});

export const courseRouter = router({
  mine: authedProcedure.query(({ ctx }) => listMyCourses(ctx.db, ctx.user)),
  join: authedProcedure
    .input(z.object({ joinCode: z.string().trim().min(4, "A join code has at least 4 characters.").max(16, "A join code has at most 16 characters.") }))
    .mutation(({ ctx, input }) => joinCourse(ctx.db, ctx.user, input.joinCode)),
  get: authedProcedure.input(z.object({ courseId })).query(({ ctx, input }) => getCourse(ctx.db, ctx.user, input.courseId)),
  create: authedProcedure.input(settings.extend({ title })).mutation(({ ctx, input }) => createCourse(ctx.db, ctx.user, input, ctx.courseCreation)),
  update: authedProcedure
    .input(settings.extend({ courseId }))
    .mutation(({ ctx, input: { courseId, ...change } }) => updateCourseSettings(ctx.db, ctx.user, courseId, change)),
  regenerateJoinCode: authedProcedure.input(z.object({ courseId })).mutation(({ ctx, input }) => regenerateJoinCode(ctx.db, ctx.user, input.courseId)),
  setArchived: authedProcedure
    .input(z.object({ courseId, archived: z.boolean() }))
    .mutation(({ ctx, input }) => setCourseArchived(ctx.db, ctx.user, input.courseId, input.archived)),
  delete: authedProcedure
    .input(z.object({ courseId, confirmTitle: z.string().max(200) }))
    .mutation(({ ctx, input }) => deleteCourse(ctx.db, ctx.user, input.courseId, input.confirmTitle)),
  copy: authedProcedure
    .input(z.object({ courseId, title, term: z.string().trim().max(60).nullable().optional(), shiftDays: z.number().int().min(-3660).max(3660) }))
    .mutation(({ ctx, input: { courseId, ...copy } }) => copyCourse(ctx.db, ctx.user, courseId, copy, ctx.courseCreation)),
  setModuleVisibility: authedProcedure
    .input(z.object({ courseId, moduleSlug: z.string().min(1).max(64), hidden: z.boolean(), releaseAt: courseDate.nullable() }))
    .mutation(({ ctx, input }) => setModuleVisibility(ctx.db, ctx.user, input.courseId, input.moduleSlug, input)),
});
