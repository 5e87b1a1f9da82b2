import { Arrow, box, circle, Diagram, Edge, Label, link, Node, Plate } from "./primitives";

/*
 * Graphical models (Bishop, "Pattern Recognition and Machine Learning", 2006, ch. 8, 9, 12, 13): a small
 * Bayesian network and Markov random field, the GMM and probabilistic PCA as latent-variable models with a
 * plate over the N data points, and the HMM unrolled in time. Observed variables are shaded.
 */

/** x₁ → x₂, x₁ → x₃, x₂ → x₄ ← x₃, with its factorisation. */
export function BayesNetDiagram() {
  const id = "bayes-net-diagram";
  const x1 = circle(240, 44);
  const x2 = circle(140, 136);
  const x3 = circle(340, 136);
  const x4 = circle(240, 228);
  return (
    <Diagram
      id={id}
      width={480}
      height={310}
      title="Diagram of a small Bayesian network"
      desc="A Bayesian network with four variables. Arrows point from x₁ to x₂ and from x₁ to x₃, and from both x₂ and x₃ to x₄. The joint factorises as p(x₁) p(x₂ | x₁) p(x₃ | x₁) p(x₄ | x₂, x₃)."
      caption="A directed graph and its factorisation: one conditional per variable given its parents. Here $x_2$ and $x_3$ are independent given $x_1$, but observing their common child $x_4$ as well makes them dependent again (explaining away)."
    >
      <Arrow diagram={id} {...link(x1, x2)} />
      <Arrow diagram={id} {...link(x1, x3)} />
      <Arrow diagram={id} {...link(x2, x4)} />
      <Arrow diagram={id} {...link(x3, x4)} />
      <Node at={x1} math="x_1" />
      <Node at={x2} math="x_2" />
      <Node at={x3} math="x_3" />
      <Node at={x4} math="x_4" />
      <Label x={240} y={290} math="p(x) = p(x_1) p(x_2 | x_1) p(x_3 | x_1) p(x_4 | x_2, x_3)" size={17} />
    </Diagram>
  );
}

/** Two triangles sharing an edge: maximal cliques {x₁, x₂, x₃} and {x₂, x₃, x₄}. */
export function MrfDiagram() {
  const x1 = circle(100, 130);
  const x2 = circle(230, 50);
  const x3 = circle(230, 210);
  const x4 = circle(360, 130);
  return (
    <Diagram
      id="mrf-diagram"
      width={460}
      height={310}
      title="Diagram of a small Markov random field"
      desc="A Markov random field with four variables joined by undirected edges: x₁–x₂, x₁–x₃, x₂–x₃, x₂–x₄ and x₃–x₄. Its two maximal cliques are {x₁, x₂, x₃} and {x₂, x₃, x₄}, so p(x) = (1/Z) ψ₁(x₁, x₂, x₃) ψ₂(x₂, x₃, x₄). There is no edge between x₁ and x₄."
      caption="An undirected graph: two triangles sharing the edge $x_2$–$x_3$. The joint is a product of one potential per maximal clique, divided by the partition function $Z$. Every path from $x_1$ to $x_4$ passes through $x_2$ or $x_3$, so $x_1$ and $x_4$ are independent given {$x_2$, $x_3$}."
    >
      <Edge {...link(x1, x2)} />
      <Edge {...link(x1, x3)} />
      <Edge {...link(x2, x3)} />
      <Edge {...link(x2, x4)} />
      <Edge {...link(x3, x4)} />
      <Node at={x1} math="x_1" />
      <Node at={x2} math="x_2" />
      <Node at={x3} math="x_3" />
      <Node at={x4} math="x_4" />
      <Label x={230} y={286} math="p(x) = (1/Z) ψ_1(x_1, x_2, x_3) ψ_2(x_2, x_3, x_4)" size={17} />
    </Diagram>
  );
}

/** π → zₙ → xₙ ← (μₖ, Σₖ), with a plate over n = 1, …, N. */
export function GmmGraphicalDiagram() {
  const id = "gmm-graphical-diagram";
  const z = circle(240, 70, 26);
  const x = circle(240, 184, 26);
  return (
    <Diagram
      id={id}
      width={420}
      height={260}
      title="Graphical model of a Gaussian mixture"
      desc="The Gaussian mixture as a graphical model. Inside a plate repeated for n = 1 to N, a latent one-hot variable zₙ points to the observed data point xₙ. The mixing weights π point to every zₙ, and the means μₖ and covariances Σₖ, in a plate repeated for the K components, point to every xₙ."
      caption="A GMM as a directed graph. For each of the $N$ data points, a hidden component $z_n$ is drawn with probabilities $π$, then $x_n$ from that component's Gaussian with mean $μ_k$ and covariance $Σ_k$. The plates say that the pair is repeated $N$ times with shared parameters, and the Gaussian parameters $K$ times, once per component."
    >
      <Plate at={box(248, 130, 136, 232)} label="N" />
      <Plate at={box(84, 196, 104, 76)} label="K" />
      <Arrow diagram={id} from={[100, z.y]} to={[z.x - z.r - 2, z.y]} />
      <Arrow diagram={id} from={[118, 184]} to={[x.x - x.r - 2, 184]} />
      <Label x={84} y={z.y} math="π" />
      <Label x={74} y={184} math="μ_k, Σ_k" />
      <Node at={z} math="z_n" />
      <Node at={x} math="x_n" observed />
    </Diagram>
  );
}

/** zₙ ∼ N(0, I) → xₙ = W zₙ + μ + ε, ε ∼ N(0, σ² I), with a plate over n. */
export function PpcaDiagram() {
  const id = "ppca-diagram";
  const z = circle(230, 70, 26);
  const x = circle(230, 190, 26);
  return (
    <Diagram
      id={id}
      width={520}
      height={260}
      title="Graphical model of probabilistic PCA"
      desc="Probabilistic PCA as a graphical model. Inside a plate repeated for n = 1 to N, a latent variable zₙ drawn from N(0, I) points to the observed xₙ. The parameters W, μ and σ² point to every xₙ, which is drawn as xₙ = W zₙ + μ + ε with noise ε from N(0, σ² I)."
      caption="Probabilistic PCA: a linear-Gaussian latent-variable model. A low-dimensional code $z_n$ is mapped linearly by $W$, shifted by $μ$ and blurred with isotropic noise of variance $σ^2$. Its maximum-likelihood $W$ spans the same subspace as ordinary PCA."
    >
      <Plate at={box(230, 130, 120, 232)} label="N" />
      <Arrow diagram={id} {...link(z, x)} />
      <Arrow diagram={id} from={[112, x.y]} to={[x.x - x.r - 2, x.y]} />
      <Label x={100} y={x.y} math="W, μ, σ^2" anchor="end" size={17} />
      <Node at={z} math="z_n" />
      <Node at={x} math="x_n" observed />
      <Label x={316} y={70} math="z_n ∼ N(0, I)" anchor="start" />
      <Label x={316} y={178} math="x_n = W z_n + μ + ε" anchor="start" />
      <Label x={316} y={206} math="ε ∼ N(0, σ^2 I)" anchor="start" size={17} tone="muted" />
    </Diagram>
  );
}

/** z₁ → z₂ → z₃ → ⋯ → z_T, each zₜ → yₜ, the y observed. */
export function HmmTrellisDiagram() {
  const id = "hmm-graph-diagram";
  const xs = [60, 170, 280, 480];
  const z = xs.map((cx) => circle(cx, 64, 26));
  const y = xs.map((cx) => circle(cx, 184, 26));
  const names = ["1", "2", "3", "T"];
  return (
    <Diagram
      id={id}
      width={540}
      height={240}
      title="Graphical model of a hidden Markov model"
      desc="A hidden Markov model unrolled in time: a chain of hidden states z₁ → z₂ → z₃ → … → zT, each pointing to the next, and from every hidden state zₜ an arrow down to its observation yₜ. The observations y₁, y₂, y₃, …, yT are observed and shaded; the states are hidden."
      caption="An HMM as a graph. The hidden states form a Markov chain with transition probabilities $A$; each observation depends only on the current state, through the emission probabilities $b$. Only the $y_t$ are observed (shaded)."
    >
      <Arrow diagram={id} {...link(z[0], z[1])} />
      <Arrow diagram={id} {...link(z[1], z[2])} />
      <Arrow diagram={id} from={[z[2].x + 28, 64]} to={[352, 64]} />
      <Arrow diagram={id} from={[408, 64]} to={[z[3].x - 28, 64]} />
      <Label x={380} y={64} math="⋯" />
      <Label x={380} y={184} math="⋯" />
      <Label x={115} y={46} math="A" size={17} tone="muted" />
      <Label x={48} y={124} math="b" size={17} anchor="end" tone="muted" />
      {z.map((c, i) => (
        <Arrow key={`e${i}`} diagram={id} {...link(c, y[i])} />
      ))}
      {z.map((c, i) => (
        <Node key={`z${i}`} at={c} math={`z_${names[i]}`} />
      ))}
      {y.map((c, i) => (
        <Node key={`y${i}`} at={c} math={`y_${names[i]}`} observed />
      ))}
    </Diagram>
  );
}
