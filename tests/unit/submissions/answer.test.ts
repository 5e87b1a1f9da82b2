// The one reader of POST /api/submissions' answer (lib/submissions/answer.ts): a refusal before the
// submission is stored, the stages of a stored one however the bytes are split, and a cut connection.
import assert from "node:assert/strict";
import { test } from "node:test";
import superjson from "superjson";
import { readSubmissionAnswer } from "@/lib/submissions/answer";

/** A 200 answer whose body arrives in the given pieces (a line may be split anywhere). */
function streamed(pieces: string[], { error = false } = {}): Response {
  const encoder = new TextEncoder();
  const left = [...pieces];
  // Pulled a piece at a time: an error raised with pieces still queued would discard them.
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const piece = left.shift();
      if (piece !== undefined) controller.enqueue(encoder.encode(piece));
      else if (error) controller.error(new Error("connection reset"));
      else controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { "content-type": "application/x-ndjson" } });
}

const accepted = { id: "s1", status: "SCORING", createdAt: new Date(1_700_000_000_000) };
const scored = { id: "s1", status: "SCORED", createdAt: new Date(1_700_000_000_000), metrics: { mmd2: 0.001 } };
const lines = [
  `${JSON.stringify({ accepted: superjson.serialize(accepted) })}\n`,
  `${JSON.stringify({ waiting: { ahead: 3 } })}\n`,
  `${JSON.stringify({ waiting: { ahead: null } })}\n`,
  `${JSON.stringify({ result: superjson.serialize(scored) })}\n`,
];

test("each stage reaches its listener in order, with dates restored, however the bytes are split", async () => {
  const whole = lines.join("");
  for (const cuts of [[], [1], [5, 17, 60], Array.from({ length: whole.length - 1 }, (_, i) => i + 1)]) {
    const pieces = [0, ...cuts, whole.length].slice(1).map((end, i, ends) => whole.slice(i === 0 ? 0 : ends[i - 1], end));
    const heard: unknown[] = [];
    const answer = await readSubmissionAnswer<typeof scored>(streamed(cuts.length ? pieces : [whole]), {
      onAccepted: (a) => heard.push(["accepted", a]),
      onWaiting: (ahead) => heard.push(["waiting", ahead]),
    });
    assert.deepEqual(
      heard,
      [
        ["accepted", accepted],
        ["waiting", 3],
        ["waiting", null],
      ],
      `cut at ${cuts.length} places`,
    );
    assert.equal(answer.kind, "result");
    assert.deepEqual(answer.kind === "result" && answer.result, scored);
    assert.ok(answer.kind === "result" && answer.result.createdAt instanceof Date);
  }
});

test("a scorer's refusal after the acknowledgement keeps what was acknowledged", async () => {
  const answer = await readSubmissionAnswer(
    streamed([lines[0], `${JSON.stringify({ error: { message: "These weights decode to nothing.", code: "BAD_REQUEST" } })}\n`]),
  );
  assert.deepEqual(answer, {
    kind: "refused",
    refusal: { message: "These weights decode to nothing.", code: "BAD_REQUEST" },
    accepted,
    status: 200,
  });
});

test("a refusal before anything is stored is one JSON object with its status", async () => {
  const response = new Response(JSON.stringify({ error: { message: "You have used all 20 submissions for today.", code: "TOO_MANY_REQUESTS" } }), {
    status: 429,
  });
  const answer = await readSubmissionAnswer(response);
  assert.deepEqual(answer, {
    kind: "refused",
    refusal: { message: "You have used all 20 submissions for today.", code: "TOO_MANY_REQUESTS" },
    accepted: null,
    status: 429,
  });
  const bare = await readSubmissionAnswer(new Response("<html>Bad gateway</html>", { status: 502, statusText: "Bad Gateway" }));
  assert.deepEqual(bare, { kind: "refused", refusal: { message: "The server answered 502 Bad Gateway.", code: null }, accepted: null, status: 502 });
});

test("a connection cut after the acknowledgement, or in the middle of a line, is a cut: stored, score unknown", async () => {
  assert.deepEqual(await readSubmissionAnswer(streamed([lines[0], lines[1]])), { kind: "cut", accepted });
  assert.deepEqual(await readSubmissionAnswer(streamed([lines[0], lines[3].slice(0, 20)], { error: true })), { kind: "cut", accepted });
  assert.deepEqual(await readSubmissionAnswer(streamed([lines[0].slice(0, 10)], { error: true })), { kind: "cut", accepted: null });
});
