import type { ReactNode } from "react";
import { Arrow, circle, Diagram, Edge, Label, link, Node, type Circle } from "./primitives";

/*
 * Boltzmann machines as graphs: the fully visible BM of the worked example (weights W₁₂ = −1, W₁₃ = −1,
 * W₂₃ = 2, bias b₂ = 1; errata 6 and 7), the RBM (Smolensky 1986; Hinton 2002), the DBM (Salakhutdinov &
 * Hinton 2009) and the DBN (Hinton, Osindero & Teh 2006). Observed units are shaded.
 */

/** n units spaced `gap` apart in a row centred on cx. */
function layer(n: number, cx: number, y: number, gap: number, r = 22): Circle[] {
  return Array.from({ length: n }, (_, i) => circle(cx + (i - (n - 1) / 2) * gap, y, r));
}

/** Every pair (a, b) with a from the first layer and b from the second. */
function pairs(a: readonly Circle[], b: readonly Circle[]): [Circle, Circle][] {
  return a.flatMap((p) => b.map((q): [Circle, Circle] => [p, q]));
}

/** Units x₁, x₂, x₃, all observed, every pair connected by an undirected, weighted edge. */
export function FullyVisibleBoltzmannDiagram() {
  const x1 = circle(210, 58, 26);
  const x2 = circle(92, 214, 26);
  const x3 = circle(328, 214, 26);
  return (
    <Diagram
      id="fvbm-diagram"
      width={420}
      height={280}
      title="Diagram of the three-unit fully visible Boltzmann machine"
      desc="A fully visible Boltzmann machine with three observed units x₁, x₂ and x₃. Every pair of units is joined by an undirected edge with a symmetric weight: W₁₂ = −1 between x₁ and x₂, W₁₃ = −1 between x₁ and x₃, and W₂₃ = 2 between x₂ and x₃. Unit x₂ has bias b₂ = 1; the other biases are 0."
      caption="The worked example as a graph: three visible units, fully connected by undirected edges. The negative weights favour $x_1$ disagreeing with $x_2$ and $x_3$; the positive $W_{23}$ favours $x_2$ and $x_3$ agreeing, and the bias $b_2$ pushes $x_2$ towards +1."
    >
      <Edge {...link(x1, x2)} />
      <Edge {...link(x1, x3)} />
      <Edge {...link(x2, x3)} />
      <Label x={138} y={128} math="W_{12} = −1" anchor="end" />
      <Label x={282} y={128} math="W_{13} = −1" anchor="start" />
      <Label x={210} y={238} math="W_{23} = 2" />
      <Label x={92} y={262} math="b_2 = 1" size={17} tone="muted" />
      <Node at={x1} math="x_1" observed />
      <Node at={x2} math="x_2" observed />
      <Node at={x3} math="x_3" observed />
    </Diagram>
  );
}

/** Hidden units h above visible units v; an undirected edge between every v and every h, none within a layer. */
export function RbmDiagram() {
  const h = layer(3, 270, 60, 110);
  const v = layer(4, 270, 200, 100);
  return (
    <Diagram
      id="rbm-diagram"
      width={520}
      height={260}
      title="Diagram of a restricted Boltzmann machine"
      desc="A restricted Boltzmann machine drawn as a bipartite graph: a row of three hidden units h₁, h₂, h₃ above a row of four observed visible units v₁ to v₄. An undirected edge with a weight joins every visible unit to every hidden unit; there are no edges between two visible units or between two hidden units. The hidden units have biases a and the visible units biases b."
      caption="An RBM is bipartite: every visible unit is connected to every hidden unit by a weight $W_{ij}$, and no two units in the same layer are connected. That restriction makes the hidden units independent given $v$, and the visible units independent given $h$."
    >
      {pairs(v, h).map(([a, b], i) => (
        <Edge key={i} {...link(a, b)} />
      ))}
      <Label x={92} y={60} text="hidden" math="h" anchor="end" />
      <Label x={92} y={200} text="visible" math="v" anchor="end" />
      <Label x={92} y={130} math="W" anchor="end" tone="muted" />
      <Label x={412} y={60} text="biases" math="a" anchor="start" size={15} tone="muted" />
      <Label x={452} y={200} text="biases" math="b" anchor="start" size={15} tone="muted" />
      {h.map((c, i) => (
        <Node key={`h${i}`} at={c} math={`h_${i + 1}`} />
      ))}
      {v.map((c, i) => (
        <Node key={`v${i}`} at={c} math={`v_${i + 1}`} observed />
      ))}
    </Diagram>
  );
}

/** Rows of units from the top (the last row is the visible layer v), each pair of adjacent rows fully connected. */
function LayeredNet({ id, rows, directedBelow, children }: { id: string; rows: readonly Circle[][]; directedBelow: number; children?: ReactNode }) {
  const depth = rows.length - 1;
  return (
    <>
      {rows
        .slice(1)
        .map((below, k) =>
          pairs(rows[k], below).map(([a, b], i) =>
            k >= directedBelow ? <Arrow key={`${k}-${i}`} diagram={id} {...link(a, b)} /> : <Edge key={`${k}-${i}`} {...link(a, b)} />,
          ),
        )}
      {rows.map((row, k) => (
        <g key={k}>
          <Label x={92} y={row[0].y} math={k === depth ? "v" : `h^${depth - k}`} anchor="end" />
          {k < depth && <Label x={92} y={(row[0].y + rows[k + 1][0].y) / 2} math={`W^${depth - k}`} anchor="end" tone="muted" />}
          {row.map((c, i) => (
            <Node key={i} at={c} math={k === depth ? `v_${i + 1}` : `h^${depth - k}_${i + 1}`} observed={k === depth} />
          ))}
        </g>
      ))}
      {children}
    </>
  );
}

/** Visible v, hidden h¹ and h², every connection between adjacent layers undirected. */
export function DbmDiagram() {
  const rows = [layer(3, 270, 52, 110), layer(3, 270, 172, 110), layer(4, 270, 292, 100)];
  return (
    <Diagram
      id="dbm-diagram"
      width={520}
      height={336}
      title="Diagram of a deep Boltzmann machine"
      desc="A deep Boltzmann machine with three layers: hidden layers h² at the top and h¹ in the middle, and the observed visible layer v at the bottom. Every unit of v is joined to every unit of h¹ by an undirected edge with weights W¹, and every unit of h¹ to every unit of h² by an undirected edge with weights W²; there are no edges within a layer or between v and h²."
      caption="A DBM stacks RBMs into one undirected model: each middle unit hears both the layer below and the layer above, so inference combines bottom-up and top-down signals."
    >
      <LayeredNet id="dbm-diagram" rows={rows} directedBelow={rows.length} />
    </Diagram>
  );
}

/** Layers v, h¹, h², h³: the top pair (h², h³) undirected, directed arrows from h² down to h¹ and from h¹ down to v. */
export function DbnDiagram() {
  const rows = [layer(3, 270, 52, 110), layer(3, 270, 160, 110), layer(3, 270, 268, 110), layer(4, 270, 376, 100)];
  return (
    <Diagram
      id="dbn-diagram"
      width={520}
      height={420}
      title="Diagram of a deep belief network"
      desc="A deep belief network with four layers: hidden layers h³, h² and h¹ from the top, and the observed visible layer v at the bottom. The top two layers, h³ and h², are joined by undirected edges and form an RBM. Below them every edge is a directed arrow pointing down: from each unit of h² to each unit of h¹, and from each unit of h¹ to each unit of v."
      caption="A DBN is a hybrid: its top two layers form an undirected RBM, and each layer below is generated from the one above by directed links $p(h^{l−1} | h^l)$, ending at the visible units. Sampling is a run of Gibbs sampling in the top RBM, then a single pass down."
    >
      <LayeredNet id="dbn-diagram" rows={rows} directedBelow={1}>
        <Label x={440} y={106} text="RBM" size={15} tone="muted" anchor="start" />
        <Label x={440} y={214} text="directed" size={15} tone="muted" anchor="start" />
        <Label x={440} y={322} text="directed" size={15} tone="muted" anchor="start" />
      </LayeredNet>
    </Diagram>
  );
}
