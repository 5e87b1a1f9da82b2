import { Tex } from "@/app/_components/Tex";
import { BayesNetDiagram, MrfDiagram } from "@/app/_components/diagrams/graphical";
import { DSeparationExplorer } from "@/app/_components/widgets/DSeparationExplorer";
import type { ModuleContent } from "./index";

/*
 * Module text: probabilistic graphical models — directed models and Markov random fields.
 * References: the lecture (Part 3, "Graphical models", "Markov random field" — title slides — and the
 * definition of MRFs on the "Boltzmann machines" slide: a product of positive potential functions);
 * C. M. Bishop, "Pattern Recognition and Machine Learning" (2006), ch. 8;
 * D. Koller & N. Friedman, "Probabilistic Graphical Models" (2009), ch. 3–4;
 * J. M. Hammersley & P. Clifford (1971), "Markov fields on finite graphs and lattices".
 */

function GraphicalModelsBody() {
  return (
    <div className="prose-genlab">
      <p>
        A joint distribution over many variables is, in general, an enormous object: <Tex>{String.raw`n`}</Tex> binary variables need{" "}
        <Tex>{String.raw`2^n - 1`}</Tex> numbers. A <strong>probabilistic graphical model</strong> makes it manageable by writing it as a product of small
        factors, each involving only a few variables, and drawing the result as a graph: one node per variable, edges for direct interactions. GMMs and HMMs are
        graphical models, and so are Boltzmann machines, the topic of the next module.
      </p>

      <h2 id="directed">Directed models (Bayesian networks)</h2>
      <p>
        In a directed acyclic graph, each node has a set of parents <Tex>{String.raw`\mathrm{pa}(x_i)`}</Tex> and the joint is the product of each
        variable&apos;s conditional given its parents:
      </p>
      <Tex display>{String.raw`p(x_1, \dots, x_n) = \prod_{i=1}^{n} p\big(x_i \mid \mathrm{pa}(x_i)\big).`}</Tex>
      <p>
        Each factor is a normalised conditional distribution, so the product is automatically normalised — no extra constant is needed — and sampling is easy:
        draw the variables in an order where parents come first (ancestral sampling). The arrows often tell a generative story. A GMM is the graph{" "}
        <Tex>{String.raw`z \to x`}</Tex>; an HMM is the chain <Tex>{String.raw`z_1 \to z_2 \to \cdots \to z_T`}</Tex> with an arrow{" "}
        <Tex>{String.raw`z_t \to y_t`}</Tex> at every step, and its joint is exactly this formula.
      </p>
      <BayesNetDiagram />

      <h2 id="undirected">Undirected models (Markov random fields)</h2>
      <p>
        Some interactions have no natural direction: neighbouring pixels in an image, or atoms in a magnet, influence each other symmetrically. A{" "}
        <strong>Markov random field</strong> (MRF) uses an undirected graph and writes the joint as a product of positive <strong>potential functions</strong>{" "}
        over the graph&apos;s cliques:
      </p>
      <Tex
        display
      >{String.raw`\begin{gathered} p(x) = \frac{1}{Z} \prod_{C} \psi_C(x_C), \\[6pt] \psi_C(x_C) > 0, \\[6pt] Z = \sum_{x} \prod_{C} \psi_C(x_C). \end{gathered}`}</Tex>
      <ul>
        <li>
          A <strong>clique</strong> is a set of nodes that are all connected to each other; a <em>maximal</em> clique cannot be enlarged. It suffices to use
          potentials on maximal cliques, since a factor on a smaller clique can be merged into one that contains it.
        </li>
        <li>
          A <strong>potential</strong> <Tex>{String.raw`\psi_C`}</Tex> scores how compatible a joint setting of its variables is. It is not a probability and
          need not sum to one.
        </li>
        <li>
          The <strong>partition function</strong> <Tex>{String.raw`Z`}</Tex> (for continuous variables an integral) restores normalisation.
        </li>
      </ul>
      <MrfDiagram />
      <p>
        Small example: two binary variables and one potential <Tex>{String.raw`\psi(x_1, x_2)`}</Tex> equal to 2 when the two agree and 1 when they differ. Then{" "}
        <Tex>{String.raw`Z = 2 + 1 + 1 + 2 = 6`}</Tex> and <Tex>{String.raw`p(0, 0) = p(1, 1) = 1/3`}</Tex>, <Tex>{String.raw`p(0, 1) = p(1, 0) = 1/6`}</Tex>:
        the potential encodes a preference for agreement.
      </p>

      <h2 id="energy">Potentials as energies</h2>
      <p>
        Positivity allows writing <Tex>{String.raw`\psi_C(x_C) = \exp(-E_C(x_C))`}</Tex>. The joint becomes a <strong>Boltzmann (Gibbs) distribution</strong>,
      </p>
      <Tex display>{String.raw`p(x) = \frac{1}{Z}\exp\big(-E(x)\big), \qquad E(x) = \sum_{C} E_C(x_C),`}</Tex>
      <p>
        where low energy means high probability — the language of statistical mechanics. A Boltzmann machine is an MRF whose energy has one term per pair of
        connected units plus a bias per unit.
      </p>

      <h2 id="independence">Reading independence from the graph</h2>
      <ul>
        <li>
          <strong>Undirected:</strong> if every path from set <Tex>{String.raw`A`}</Tex> to set <Tex>{String.raw`B`}</Tex> passes through{" "}
          <Tex>{String.raw`S`}</Tex>, then <Tex>{String.raw`A`}</Tex> and <Tex>{String.raw`B`}</Tex> are independent given <Tex>{String.raw`S`}</Tex>. In
          particular, a node given its neighbours (its <em>Markov blanket</em>) is independent of everything else. In the chain{" "}
          <Tex>{String.raw`a - b - c`}</Tex>, <Tex>{String.raw`a \perp c \mid b`}</Tex>.
        </li>
        <li>
          <strong>Directed:</strong> the rule (d-separation) has one twist. Two independent causes of a common effect,{" "}
          <Tex>{String.raw`a \to c \leftarrow b`}</Tex>, become <em>dependent</em> once the effect is observed (&ldquo;explaining away&rdquo;). The Markov
          blanket of a node is its parents, children and the children&apos;s other parents.
        </li>
      </ul>
      <p>
        The Hammersley–Clifford theorem ties the two views together for MRFs: a strictly positive distribution has the independences implied by graph separation
        if and only if it factorises over the cliques of the graph.
      </p>

      <p>Try d-separation on small Bayesian networks: pick two variables, observe others, and see which paths between them are blocked and why.</p>
      <DSeparationExplorer />

      <h2 id="partition-function">The price: the partition function</h2>
      <p>
        <Tex>{String.raw`Z`}</Tex> sums over every configuration: <Tex>{String.raw`2^n`}</Tex> terms for <Tex>{String.raw`n`}</Tex> binary variables, already
        about a million for <Tex>{String.raw`n = 20`}</Tex> and hopeless for an image. Without <Tex>{String.raw`Z`}</Tex> we cannot evaluate{" "}
        <Tex>{String.raw`p(x)`}</Tex>, and the gradient of the log-likelihood contains an expectation under the model itself. This is why MRFs lean on the
        sampling methods of the earlier modules. Gibbs sampling is especially natural: the full conditional of a node depends only on its neighbours, and{" "}
        <Tex>{String.raw`Z`}</Tex> cancels from it.
      </p>
    </div>
  );
}

export const graphicalModelsModule: ModuleContent = { slug: "graphical-models", minutes: 8, Body: GraphicalModelsBody };
