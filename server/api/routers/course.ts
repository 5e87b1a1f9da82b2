import { z } from "zod";
import { getCourse, joinCourse, listMyCourses, listRoster } from "../../services/courses";
import { authedProcedure, router } from "../trpc";

const courseId = z.string().min(1).max(64);

export const courseRouter = router({
  mine: authedProcedure.query(({ ctx }) => listMyCourses(ctx.db, ctx.user)),
  join: authedProcedure
    .input(z.object({ joinCode: z.string().trim().min(4, "A join code has at least 4 characters.").max(16, "A join code has at most 16 characters.") }))
    .mutation(({ ctx, input }) => joinCourse(ctx.db, ctx.user, input.joinCode)),
  get: authedProcedure.input(z.object({ courseId })).query(({ ctx, input }) => getCourse(ctx.db, ctx.user, input.courseId)),
  roster: authedProcedure.input(z.object({ courseId })).query(({ ctx, input }) => listRoster(ctx.db, ctx.user, input.courseId)),
});
