import { z } from "zod";
import {
  acceptInvite,
  createInvite,
  describeInvite,
  importRoster,
  type LinkDelivery,
  listRoster,
  removeMember,
  revokeInvite,
  updateMember,
} from "../../services/roster";
import { authedProcedure, type Context, publicProcedure, router } from "../trpc";
import { courseId } from "../inputs";

const userId = z.string().min(1).max(64);
const role = z.enum(["STUDENT", "TEACHING_ASSISTANT", "INSTRUCTOR"]);
const section = z.string().trim().max(60).nullable();
const token = z.string().min(16).max(128);

/** A roster of 2,000 rows of email, name and section fits in this. */
const MAX_ROSTER_CSV_BYTES = 256 * 1024;

/** Links go by email when the server has SMTP, with GenLab's public address in them. */
export const linkDelivery = (ctx: Context): LinkDelivery => ({ mail: ctx.mail ?? null, origin: ctx.publicOrigin ?? "http://localhost" });

export const rosterRouter = router({
  list: authedProcedure.input(z.object({ courseId })).query(({ ctx, input }) => listRoster(ctx.db, ctx.user, input.courseId)),
  updateMember: authedProcedure
    .input(z.object({ courseId, userId, section: section.optional(), role: role.optional() }))
    .mutation(({ ctx, input }) => updateMember(ctx.db, ctx.user, input.courseId, input.userId, { section: input.section, role: input.role })),
  removeMember: authedProcedure
    .input(z.object({ courseId, userId }))
    .mutation(({ ctx, input }) => removeMember(ctx.db, ctx.user, input.courseId, input.userId)),
  invite: authedProcedure
    .input(
      z.object({
        courseId,
        email: z.string().trim().min(3).max(254),
        role,
        name: z.string().trim().max(100).nullable().optional(),
        section: section.optional(),
      }),
    )
    .mutation(({ ctx, input: { courseId, ...invite } }) => createInvite(ctx.db, ctx.user, courseId, invite, linkDelivery(ctx))),
  revokeInvite: authedProcedure
    .input(z.object({ courseId, inviteId: z.string().min(1).max(64) }))
    .mutation(({ ctx, input }) => revokeInvite(ctx.db, ctx.user, input.courseId, input.inviteId)),
  import: authedProcedure
    .meta({ maxBodyBytes: MAX_ROSTER_CSV_BYTES + 1024 })
    .input(z.object({ courseId, csv: z.string().max(MAX_ROSTER_CSV_BYTES, "A roster file has at most 256 KB.") }))
    .mutation(({ ctx, input }) => importRoster(ctx.db, ctx.user, input.courseId, input.csv, linkDelivery(ctx))),
  /** Public: the invite page says which course before anyone signs in. */
  describeInvite: publicProcedure.input(z.object({ token })).query(({ ctx, input }) => describeInvite(ctx.db, input.token)),
  acceptInvite: authedProcedure.input(z.object({ token })).mutation(({ ctx, input }) => acceptInvite(ctx.db, ctx.user, input.token)),
});
