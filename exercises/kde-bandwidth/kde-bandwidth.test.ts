// kde-bandwidth: its schema refuses each class of bad input with a clear message, and fitting on the
// training split beats a bad model on the held-out data.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadBodyMassHeldout } from "@/lib/datasets/heldout";
import { loadBodyMassTrain } from "@/lib/datasets/train";
import { kdeBandwidthScorer, scoreKdeBandwidthAgainst, scoreKdeBandwidthWithHeldout } from "./server";
import { KDE_INITIAL_BANDWIDTH, kdeBandwidthSpec } from "./spec";
import { defineExercise, type ExerciseDefinition } from "@/lib/exercises/types";
import { describeValidationError } from "@/lib/exercises/validation";
import { kdeMeanLogLikelihood, silvermanBandwidth } from "@/lib/ml/density/kde";

const kdeBandwidth = defineExercise(kdeBandwidthSpec, kdeBandwidthScorer);
const close = (a: number, b: number, tol = 1e-10) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} ≉ ${b}`);
/** The sentence the API and the CLI print for a refused body. */
function refusal(definition: ExerciseDefinition<any, any>, body: unknown): string {
  const parsed = definition.submissionSchema.safeParse(body);
  assert.ok(!parsed.success, `${definition.slug} accepted ${JSON.stringify(body)}`);
  return describeValidationError(parsed.error);
}
/** Round-trips through JSON, as a real submission does (NaN and Infinity become null). */
const json = <T>(v: T): unknown => JSON.parse(JSON.stringify(v));

describe("kde-bandwidth", () => {
  test("refuses bad bodies with clear messages", () => {
    const cases: [unknown, RegExp][] = [
      [{}, /^"bandwidth" is missing\.$/],
      [{ bandwidth: 0 }, /^"bandwidth" must be greater than 0 \(it is 0\)\.$/],
      [{ bandwidth: -0.2 }, /^"bandwidth" must be greater than 0 \(it is -0\.2\)\.$/],
      [{ bandwidth: NaN }, /^"bandwidth" is not a number \(NaN and Infinity cannot be sent as JSON\)\.$/],
      [{ bandwidth: "0.2" }, /^"bandwidth" is not a number\.$/],
      [{ bandwidth: 1e-9 }, /^"bandwidth" is 1e-9 kg; it must be between 0\.0001 and 100 kg\.$/],
      [{ bandwidth: 1000 }, /^"bandwidth" is 1000 kg; it must be between/],
      [0.2, /^The submission must be a JSON object like \{"bandwidth": 0\.25\}\.$/],
    ];
    for (const [body, re] of cases) assert.match(refusal(kdeBandwidth, json(body)), re);
  });

  test("a sensible bandwidth beats far too narrow and far too wide ones; the curve has an interior maximum", () => {
    const score = (h: number) => kdeBandwidth.score({ bandwidth: h }).meanLogLikelihood;
    const silverman = silvermanBandwidth(loadBodyMassTrain());
    close(silverman, 0.2309, 1e-3);
    assert.ok(score(silverman) > score(0.005) + 10);
    assert.ok(score(silverman) > score(2) + 0.3);
    assert.ok(score(silverman) > score(KDE_INITIAL_BANDWIDTH));
    close(score(0.2), kdeMeanLogLikelihood(loadBodyMassTrain(), loadBodyMassHeldout(), 0.2), 1e-14);
    assert.ok(Number.isFinite(score(1e-4)));
  });

  test("scoring against a caller-supplied held-out set uses the training KDE", () => {
    close(scoreKdeBandwidthWithHeldout({ bandwidth: 0.3 }, [4, 5]).meanLogLikelihood, kdeMeanLogLikelihood(loadBodyMassTrain(), [4, 5], 0.3), 1e-14);
    close(
      scoreKdeBandwidthAgainst({ bandwidth: 0.3 }, loadBodyMassHeldout()).meanLogLikelihood,
      kdeBandwidth.score({ bandwidth: 0.3 }).meanLogLikelihood,
      1e-14,
    );
    assert.throws(() => scoreKdeBandwidthWithHeldout({ bandwidth: 0.3 }, [[4, 5]]), /entry 1 must be a finite number/);
  });
});
