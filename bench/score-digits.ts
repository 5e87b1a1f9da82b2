/**
 * Bench: the server's scoring time of a 1,000-image submission (gan-digits: the evaluator CNN in
 * onnxruntime-web, then FID and classifier score), through the same worker-thread pool the web
 * server uses. Prints one JSON line; the first (cold) call includes loading the ONNX model and the
 * test digits' feature statistics in the thread.
 *   npx tsx bench/score-digits.ts      Env: BENCH_ROUNDS (default 7)
 */
import { loadMnistSplit } from "@/lib/datasets/mnist";
import { findExercise } from "@/exercises/registry";
import { bytesToBase64 } from "@/lib/ml/datasets/digits";
import { createScoringPool } from "@/server/scoring/pool";
import { parseSubmissionBody } from "@/server/services/scoring";

const rounds = Number(process.env.BENCH_ROUNDS) > 0 ? Number(process.env.BENCH_ROUNDS) : 7;
const definition = findExercise("gan-digits")!;
const images = loadMnistSplit("validation").images;
const body = { images: { dtype: "uint8", shape: [1000, 28, 28], data: bytesToBase64(images) } };

const pool = createScoringPool(1);
try {
  const timed = async () => {
    const started = performance.now();
    const submission = parseSubmissionBody(definition, body); // validation is on the request path too
    await pool.score(definition.slug, submission);
    return performance.now() - started;
  };
  const cold = await timed();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) times.push(await timed());
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  const round = (v: number) => Math.round(v * 10) / 10;
  console.log(
    JSON.stringify({
      bench: "score-digits",
      exercise: definition.slug,
      images: 1000,
      cold_ms: round(cold),
      p50_ms: round(at(0.5)),
      max_ms: round(times[times.length - 1]),
      rounds,
    }),
  );
} finally {
  await pool.close();
}
