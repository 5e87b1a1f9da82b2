import { z } from "zod";
import { POOL_KEY_PREFIX } from "@/lib/pool/types";
import type { ScoringWait } from "../../services/submission-scoring";
import { getSubmission, listMySubmissions, type SubmissionResult, submitSolution } from "../../services/submissions";
import { authedProcedure, router } from "../trpc";

const ref = { courseId: z.string().min(1).max(64), exerciseSlug: z.string().min(1).max(64) };

/** Which submission this is: what POST /api/submissions takes in its query string. */
export const submissionTicketSchema = z.object({
  ...ref,
  idempotencyKey: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/, "must be 8–64 letters, digits, '-' or '_'")
    // A worker-pool run stores its result under "pool-<job id>": a client's key there would pass a
    // submission of its own off as the run's (and take its pool badge).
    .refine((key) => !key.startsWith(POOL_KEY_PREFIX), `keys starting with "${POOL_KEY_PREFIX}" are kept for worker-pool runs`),
  roundId: z.string().min(1).max(64).optional(),
});

/** An upload's JSON bytes, read on demand: only POST /api/submissions passes one (JSON cannot carry a function). */
const uploadReader = z.custom<() => Promise<Uint8Array>>((value) => typeof value === "function", "is read from an upload to /api/submissions");
/** Told once the submission is stored (acknowledged), then while it waits for a scoring thread: in-process callers only. */
const acceptedListener = z.custom<(accepted: SubmissionResult & { duplicate: boolean }) => void>((value) => typeof value === "function", "is a listener");
const waitListener = z.custom<(wait: ScoringWait) => void>((value) => typeof value === "function", "is a listener");

export const submissionRouter = router({
  // Over tRPC the body is parsed before its author's enrolment is known, so only small submissions
  // (the default body cap) come this way; larger ones are uploaded to POST /api/submissions
  // (server/api/submissions-http.ts), which reads the body only after every check. Both answer once
  // the score is stored; the scoring queue announces it to the leaderboard (services/submission-scoring.ts).
  submit: authedProcedure
    .input(
      submissionTicketSchema.extend({
        // Checked against the exercise's own schema in a scoring thread, which knows the exercise.
        body: z.unknown(),
        config: z.unknown().optional(),
        upload: uploadReader.optional(),
        onAccepted: acceptedListener.optional(),
        onWait: waitListener.optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { body, config, upload, onAccepted, onWait, ...ticket } = input;
      const draft = upload ? async () => ({ json: await upload() }) : { body, config };
      return submitSolution(ctx.db, ctx.user, { ...ticket, draft, requestBytes: ctx.requestBytes?.() }, ctx.submissions, { onAccepted, onWait });
    }),
  mine: authedProcedure.input(z.object(ref)).query(({ ctx, input }) => listMySubmissions(ctx.db, ctx.user, input.courseId, input.exerciseSlug)),
  get: authedProcedure
    .input(z.object({ submissionId: z.string().min(1).max(64) }))
    .query(({ ctx, input }) => getSubmission(ctx.db, ctx.user, input.submissionId)),
});
