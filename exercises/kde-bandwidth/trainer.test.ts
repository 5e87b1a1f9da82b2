// kde-bandwidth's stepped search (lib/ml/density/kde-search.ts): its sweep and golden-section steps
// land on exactly the bandwidth the page's old loop found, and a saved search resumes exactly.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadBodyMassTrain } from "@/lib/datasets/train";
import { kdeLeaveOneOutMeanLogLikelihood } from "@/lib/ml/density/kde";
import { KdeBandwidthSearch, kdeSearchSteps } from "@/lib/ml/density/kde-search";

const masses = loadBodyMassTrain();

/** The page's search before the trainer existed, verbatim: an 80-point sweep, then golden section between the best point's neighbours. */
function referenceSearch(values: number[]): { curve: number[]; best: number } {
  const GRID = Array.from({ length: 80 }, (_, i) => 0.01 * (3 / 0.01) ** (i / 79));
  const curve = GRID.map((h) => kdeLeaveOneOutMeanLogLikelihood(values, h));
  let k = 0;
  for (let i = 1; i < curve.length; i++) if (curve[i] > curve[k]) k = i;
  const f = (t: number) => kdeLeaveOneOutMeanLogLikelihood(values, Math.exp(t));
  const r = (Math.sqrt(5) - 1) / 2;
  let a = Math.log(GRID[Math.max(0, k - 1)]);
  let b = Math.log(GRID[Math.min(GRID.length - 1, k + 1)]);
  let c = b - r * (b - a);
  let d = a + r * (b - a);
  let fc = f(c);
  let fd = f(d);
  for (let i = 0; i < 30; i++) {
    if (fc > fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - r * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + r * (b - a);
      fd = f(d);
    }
  }
  return { curve, best: Math.exp((a + b) / 2) };
}

describe("kde-bandwidth search", () => {
  const reference = referenceSearch(masses);

  test("the whole search (111 steps) reproduces the old sweep and maximiser exactly", async () => {
    const search = new KdeBandwidthSearch(masses);
    assert.equal(search.totalSteps, kdeSearchSteps());
    assert.equal(search.totalSteps, 111);
    while (!search.done) search.step(9);
    assert.equal(search.iteration, 111); // no steps past the end (totalIterations), even when a call asks for more
    assert.deepEqual(search.curve, reference.curve);
    assert.equal(search.result, reference.best);
    // Golden section only ever improves on the sweep's best.
    assert.ok((await search.losses()).best >= Math.max(...reference.curve));
    // The answer is the leave-one-out optimum the spec quotes (about 0.175 kg).
    assert.ok(Math.abs(search.result! - 0.175) < 0.01, `${search.result}`);
  });

  test("each sweep step reports its own bandwidth's leave-one-out value", async () => {
    const search = new KdeBandwidthSearch(masses);
    search.step(5);
    const losses = await search.losses();
    assert.equal(losses.bandwidth, search.grid[4]);
    assert.equal(losses["leave-one-out"], reference.curve[4]);
    assert.equal(losses.best, Math.max(...reference.curve.slice(0, 5)));
  });

  test("exportState → importState continues exactly, from the sweep, the bracket or golden section", async () => {
    const whole = new KdeBandwidthSearch(masses);
    whole.step(111);
    for (const at of [0, 37, 80, 81, 95, 111]) {
      const first = new KdeBandwidthSearch(masses);
      first.step(at);
      const resumed = new KdeBandwidthSearch(masses);
      resumed.importState(structuredClone(await first.exportState()));
      assert.equal(resumed.iteration, at);
      assert.deepEqual(resumed.curve, first.curve);
      if (at > 0) assert.deepEqual(await resumed.losses(), await first.losses());
      resumed.step(111 - at);
      assert.deepEqual(resumed.curve, whole.curve);
      assert.equal(resumed.result, whole.result);
      assert.deepEqual(await resumed.losses(), await whole.losses());
      assert.deepEqual(await resumed.exportState(), await whole.exportState());
    }
  });

  test("a saved search that does not fit is refused with a readable message", async () => {
    const first = new KdeBandwidthSearch(masses);
    first.step(90);
    const good = await first.exportState();
    const cases: [unknown, RegExp][] = [
      [{ ...good, kind: "em" }, /not a bandwidth search/],
      [{ ...good, iteration: 1.5 }, /not a whole number/],
      [{ ...good, points: 12 }, new RegExp(`run on 12 training values, not these ${masses.length}`)],
      [{ ...good, evaluations: good.evaluations.subarray(0, 85) }, /85 evaluations, too few for its 90 steps/],
      [{ ...good, evaluations: Float64Array.from([...good.evaluations, 0]) }, /92 evaluations, more than its 90 steps make/],
      [{ ...good, evaluations: ["x"] }, /not all numbers/],
    ];
    const fresh = new KdeBandwidthSearch(masses);
    for (const [state, re] of cases) assert.throws(() => fresh.importState(state), re);
    assert.equal(fresh.iteration, 0);
    assert.deepEqual(fresh.curve, []);
  });
});
