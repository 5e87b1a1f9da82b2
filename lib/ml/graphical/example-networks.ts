/**
 * Small Bayesian networks for the d-separation explorer: the three two-edge structures (chain, fork,
 * and a collider with a descendant, Bishop 2006 §8.2.1), the "sprinkler" network (Murphy; Russell &
 * Norvig, "Artificial Intelligence: A Modern Approach", 3rd ed. 2010, Fig. 14.12) and the burglary
 * alarm (Pearl 1988; Russell & Norvig Fig. 14.2). Positions are for a 300 × 200 drawing.
 */
import type { Dag } from "./d-separation";

export interface ExampleNetwork extends Dag {
  id: string;
  title: string;
  /** What the network shows, in a sentence. */
  note: string;
  labels: Readonly<Record<string, string>>;
  positions: Readonly<Record<string, readonly [x: number, y: number]>>;
  /** The pair asked about when the network is chosen. */
  defaultPair: readonly [string, string];
}

export const EXAMPLE_NETWORKS: readonly ExampleNetwork[] = [
  {
    id: "chain",
    title: "Chain a → b → c",
    note: "Information flows along the chain unless the middle variable is observed.",
    nodes: ["a", "b", "c"],
    edges: [
      ["a", "b"],
      ["b", "c"],
    ],
    labels: { a: "a", b: "b", c: "c" },
    positions: { a: [45, 100], b: [150, 100], c: [255, 100] },
    defaultPair: ["a", "c"],
  },
  {
    id: "fork",
    title: "Fork a ← b → c",
    note: "A common cause makes its effects dependent, until the cause itself is observed.",
    nodes: ["a", "b", "c"],
    edges: [
      ["b", "a"],
      ["b", "c"],
    ],
    labels: { a: "a", b: "b", c: "c" },
    positions: { a: [60, 160], b: [150, 45], c: [240, 160] },
    defaultPair: ["a", "c"],
  },
  {
    id: "collider",
    title: "Collider a → b ← c, with b → d",
    note: "Two independent causes become dependent once their common effect, or a descendant of it, is observed.",
    nodes: ["a", "b", "c", "d"],
    edges: [
      ["a", "b"],
      ["c", "b"],
      ["b", "d"],
    ],
    labels: { a: "a", b: "b", c: "c", d: "d" },
    positions: { a: [60, 35], c: [240, 35], b: [150, 105], d: [150, 172] },
    defaultPair: ["a", "c"],
  },
  {
    id: "sprinkler",
    title: "Sprinkler",
    note: "Two paths join Sprinkler and Rain: a fork through Cloudy and a collider at Wet grass.",
    nodes: ["cloudy", "sprinkler", "rain", "wet"],
    edges: [
      ["cloudy", "sprinkler"],
      ["cloudy", "rain"],
      ["sprinkler", "wet"],
      ["rain", "wet"],
    ],
    labels: { cloudy: "Cloudy", sprinkler: "Sprinkler", rain: "Rain", wet: "Wet grass" },
    positions: { cloudy: [150, 30], sprinkler: [62, 100], rain: [238, 100], wet: [150, 170] },
    defaultPair: ["sprinkler", "rain"],
  },
  {
    id: "burglary",
    title: "Burglary alarm",
    note: "A burglary or an earthquake sets off the alarm; John and Mary each call when they hear it.",
    nodes: ["burglary", "earthquake", "alarm", "john", "mary"],
    edges: [
      ["burglary", "alarm"],
      ["earthquake", "alarm"],
      ["alarm", "john"],
      ["alarm", "mary"],
    ],
    labels: { burglary: "Burglary", earthquake: "Earthquake", alarm: "Alarm", john: "John calls", mary: "Mary calls" },
    positions: { burglary: [70, 30], earthquake: [230, 30], alarm: [150, 100], john: [65, 170], mary: [235, 170] },
    defaultPair: ["burglary", "earthquake"],
  },
];
