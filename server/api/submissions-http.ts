// POST /api/submissions?courseId=…&exerciseSlug=…&idempotencyKey=…[&roundId=…], body: the JSON
// text {"body": …, "config": …}. How pages submit: the same `submission.submit` procedure as tRPC
// (called in-process, so authorization, limits and the answer are the same), but the body — up to a
// few MB — is read only once sign-in, the API limit, enrolment, the deadline, the round's clock and
// a submission slot have all passed, and it is parsed in a scoring thread, never on this event loop.
// A refusal before the submission is stored is {"error": {"message", "code"}} with the tRPC code's
// status. Once stored, the answer is 200 and newline-delimited JSON, a line per stage:
//   {"accepted": <superjson>}   stored (acknowledged): it will be scored, whatever happens to this request
//   {"waiting": {"ahead": n}}   while it waits for a scoring thread (every few seconds, which also keeps proxies from timing out)
//   {"result": <superjson>}     scored; or {"error": {"message", "code"}} when its scorer refused it
// A connection lost before the last line loses nothing: the same request again (same idempotency key) is
// answered with the stored submission and its score.
import type http from "node:http";
import { getTRPCErrorFromUnknown } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import superjson from "superjson";
import { findExercise, SUBMISSION_ENVELOPE_BYTES } from "@/exercises/registry";
import { describeValidationError } from "@/lib/exercises/validation";
import { isJsonRequest, sendJson } from "../http-json";
import { logger } from "../observability/log";
import { BodyTooLarge, closeAfterAnswer, readBody } from "../security/request-body";
import { DomainError, invalid } from "../services/errors";
import { limitedContext, type TrpcHttpOptions } from "./http";
import { createCaller } from "./root";
import { submissionTicketSchema } from "./routers/submission";
import { type Context, readableErrorMessage } from "./trpc";

export const SUBMISSIONS_PATH = "/api/submissions";

const sendError = (res: http.ServerResponse, status: number, code: string, message: string) => sendJson(res, status, { error: { message, code } });
const log = logger("submissions");
/** How often a stored submission's answer says it is still waiting. */
const WAITING_LINE_MS = 5_000;

export function createSubmissionHttpHandler(base: Omit<Context, "user" | "requestBytes">, options: TrpcHttpOptions & { allowedOrigins: readonly string[] }) {
  return async (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => {
    // Nothing of the body is read until the end: every refusal before then closes the connection.
    const refuse = (status: number, code: string, message: string) => {
      closeAfterAnswer(req, res);
      sendError(res, status, code, message);
    };
    if (req.method !== "POST") return refuse(405, "METHOD_NOT_SUPPORTED", "Submissions are sent with POST.");
    // A page of another site cannot send JSON here without a preflight, which gets no CORS answer.
    if (!isJsonRequest(req)) return refuse(415, "UNSUPPORTED_MEDIA_TYPE", "Submissions are JSON (Content-Type: application/json).");
    const origin = req.headers.origin;
    if (origin !== undefined && !options.allowedOrigins.includes(origin))
      return refuse(403, "FORBIDDEN", `Submissions from ${origin.slice(0, 100)} are refused.`);
    const ticket = submissionTicketSchema.safeParse(Object.fromEntries(url.searchParams));
    if (!ticket.success) return refuse(400, "BAD_REQUEST", describeValidationError(ticket.error, undefined, "The request"));
    const exerciseLimit = findExercise(ticket.data.exerciseSlug)?.limits.maxBodyBytes ?? 0;
    const maxBytes = exerciseLimit + SUBMISSION_ENVELOPE_BYTES;
    const tooLarge = `This exercise accepts submissions of at most ${Math.round(exerciseLimit / 1024)} KB.`;
    const declared = Number(req.headers["content-length"]);
    if (declared > maxBytes) return refuse(413, "PAYLOAD_TOO_LARGE", `The submission is ${Math.ceil(declared / 1024)} KB. ${tooLarge}`);

    let read = false;
    const upload = async () => {
      read = true;
      try {
        return await readBody(req, res, maxBytes);
      } catch (error) {
        if (error instanceof BodyTooLarge) throw new DomainError("TOO_LARGE", tooLarge);
        throw invalid("The submission could not be read: the connection broke off.");
      }
    };
    /** Once the submission is stored, the answer streams its stages (see the top of this file). */
    let streaming = false;
    const line = (value: unknown) => res.write(`${JSON.stringify(value)}\n`);
    let heartbeat: NodeJS.Timeout | undefined;
    try {
      const context = await limitedContext({ ...base, requestBytes: () => (Number.isFinite(declared) ? declared : 0) }, req, 1, options);
      const result = await createCaller(context).submission.submit({
        ...ticket.data,
        body: undefined,
        upload,
        onAccepted: (accepted) => {
          streaming = true;
          res.writeHead(200, { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store", "x-accel-buffering": "no" });
          line({ accepted: superjson.serialize(accepted) });
          heartbeat = setInterval(() => line({ waiting: { ahead: base.submissions.ahead(accepted.id) } }), WAITING_LINE_MS);
        },
        onWait: (wait) => line({ waiting: wait }),
      });
      res.end(`${JSON.stringify({ result: superjson.serialize(result) })}\n`);
    } catch (cause) {
      if (!read) closeAfterAnswer(req, res);
      const error = getTRPCErrorFromUnknown(cause);
      if (error.code === "INTERNAL_SERVER_ERROR") log.error({ err: error.cause ?? error }, "submit");
      const refusal = { error: { message: readableErrorMessage(error), code: error.code } };
      if (streaming) res.end(`${JSON.stringify(refusal)}\n`);
      else sendJson(res, getHTTPStatusCodeFromError(error), refusal);
    } finally {
      clearInterval(heartbeat);
    }
  };
}
