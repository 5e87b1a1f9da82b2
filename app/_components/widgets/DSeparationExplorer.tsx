"use client";
import { useId, useState } from "react";
import { Button } from "@/app/_components/Button";
import { dSeparated, type Trail, trailNodeReason, trailsBetween } from "@/lib/ml/graphical/d-separation";
import { EXAMPLE_NETWORKS, type ExampleNetwork } from "@/lib/ml/graphical/example-networks";

/*
 * d-separation, path by path (lib/ml/graphical/d-separation.ts): pick a network and two variables,
 * click variables to observe them (shaded). The verdict comes from the reachability algorithm
 * (Koller & Friedman, Alg. 3.1); below it, every path between the two variables with each middle
 * node judged — a chain or fork node blocks when observed, a collider blocks unless it or a
 * descendant is observed. The chosen path is drawn on the graph: green solid when active, red dashed
 * when blocked. Nodes are buttons (Enter or Space toggles), and the verdict is announced.
 */

const W = 300;
const H = 200;
const RY = 17;
/** Edge colours (whole class names, so that Tailwind sees them): off the chosen path, on an active one, on a blocked one. */
const EDGE_STROKE = { plain: "stroke-slate-400", active: "stroke-green-700", blocked: "stroke-red-600" } as const;
const EDGE_FILL = { plain: "fill-slate-400", active: "fill-green-700", blocked: "fill-red-600" } as const;
const rx = (label: string) => Math.max(RY, label.length * 3.7 + 10);

/** Where the segment from the centre of ellipse (c, a, b) towards `towards` leaves it. */
function exitPoint(c: readonly [number, number], a: number, b: number, towards: readonly [number, number]): [number, number] {
  const dx = towards[0] - c[0];
  const dy = towards[1] - c[1];
  const t = 1 / Math.hypot(dx / a, dy / b);
  return [c[0] + t * dx, c[1] + t * dy];
}

/** The drawing's box: the full width, and the height the network's rows need. */
function viewBox(net: ExampleNetwork): string {
  const ys = Object.values(net.positions).map(([, y]) => y);
  const top = Math.max(0, Math.min(...ys) - RY - 8);
  return `0 ${top} ${W} ${Math.min(H, Math.max(...ys) + RY + 8) - top}`;
}

const arrowText = (net: ExampleNetwork, trail: Trail) =>
  trail.nodes.map((n, i) => (i === 0 ? net.labels[n] : `${trail.forward[i - 1] ? "→" : "←"} ${net.labels[n]}`)).join(" ");

export function DSeparationExplorer() {
  const id = useId();
  const [netIndex, setNetIndex] = useState(0);
  const net = EXAMPLE_NETWORKS[netIndex];
  const [pair, setPair] = useState<readonly [string, string]>(net.defaultPair);
  const [observed, setObserved] = useState<ReadonlySet<string>>(new Set());
  const [shownTrail, setShownTrail] = useState(0);
  const [focused, setFocused] = useState<string | null>(null);
  const [notice, setNotice] = useState("");

  const label = (n: string) => net.labels[n];
  const [x, y] = pair;
  const separated = dSeparated(net, x, y, observed);
  const trails = trailsBetween(net, x, y, observed);
  const shown = trails[Math.min(shownTrail, trails.length - 1)] ?? null;
  const activeCount = trails.filter((t) => t.active).length;

  const chooseNetwork = (index: number) => {
    setNetIndex(index);
    setPair(EXAMPLE_NETWORKS[index].defaultPair);
    setObserved(new Set());
    setShownTrail(0);
    setNotice("");
  };
  const choose = (slot: 0 | 1, node: string) => {
    const other = pair[1 - slot];
    setPair(slot === 0 ? [node, node === other ? pair[0] : other] : [node === other ? pair[1] : other, node]);
    setObserved((o) => new Set([...o].filter((n) => n !== node)));
    setShownTrail(0);
    setNotice("");
  };
  const toggle = (node: string) => {
    if (pair.includes(node)) {
      setNotice(`${label(node)} is one of the two variables asked about; choose another pair to observe it.`);
      return;
    }
    setNotice("");
    setObserved((o) => {
      const next = new Set(o);
      if (next.has(node)) next.delete(node);
      else next.add(node);
      return next;
    });
  };

  const observedNames = net.nodes.filter((n) => observed.has(n)).map(label);
  const givenText = observedNames.length === 0 ? "with nothing observed" : `given {${observedNames.join(", ")}}`;
  const verdict =
    trails.length === 0
      ? `${label(x)} and ${label(y)} are not joined by any path: they are d-separated.`
      : separated
        ? `${label(x)} and ${label(y)} are d-separated ${givenText}: every path between them is blocked, so ${label(x)} ⊥ ${label(y)}${observedNames.length > 0 ? ` | ${observedNames.join(", ")}` : ""} for every choice of the probability tables.`
        : `${label(x)} and ${label(y)} are d-connected ${givenText}: ${activeCount} of ${trails.length} ${trails.length === 1 ? "path is" : "paths are"} active, so they are dependent for almost every choice of the probability tables.`;

  // Edges of the path drawn on the graph, as "from>to".
  const onShown = new Set(shown ? shown.nodes.slice(1).map((n, i) => (shown.forward[i] ? `${shown.nodes[i]}>${n}` : `${n}>${shown.nodes[i]}`)) : []);
  const blocking = new Set(shown ? shown.interior.filter((s) => !s.open).map((s) => s.node) : []);

  return (
    <figure className="my-6 rounded-xl border border-line bg-white p-4 shadow-sm" aria-labelledby={`${id}-title`} data-testid="dsep-explorer">
      <figcaption id={`${id}-title`} className="text-base font-semibold text-ink">
        Try it: d-separation, path by path
      </figcaption>
      <p className="!mt-1 !mb-3 text-sm text-muted">
        Choose a network and two variables, then click variables to observe them. Each path between the two is blocked or active; they are d-separated when
        every path is blocked.
      </p>

      <div className="flex flex-wrap gap-1.5" role="group" aria-label="Network">
        {EXAMPLE_NETWORKS.map((n, i) => (
          <Button key={n.id} size="sm" variant={i === netIndex ? "primary" : "secondary"} aria-pressed={i === netIndex} onClick={() => chooseNetwork(i)}>
            {n.title}
          </Button>
        ))}
      </div>
      <p className="!my-2 text-sm text-muted">{net.note}</p>

      <div className="flex flex-wrap gap-4 text-sm">
        {(["First variable", "Second variable"] as const).map((text, slot) => (
          <label key={text} className="flex items-center gap-2">
            {text}
            <select
              className="rounded-md border border-line bg-white px-2 py-1"
              value={pair[slot]}
              onChange={(e) => choose(slot as 0 | 1, e.target.value)}
              data-testid={`dsep-variable-${slot + 1}`}
            >
              {net.nodes.map((n) => (
                <option key={n} value={n}>
                  {label(n)}
                </option>
              ))}
            </select>
          </label>
        ))}
      </div>

      <svg
        viewBox={viewBox(net)}
        className="mt-3 h-auto w-full max-w-[360px]"
        role="group"
        aria-label={`The ${net.title} network; each variable is a button that observes it`}
      >
        {net.edges.map(([from, to]) => {
          const p = net.positions[from];
          const q = net.positions[to];
          const start = exitPoint(p, rx(label(from)) + 2, RY + 2, q);
          const end = exitPoint(q, rx(label(to)) + 3, RY + 3, p);
          const len = Math.hypot(end[0] - start[0], end[1] - start[1]);
          const [ux, uy] = [(end[0] - start[0]) / len, (end[1] - start[1]) / len];
          const onPath = onShown.has(`${from}>${to}`);
          const tone = !onPath ? "plain" : shown?.active ? "active" : "blocked";
          const head = `${end[0]},${end[1]} ${end[0] - 9 * ux + 4.5 * uy},${end[1] - 9 * uy - 4.5 * ux} ${end[0] - 9 * ux - 4.5 * uy},${end[1] - 9 * uy + 4.5 * ux}`;
          return (
            <g key={`${from}>${to}`} aria-hidden="true">
              <line
                x1={start[0]}
                y1={start[1]}
                x2={end[0] - 7 * ux}
                y2={end[1] - 7 * uy}
                className={EDGE_STROKE[tone]}
                strokeWidth={onPath ? 3 : 1.5}
                strokeDasharray={onPath && !shown?.active ? "6 4" : undefined}
              />
              <polygon points={head} className={EDGE_FILL[tone]} />
            </g>
          );
        })}
        {net.nodes.map((n) => {
          const [cx, cy] = net.positions[n];
          const asked = pair.includes(n);
          const isObserved = observed.has(n);
          const fill = isObserved ? "fill-slate-300" : asked ? "fill-brand-50" : "fill-white";
          const stroke = asked ? "stroke-brand-600" : blocking.has(n) ? "stroke-red-600" : "stroke-slate-600";
          return (
            <g
              key={n}
              role="button"
              tabIndex={0}
              aria-pressed={isObserved}
              aria-disabled={asked || undefined}
              aria-label={asked ? `${label(n)} (asked about)` : `Observe ${label(n)}`}
              data-testid={`dsep-node-${n}`}
              className="cursor-pointer focus:outline-none"
              onClick={() => toggle(n)}
              onKeyDown={(e) => {
                if (e.key === "Enter" || e.key === " ") {
                  e.preventDefault();
                  toggle(n);
                }
              }}
              onFocus={() => setFocused(n)}
              onBlur={() => setFocused((f) => (f === n ? null : f))}
            >
              {focused === n && (
                <ellipse cx={cx} cy={cy} rx={rx(label(n)) + 5} ry={RY + 5} className="fill-none stroke-brand-600" strokeWidth={2} strokeDasharray="3 2" />
              )}
              <ellipse
                cx={cx}
                cy={cy}
                rx={rx(label(n))}
                ry={RY}
                className={`${fill} ${stroke}`}
                strokeWidth={asked ? 3 : blocking.has(n) ? 2.5 : 1.5}
                strokeDasharray={blocking.has(n) && !asked ? "4 3" : undefined}
              />
              <text x={cx} y={cy + 4} textAnchor="middle" fontSize={label(n).length > 1 ? 12 : 14} className="pointer-events-none fill-slate-900 select-none">
                {label(n)}
              </text>
            </g>
          );
        })}
      </svg>
      <p className="!my-1 text-xs text-muted">
        Shaded: observed. Thick indigo outline: the two variables asked about. On the chosen path, green solid edges: active; red dashed: blocked, with the
        blocking variable outlined in red dashes.
      </p>

      <div className="mt-2 flex flex-wrap items-center gap-3">
        <Button size="sm" variant="ghost" disabled={observed.size === 0} onClick={() => setObserved(new Set())}>
          Clear the observations
        </Button>
      </div>

      <p
        className={`!my-2 rounded-md px-3 py-2 text-sm font-medium ${separated ? "bg-green-50 text-green-800" : "bg-amber-50 text-amber-900"}`}
        aria-live="polite"
        data-testid="dsep-verdict"
        data-separated={separated}
      >
        {notice ? `${notice} ` : ""}
        {verdict}
      </p>

      {trails.length > 0 && (
        <>
          <h3 className="!mt-3 !mb-1 text-sm font-semibold text-ink">
            Paths between {label(x)} and {label(y)} (choose one to draw it)
          </h3>
          <ol className="!my-1 !space-y-1.5 !pl-0 list-none">
            {trails.map((t, i) => (
              <li key={t.nodes.join()} data-testid="dsep-trail" data-active={t.active}>
                <button
                  type="button"
                  aria-pressed={t === shown}
                  onClick={() => setShownTrail(i)}
                  onMouseEnter={() => setShownTrail(i)}
                  onFocus={() => setShownTrail(i)}
                  className={`w-full rounded-md border px-3 py-1.5 text-left text-sm ${t === shown ? "border-brand-600 bg-brand-50" : "border-line bg-white hover:bg-slate-50"}`}
                >
                  <span className="font-medium">{arrowText(net, t)}</span>
                  {": "}
                  <span className={t.active ? "font-semibold text-green-700" : "font-semibold text-red-700"}>{t.active ? "active" : "blocked"}</span>
                  {t.interior.length > 0 && (
                    <span className="block text-xs text-muted">
                      {t.interior.map((step) => trailNodeReason(step, label)).join("; ")}
                      {"."}
                    </span>
                  )}
                  {t.interior.length === 0 && <span className="block text-xs text-muted">A direct edge: nothing can block it.</span>}
                </button>
              </li>
            ))}
          </ol>
        </>
      )}
    </figure>
  );
}
