// The answer of POST /api/submissions (server/api/submissions-http.ts), read the same way by the
// pages, the tests and the benches. A refusal before the submission is stored is one JSON object
// {"error"} with a 4xx status; once stored, the answer streams a JSON line per stage: "accepted"
// (acknowledged: it is stored and will be scored), "waiting" (still in the scoring queue), then
// "result" (scored) or "error" (its scorer refused it).
import superjson from "superjson";

export interface SubmissionRefusal {
  message: string;
  code: string | null;
}

export type SubmissionAnswer<T> =
  | { kind: "result"; result: T; accepted: T | null }
  | { kind: "refused"; refusal: SubmissionRefusal; accepted: T | null; status: number }
  /** The connection ended after the acknowledgement and before the score: the submission is stored. */
  | { kind: "cut"; accepted: T | null };

export interface SubmissionAnswerListener<T> {
  onAccepted?: (accepted: T) => void;
  /** How many submissions wait before this one on its server (null: scored by another server process). */
  onWaiting?: (ahead: number | null) => void;
}

interface AnswerLine {
  accepted?: unknown;
  waiting?: { ahead?: number | null };
  result?: unknown;
  error?: { message?: string; code?: string };
}

const refusalOf = (line: AnswerLine | null, fallback: string): SubmissionRefusal => ({
  message: line?.error?.message ?? fallback,
  code: line?.error?.code ?? null,
});

export async function readSubmissionAnswer<T>(response: Response, listener: SubmissionAnswerListener<T> = {}): Promise<SubmissionAnswer<T>> {
  const fallback = `The server answered ${response.status} ${response.statusText}.`;
  if (!response.ok || !response.body) {
    const line = (await response.json().catch(() => null)) as AnswerLine | null;
    return { kind: "refused", refusal: refusalOf(line, fallback), accepted: null, status: response.status };
  }
  let accepted: T | null = null;
  let buffered = "";
  const decoder = new TextDecoder();
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffered += decoder.decode(value, { stream: !done });
      const lines = buffered.split("\n");
      buffered = done ? "" : lines.pop()!;
      for (const text of lines) {
        if (!text.trim()) continue;
        const line = JSON.parse(text) as AnswerLine;
        if (line.accepted !== undefined) {
          accepted = superjson.deserialize(line.accepted as never);
          listener.onAccepted?.(accepted!);
        } else if (line.waiting) listener.onWaiting?.(line.waiting.ahead ?? null);
        else if (line.result !== undefined) return { kind: "result", result: superjson.deserialize(line.result as never), accepted };
        else if (line.error) return { kind: "refused", refusal: refusalOf(line, fallback), accepted, status: response.status };
      }
      if (done) return { kind: "cut", accepted };
    }
  } catch {
    // A connection that broke mid-line, or a line cut short.
    return { kind: "cut", accepted };
  } finally {
    reader.releaseLock();
  }
}
