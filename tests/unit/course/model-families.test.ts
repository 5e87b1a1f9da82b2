// The family map of "types-of-generative-models": every family on one leaf of Goodfellow's tree,
// linked to a module of the course, with a graded and justified trade-off per criterion; sorting and
// filtering as the widget uses them.
import assert from "node:assert/strict";
import { test } from "node:test";
import { CRITERIA, familiesAt, filterFamilies, MODEL_FAMILIES, sortFamilies, TAXONOMY } from "../../../lib/course/model-families";
import { COURSE_MODULES } from "../../../lib/course/modules";

const ids = (families: readonly { id: string }[]) => families.map((f) => f.id);

test("every family sits on one leaf of the tree and links to a module of the course (or to none)", () => {
  const leaves = TAXONOMY.flatMap((b) => b.leaves.map((l) => l.id));
  assert.deepEqual(leaves, ["tractable", "variational", "markov-explicit", "direct", "markov-implicit"]);
  assert.equal(new Set(ids(MODEL_FAMILIES)).size, MODEL_FAMILIES.length, "ids are unique");
  for (const f of MODEL_FAMILIES) {
    assert.ok(leaves.includes(f.leaf), `${f.id}: leaf ${f.leaf}`);
    if (f.moduleSlug !== null)
      assert.ok(
        COURSE_MODULES.some((m) => m.slug === f.moduleSlug),
        `${f.id}: module ${f.moduleSlug}`,
      );
  }
  // Every leaf has at least one family, and the split is the tutorial's.
  for (const leaf of leaves) assert.ok(familiesAt(leaf).length > 0, `${leaf} has a family`);
  assert.deepEqual(ids(familiesAt("tractable")), ["autoregressive", "flows", "gmm", "hmm", "kde"]);
  assert.deepEqual(ids(familiesAt("variational")), ["vae", "diffusion"]);
  assert.deepEqual(ids(familiesAt("markov-explicit")), ["boltzmann"]);
  assert.deepEqual(ids(familiesAt("direct")), ["gan"]);
  assert.deepEqual(ids(familiesAt("markov-implicit")), ["gsn"]);
  // The families the brief names all have a module.
  for (const id of ["autoregressive", "flows", "vae", "boltzmann", "gan", "diffusion", "gmm", "hmm", "kde"])
    assert.ok(MODEL_FAMILIES.find((f) => f.id === id)?.moduleSlug, `${id} links to its module`);
});

test("every cell has a grade, a word and a justification; the grades match the tree", () => {
  for (const f of MODEL_FAMILIES) {
    for (const c of CRITERIA) {
      const cell = f.trade[c.id];
      assert.ok([0, 1, 2].includes(cell.grade), `${f.id}/${c.id}`);
      assert.ok(cell.value.length > 0 && cell.why.length > 20 && cell.why.endsWith("."), `${f.id}/${c.id} is justified in a sentence`);
    }
    // Exact likelihood exactly for tractable densities; none for implicit models.
    assert.equal(f.trade.likelihood.grade === 2, f.leaf === "tractable", `${f.id}: exact likelihood ⇔ tractable`);
    if (f.leaf === "direct" || f.leaf === "markov-implicit") assert.equal(f.trade.likelihood.grade, 0, `${f.id} is implicit`);
  }
});

test("sorting by a criterion: best first (or last), ties in list order", () => {
  assert.deepEqual(ids(sortFamilies(MODEL_FAMILIES, null)), ids(MODEL_FAMILIES));
  const bySampling = sortFamilies(MODEL_FAMILIES, "sampling");
  assert.deepEqual(ids(bySampling), ["flows", "vae", "gan", "gmm", "hmm", "kde", "autoregressive", "diffusion", "boltzmann", "gsn"]);
  const grades = bySampling.map((f) => f.trade.sampling.grade);
  assert.deepEqual(
    grades,
    [...grades].sort((a, b) => b - a),
  );
  assert.deepEqual(ids(sortFamilies(MODEL_FAMILIES, "stability", "ascending")).slice(0, 1), ["gan"]);
});

test("filtering: the best grade on every required criterion, within a branch of the tree", () => {
  assert.deepEqual(ids(filterFamilies(MODEL_FAMILIES, ["likelihood"])), ["autoregressive", "flows", "gmm", "hmm", "kde"]);
  assert.deepEqual(ids(filterFamilies(MODEL_FAMILIES, ["likelihood", "sampling"])), ["flows", "gmm", "hmm", "kde"]);
  assert.deepEqual(ids(filterFamilies(MODEL_FAMILIES, ["likelihood", "sampling", "latent"])), ["flows"]);
  assert.deepEqual(ids(filterFamilies(MODEL_FAMILIES, ["quality"])), ["autoregressive", "diffusion", "gan"]);
  assert.deepEqual(ids(filterFamilies(MODEL_FAMILIES, [], "implicit")), ["gan", "gsn"]);
  assert.deepEqual(ids(filterFamilies(MODEL_FAMILIES, ["quality"], "explicit")), ["autoregressive", "diffusion"]);
  assert.equal(filterFamilies(MODEL_FAMILIES, []).length, MODEL_FAMILIES.length);
});
