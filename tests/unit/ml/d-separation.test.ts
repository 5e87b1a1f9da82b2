// d-separation: hand-worked cases on the explorer's networks, the trail-by-trail verdict against the
// reachability algorithm, and a numeric check — for random conditional probability tables, the joint
// enumerated by brute force satisfies P(x, y | z) = P(x | z) P(y | z) (to 1e-12) whenever the graph
// says d-separated, and violates it for some tables whenever it says d-connected.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type Dag, descendants, dSeparated, reachableNodes, trailNodeReason, trailsBetween } from "../../../lib/ml/graphical/d-separation";
import { EXAMPLE_NETWORKS } from "../../../lib/ml/graphical/example-networks";
import { mulberry32, type Rng } from "../../../lib/ml/random";

const net = (id: string) => EXAMPLE_NETWORKS.find((n) => n.id === id)!;
const given = (...nodes: string[]) => new Set(nodes);

/** Every subset of `items`. */
function subsets<T>(items: readonly T[]): T[][] {
  return Array.from({ length: 2 ** items.length }, (_, mask) => items.filter((_, i) => (mask >> i) & 1));
}

describe("hand-worked cases", () => {
  test("chain and fork: dependent, until the middle is observed", () => {
    for (const id of ["chain", "fork"]) {
      assert.equal(dSeparated(net(id), "a", "c", given()), false, `${id}: a and c are d-connected`);
      assert.equal(dSeparated(net(id), "a", "c", given("b")), true, `${id}: observing b separates them`);
      assert.equal(dSeparated(net(id), "a", "b", given()), false);
    }
  });

  test("collider: independent causes, explained away by the effect or its descendant", () => {
    const g = net("collider");
    assert.equal(dSeparated(g, "a", "c", given()), true);
    assert.equal(dSeparated(g, "a", "c", given("b")), false, "the collider observed");
    assert.equal(dSeparated(g, "a", "c", given("d")), false, "a descendant of the collider observed");
    assert.equal(dSeparated(g, "a", "c", given("b", "d")), false);
    assert.equal(dSeparated(g, "a", "d", given()), false);
    assert.equal(dSeparated(g, "a", "d", given("b")), true, "b is a chain node between a and d");
    assert.equal(dSeparated(g, "a", "d", given("c")), false);
  });

  test("sprinkler: a fork path and a collider path between Sprinkler and Rain", () => {
    const g = net("sprinkler");
    assert.equal(dSeparated(g, "sprinkler", "rain", given()), false, "through Cloudy");
    assert.equal(dSeparated(g, "sprinkler", "rain", given("cloudy")), true);
    assert.equal(dSeparated(g, "sprinkler", "rain", given("cloudy", "wet")), false, "Wet grass opens the collider");
    assert.equal(dSeparated(g, "sprinkler", "rain", given("wet")), false);
    assert.equal(dSeparated(g, "cloudy", "wet", given("sprinkler", "rain")), true);
    assert.equal(dSeparated(g, "cloudy", "wet", given("sprinkler")), false, "still through Rain");
  });

  test("burglary alarm", () => {
    const g = net("burglary");
    assert.equal(dSeparated(g, "burglary", "earthquake", given()), true);
    assert.equal(dSeparated(g, "burglary", "earthquake", given("alarm")), false);
    assert.equal(dSeparated(g, "burglary", "earthquake", given("john")), false, "John's call is a descendant of the alarm");
    assert.equal(dSeparated(g, "john", "mary", given()), false);
    assert.equal(dSeparated(g, "john", "mary", given("alarm")), true);
    assert.equal(dSeparated(g, "burglary", "mary", given("alarm")), true);
    assert.equal(dSeparated(g, "burglary", "mary", given("earthquake")), false);
    assert.deepEqual([...descendants(g, "burglary")].sort(), ["alarm", "john", "mary"]);
  });

  test("reachability from a source: the source, not the observed nodes", () => {
    const g = net("collider");
    assert.deepEqual([...reachableNodes(g, "a", given())].sort(), ["a", "b", "d"]);
    assert.deepEqual([...reachableNodes(g, "a", given("d"))].sort(), ["a", "b", "c"]);
    assert.deepEqual([...reachableNodes(g, "a", given("b"))].sort(), ["a", "c"]);
  });

  test("the two nodes asked about must differ and be unobserved; unknown names are refused", () => {
    assert.throws(() => dSeparated(net("chain"), "a", "a", given()), RangeError);
    assert.throws(() => dSeparated(net("chain"), "a", "c", given("a")), RangeError);
    assert.throws(() => dSeparated(net("chain"), "a", "z", given()), RangeError);
  });
});

describe("trails, path by path", () => {
  test("chain: the one trail is blocked by an observed middle node, with the reason", () => {
    const [trail, ...rest] = trailsBetween(net("chain"), "a", "c", given("b"));
    assert.equal(rest.length, 0);
    assert.deepEqual(trail.nodes, ["a", "b", "c"]);
    assert.deepEqual(trail.forward, [true, true]);
    assert.equal(trail.active, false);
    assert.equal(trail.interior[0].kind, "chain");
    assert.equal(trailNodeReason(trail.interior[0]), "b is observed in a chain: it blocks the path");
    assert.equal(trailsBetween(net("chain"), "c", "a", given())[0].forward.join(), "false,false", "walked against the arrows");
  });

  test("collider: blocked without evidence, opened by its descendant", () => {
    const [closed] = trailsBetween(net("collider"), "a", "c", given());
    assert.deepEqual(closed.nodes, ["a", "b", "c"]);
    assert.deepEqual(closed.forward, [true, false]);
    assert.equal(closed.interior[0].kind, "collider");
    assert.equal(closed.active, false);
    assert.equal(trailNodeReason(closed.interior[0]), "collider b with no observed descendant: it blocks the path");
    const [open] = trailsBetween(net("collider"), "a", "c", given("d"));
    assert.equal(open.active, true);
    assert.equal(open.interior[0].observedDescendant, "d");
    assert.equal(
      trailNodeReason(open.interior[0], (n) => n.toUpperCase()),
      "collider B has an observed descendant, D: it opens the path",
    );
  });

  test("sprinkler: both trails, the fork blocked by Cloudy and the collider opened by Wet grass", () => {
    const g = net("sprinkler");
    const trails = trailsBetween(g, "sprinkler", "rain", given("cloudy", "wet"));
    assert.equal(trails.length, 2);
    const viaCloudy = trails.find((t) => t.nodes[1] === "cloudy")!;
    const viaWet = trails.find((t) => t.nodes[1] === "wet")!;
    assert.equal(viaCloudy.interior[0].kind, "fork");
    assert.equal(viaCloudy.active, false);
    assert.equal(
      trailNodeReason(viaCloudy.interior[0], (n) => g.labels[n]),
      "Cloudy is an observed common cause (a fork): it blocks the path",
    );
    assert.equal(viaWet.interior[0].kind, "collider");
    assert.equal(viaWet.active, true);
    assert.equal(
      trailNodeReason(viaWet.interior[0], (n) => g.labels[n]),
      "collider Wet grass is observed: it opens the path (explaining away)",
    );
    // Cloudy to Wet grass: two trails, each with a chain node.
    assert.equal(trailsBetween(g, "cloudy", "wet", given()).length, 2);
  });
});

/** Random DAGs: nodes n0…n(k−1), each edge i → j (i < j) present with probability `density`. */
function randomDag(rng: Rng, size: number, density: number): Dag {
  const nodes = Array.from({ length: size }, (_, i) => `n${i}`);
  const edges: [string, string][] = [];
  for (let j = 0; j < size; j++) for (let i = 0; i < j; i++) if (rng() < density) edges.push([nodes[i], nodes[j]]);
  return { nodes, edges };
}

const testGraphs = (): Dag[] => {
  const rng = mulberry32(17);
  return [...EXAMPLE_NETWORKS, ...Array.from({ length: 12 }, (_, i) => randomDag(rng, 5 + (i % 2), 0.45))];
};

test("the reachability algorithm agrees with 'every trail is blocked', for every pair and every observed set", () => {
  let cases = 0;
  for (const g of testGraphs()) {
    for (const x of g.nodes) {
      for (const y of g.nodes) {
        if (x >= y) continue;
        for (const z of subsets(g.nodes.filter((n) => n !== x && n !== y))) {
          const observed = new Set(z);
          const byTrails = trailsBetween(g, x, y, observed).every((t) => !t.active);
          assert.equal(dSeparated(g, x, y, observed), byTrails, `${x}, ${y} | {${z.join(", ")}} in ${JSON.stringify(g.edges)}`);
          assert.equal(dSeparated(g, y, x, observed), byTrails, "symmetric");
          cases++;
        }
      }
    }
  }
  assert.ok(cases > 1000, `${cases} cases`);
});

// ── The numeric check: brute-force enumeration of the joint of binary variables. ──

/** p1[node][parent configuration] = P(node = 1 | parents), the parents' values read as a binary number in the order of `parentsOf`. */
function randomTables(g: Dag, rng: Rng): Map<string, number[]> {
  const tables = new Map<string, number[]>();
  for (const node of g.nodes) {
    const parents = g.edges.filter(([, to]) => to === node).length;
    tables.set(
      node,
      Array.from({ length: 2 ** parents }, () => 0.05 + 0.9 * rng()),
    );
  }
  return tables;
}

/** The joint P(x) for every assignment (bit i of the index = value of g.nodes[i]): the product of the conditionals. */
function enumerateJoint(g: Dag, tables: Map<string, number[]>): Float64Array {
  const n = g.nodes.length;
  const index = new Map(g.nodes.map((node, i) => [node, i]));
  const joint = new Float64Array(2 ** n);
  for (let assignment = 0; assignment < 2 ** n; assignment++) {
    let p = 1;
    for (const node of g.nodes) {
      const parents = g.edges.filter(([, to]) => to === node).map(([from]) => index.get(from)!);
      const row = parents.reduce((acc, parent, k) => acc | (((assignment >> parent) & 1) << k), 0);
      const p1 = tables.get(node)![row];
      p *= (assignment >> index.get(node)!) & 1 ? p1 : 1 - p1;
    }
    joint[assignment] = p;
  }
  return joint;
}

/** max over z (with P(z) > 0) and over the values of x and y of |P(x, y | z) − P(x | z) P(y | z)|. */
function independenceGap(g: Dag, joint: Float64Array, x: string, y: string, z: readonly string[]): number {
  const bit = (node: string) => g.nodes.indexOf(node);
  let gap = 0;
  for (let zValues = 0; zValues < 2 ** z.length; zValues++) {
    const matchesZ = (a: number) => z.every((node, k) => ((a >> bit(node)) & 1) === ((zValues >> k) & 1));
    const pxy = [
      [0, 0],
      [0, 0],
    ];
    let pz = 0;
    joint.forEach((p, a) => {
      if (!matchesZ(a)) return;
      pz += p;
      pxy[(a >> bit(x)) & 1][(a >> bit(y)) & 1] += p;
    });
    if (pz === 0) continue;
    for (const xv of [0, 1]) {
      for (const yv of [0, 1]) {
        const px = (pxy[xv][0] + pxy[xv][1]) / pz;
        const py = (pxy[0][yv] + pxy[1][yv]) / pz;
        gap = Math.max(gap, Math.abs(pxy[xv][yv] / pz - px * py));
      }
    }
  }
  return gap;
}

test("numeric check: d-separated ⇒ independent to 1e-12 for random tables; d-connected ⇒ dependent for some tables", () => {
  const rng = mulberry32(2026);
  let separated = 0;
  let connected = 0;
  for (const g of testGraphs()) {
    const joints = Array.from({ length: 4 }, () => enumerateJoint(g, randomTables(g, rng)));
    for (const joint of joints) assert.ok(Math.abs(joint.reduce((a, b) => a + b, 0) - 1) < 1e-12, "the joint sums to 1");
    for (const x of g.nodes) {
      for (const y of g.nodes) {
        if (x >= y) continue;
        for (const z of subsets(g.nodes.filter((n) => n !== x && n !== y))) {
          const gaps = joints.map((joint) => independenceGap(g, joint, x, y, z));
          const what = `${x} ⊥ ${y} | {${z.join(", ")}} in ${JSON.stringify(g.edges)}`;
          if (dSeparated(g, x, y, new Set(z))) {
            separated++;
            for (const gap of gaps) assert.ok(gap < 1e-12, `${what}: d-separated but the gap is ${gap}`);
          } else {
            connected++;
            assert.ok(Math.max(...gaps) > 1e-6, `${what}: d-connected but independent for every table (gaps ${gaps.join(", ")})`);
          }
        }
      }
    }
  }
  assert.ok(separated > 100 && connected > 100, `${separated} separated and ${connected} connected cases`);
});
