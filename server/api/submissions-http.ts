// POST /api/submissions?courseId=…&exerciseSlug=…&idempotencyKey=…[&roundId=…], body: the JSON
// text {"body": …, "config": …}. How pages submit: the same `submission.submit` procedure as tRPC
// (called in-process, so authorization, limits and the answer are the same), but the body — up to a
// few MB — is read only once sign-in, the API limit, enrolment, the deadline, the round's clock and
// a submission slot have all passed, and it is parsed in a scoring thread, never on this event loop.
// The answer is {"result": <superjson>} or {"error": {"message", "code"}} with the tRPC code's status.
import type http from "node:http";
import { getTRPCErrorFromUnknown } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import superjson from "superjson";
import { findExercise, SUBMISSION_ENVELOPE_BYTES } from "@/exercises/registry";
import { describeValidationError } from "@/lib/exercises/validation";
import { isJsonRequest, sendJson } from "../http-json";
import { BodyTooLarge, closeAfterAnswer, readBody } from "../security/request-body";
import { DomainError, invalid } from "../services/errors";
import { limitedContext, type TrpcHttpOptions } from "./http";
import { createCaller } from "./root";
import { submissionTicketSchema } from "./routers/submission";
import { type Context, readableErrorMessage } from "./trpc";

export const SUBMISSIONS_PATH = "/api/submissions";

const sendError = (res: http.ServerResponse, status: number, code: string, message: string) => sendJson(res, status, { error: { message, code } });

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
    try {
      const context = await limitedContext({ ...base, requestBytes: () => (Number.isFinite(declared) ? declared : 0) }, req, 1, options);
      const result = await createCaller(context).submission.submit({ ...ticket.data, body: undefined, upload });
      sendJson(res, 200, { result: superjson.serialize(result) });
    } catch (cause) {
      if (!read) closeAfterAnswer(req, res);
      const error = getTRPCErrorFromUnknown(cause);
      if (error.code === "INTERNAL_SERVER_ERROR") console.error("[submissions]", error.cause ?? error);
      sendError(res, getHTTPStatusCodeFromError(error), error.code, readableErrorMessage(error));
    }
  };
}
