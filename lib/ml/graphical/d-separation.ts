/**
 * d-separation in a Bayesian network (a directed acyclic graph), two ways:
 * - reachableNodes: the "Bayes ball" reachability of Koller & Friedman, "Probabilistic Graphical
 *   Models" (2009), Algorithm 3.1 — every node an active trail from the source reaches, given the
 *   observed set Z; dSeparated(x, y | Z) is "y is not reachable from x";
 * - trailsBetween: every trail (simple path in the undirected skeleton) from x to y, each interior
 *   node classified as a chain, fork or collider and marked blocking or not (Bishop, "Pattern
 *   Recognition and Machine Learning" (2006), §8.2.2). x and y are d-separated given Z exactly when
 *   every trail is blocked, which is what the widget shows path by path.
 * Pure: no DOM or Node APIs.
 */

/** A directed acyclic graph: node names and parent → child edges. */
export interface Dag {
  nodes: readonly string[];
  edges: readonly (readonly [from: string, to: string])[];
}

const parentsOf = (dag: Dag, node: string) => dag.edges.filter(([, to]) => to === node).map(([from]) => from);
const childrenOf = (dag: Dag, node: string) => dag.edges.filter(([from]) => from === node).map(([, to]) => to);

/** The node's descendants (children, their children, …), the node itself excluded. */
export function descendants(dag: Dag, node: string): Set<string> {
  const found = new Set<string>();
  const stack = childrenOf(dag, node);
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (found.has(next)) continue;
    found.add(next);
    stack.push(...childrenOf(dag, next));
  }
  return found;
}

function checkNodes(dag: Dag, names: Iterable<string>): void {
  for (const name of names) if (!dag.nodes.includes(name)) throw new RangeError(`"${name}" is not a node of the graph.`);
}

/**
 * Koller & Friedman's Algorithm 3.1: the nodes reachable from `source` through a trail that is
 * active given `observed` (the source itself included unless observed). Phase 1 marks the observed
 * nodes and their ancestors (a collider is open when it is one of these: observed, or with an
 * observed descendant); phase 2 walks (node, direction) pairs, "up" when arriving from a child and
 * "down" when arriving from a parent.
 */
export function reachableNodes(dag: Dag, source: string, observed: ReadonlySet<string>): Set<string> {
  checkNodes(dag, [source, ...observed]);
  // Phase 1: the observed nodes and all their ancestors.
  const openColliders = new Set<string>();
  const toVisit = [...observed];
  while (toVisit.length > 0) {
    const node = toVisit.pop()!;
    if (openColliders.has(node)) continue;
    openColliders.add(node);
    toVisit.push(...parentsOf(dag, node));
  }
  // Phase 2: breadth over (node, direction).
  const reachable = new Set<string>();
  const visited = new Set<string>();
  const queue: [string, "up" | "down"][] = [[source, "up"]];
  while (queue.length > 0) {
    const [node, direction] = queue.shift()!;
    const key = `${direction}:${node}`;
    if (visited.has(key)) continue;
    visited.add(key);
    if (!observed.has(node)) reachable.add(node);
    if (direction === "up" && !observed.has(node)) {
      // Arrived from a child: on through a chain (to a parent) or a fork (to another child).
      for (const parent of parentsOf(dag, node)) queue.push([parent, "up"]);
      for (const child of childrenOf(dag, node)) queue.push([child, "down"]);
    } else if (direction === "down") {
      // Arrived from a parent: on down a chain if unobserved; back up through a collider if it is open.
      if (!observed.has(node)) for (const child of childrenOf(dag, node)) queue.push([child, "down"]);
      if (openColliders.has(node)) for (const parent of parentsOf(dag, node)) queue.push([parent, "up"]);
    }
  }
  return reachable;
}

/** Whether x and y (two different unobserved nodes) are d-separated given the observed set. */
export function dSeparated(dag: Dag, x: string, y: string, observed: ReadonlySet<string>): boolean {
  checkNodes(dag, [x, y]);
  if (x === y) throw new RangeError("d-separation needs two different nodes.");
  if (observed.has(x) || observed.has(y)) throw new RangeError("The two nodes asked about must not be observed.");
  return !reachableNodes(dag, x, observed).has(y);
}

/** How a trail passes an interior node b: a → b → c (chain, either way), a ← b → c (fork) or a → b ← c (collider). */
export type TrailNodeKind = "chain" | "fork" | "collider";

/** One interior node of a trail and whether it lets the trail through. */
export interface TrailNode {
  node: string;
  kind: TrailNodeKind;
  observed: boolean;
  /** For a collider that is not observed: an observed descendant that opens it, if any. */
  observedDescendant: string | null;
  /** True when this node lets the trail through. */
  open: boolean;
}

export interface Trail {
  /** The trail's nodes from x to y. */
  nodes: string[];
  /** forward[i]: whether the edge between nodes[i] and nodes[i + 1] points towards y (nodes[i] → nodes[i + 1]). */
  forward: boolean[];
  /** Its interior nodes, in order. */
  interior: TrailNode[];
  /** Active: every interior node lets it through. */
  active: boolean;
}

/**
 * Every trail between x and y (simple paths of the undirected skeleton, in depth-first order of the
 * edge list), each interior node judged by the d-separation rules: a chain or fork node blocks when
 * observed; a collider blocks unless it or one of its descendants is observed.
 */
export function trailsBetween(dag: Dag, x: string, y: string, observed: ReadonlySet<string>): Trail[] {
  checkNodes(dag, [x, y, ...observed]);
  const hasEdge = (from: string, to: string) => dag.edges.some(([a, b]) => a === from && b === to);
  const neighbours = (node: string) => [...new Set([...childrenOf(dag, node), ...parentsOf(dag, node)])];
  const trails: Trail[] = [];
  const walk = (path: string[]) => {
    const last = path[path.length - 1];
    if (last === y) {
      trails.push(judge(path));
      return;
    }
    for (const next of neighbours(last)) if (!path.includes(next)) walk([...path, next]);
  };
  const judge = (nodes: string[]): Trail => {
    const forward = nodes.slice(1).map((to, i) => hasEdge(nodes[i], to));
    const interior = nodes.slice(1, -1).map((node, k): TrailNode => {
      const into = forward[k]; // previous → node
      const outOf = forward[k + 1]; // node → next
      const kind: TrailNodeKind = into && !outOf ? "collider" : !into && outOf ? "fork" : "chain";
      const isObserved = observed.has(node);
      if (kind !== "collider") return { node, kind, observed: isObserved, observedDescendant: null, open: !isObserved };
      const descendant = isObserved ? null : ([...descendants(dag, node)].find((d) => observed.has(d)) ?? null);
      return { node, kind, observed: isObserved, observedDescendant: descendant, open: isObserved || descendant !== null };
    });
    return { nodes, forward, interior, active: interior.every((n) => n.open) };
  };
  if (x !== y) walk([x]);
  return trails;
}

/** Why an interior node blocks the trail or lets it through, in words ("b is observed in a chain"). */
export function trailNodeReason(step: TrailNode, name: (node: string) => string = (n) => n): string {
  const b = name(step.node);
  switch (step.kind) {
    case "chain":
      return step.observed ? `${b} is observed in a chain: it blocks the path` : `${b} is not observed in a chain: the path passes through`;
    case "fork":
      return step.observed
        ? `${b} is an observed common cause (a fork): it blocks the path`
        : `${b} is an unobserved common cause (a fork): the path passes through`;
    case "collider":
      if (step.observed) return `collider ${b} is observed: it opens the path (explaining away)`;
      if (step.observedDescendant !== null) return `collider ${b} has an observed descendant, ${name(step.observedDescendant)}: it opens the path`;
      return `collider ${b} with no observed descendant: it blocks the path`;
  }
}
