import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { MAX_PASSWORD_LENGTH } from "@/lib/users/password";
import { changePassword, createResetLink, deleteAccount, exportMyData, requestPasswordReset, resetPassword, updateName } from "../../services/accounts";
import { linkDelivery } from "./roster";
import { authedProcedure, publicProcedure, router } from "../trpc";

const password = z.string().min(1, "Enter the password.").max(MAX_PASSWORD_LENGTH);

export const accountRouter = router({
  updateName: authedProcedure.input(z.object({ name: z.string().max(512) })).mutation(({ ctx, input }) => updateName(ctx.db, ctx.user, input.name)),
  changePassword: authedProcedure
    .input(z.object({ currentPassword: password, newPassword: password }))
    .mutation(({ ctx, input }) => changePassword(ctx.db, requireAuth(ctx.auth), ctx.user, input)),
  /** Staff of a course the person takes: a one-time link to set a new password. */
  createResetLink: authedProcedure
    .input(z.object({ userId: z.string().min(1).max(64) }))
    .mutation(({ ctx, input }) => createResetLink(ctx.db, ctx.user, input.userId)),
  /** Public: mails a reset link when the server has email; the same answer for every address. */
  requestPasswordReset: publicProcedure
    .input(z.object({ email: z.string().trim().min(3).max(254) }))
    .mutation(({ ctx, input }) => requestPasswordReset(ctx.db, input.email, linkDelivery(ctx))),
  resetPassword: publicProcedure
    .input(z.object({ token: z.string().min(16).max(128), newPassword: password }))
    .mutation(({ ctx, input }) => resetPassword(ctx.db, requireAuth(ctx.auth), input)),
  exportData: authedProcedure.query(({ ctx }) => exportMyData(ctx.db, ctx.user)),
  delete: authedProcedure.input(z.object({ password })).mutation(({ ctx, input }) => deleteAccount(ctx.db, requireAuth(ctx.auth), ctx.user, input.password)),
});

function requireAuth<T>(auth: T | null): T {
  if (!auth) throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "Accounts are not set up on this server." });
  return auth;
}
