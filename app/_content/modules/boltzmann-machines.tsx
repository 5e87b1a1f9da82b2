import { Tex } from "@/app/_components/Tex";
import { FullyVisibleBoltzmannDiagram } from "@/app/_components/diagrams/boltzmann";
import { BoltzmannTable } from "@/app/_components/widgets/BoltzmannTable";
import { boltzmannTable, LECTURE_BM } from "@/lib/ml/sampling/boltzmann";
import type { ModuleContent } from "./index";

/*
 * Module text: Boltzmann machines (fully visible).
 * References: Ackley, Hinton & Sejnowski 1985, "A learning algorithm for Boltzmann machines";
 * Koller & Friedman 2009, "Probabilistic Graphical Models" (MRFs, potentials, Gibbs distributions);
 * Goodfellow, Bengio & Courville 2016, "Deep Learning", ch. 16 and 20.1.
 * Course errata 6 (the energy counts each pair once) and 7 (the worked table; Z ≈ 172.420).
 */

const signed = (v: number) => (v < 0 ? `−${-v}` : `${v}`);

/** The lecture's worked example (LECTURE_BM): 3 units in {−1, +1}, W12 = −1, W13 = −1, W23 = 2, b = (0, 1, 0). */
function WorkedTable() {
  const { rows, Z: z } = boltzmannTable(LECTURE_BM);
  return (
    <div className="my-5 relative overflow-x-auto rounded-lg border border-line bg-white">
      <table className="w-full text-sm tabular-nums">
        <caption className="px-3 pt-3 pb-1 text-left text-xs text-slate-600">
          All 8 states of the example. “Terms” lists W₁₂x₁x₂, W₁₃x₁x₃, W₂₃x₂x₃ and b₂x₂; H(x) is their sum.
        </caption>
        <thead>
          <tr className="border-b border-line text-left">
            <th scope="col" className="px-2 py-2 font-semibold">
              x
            </th>
            <th scope="col" className="px-2 py-2 font-semibold">
              Terms
            </th>
            <th scope="col" className="px-2 py-2 text-right font-semibold">
              H(x)
            </th>
            <th scope="col" className="px-2 py-2 text-right font-semibold">
              exp H
            </th>
            <th scope="col" className="px-2 py-2 text-right font-semibold">
              p(x)
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.x.join(",")} className="border-b border-line/60 last:border-0">
              <th scope="row" className="px-2 py-1.5 text-left font-normal whitespace-nowrap">
                ({r.x.map(signed).join(", ")})
              </th>
              {/* The lecture's example has only b2 ≠ 0, so the bias term bᵀx is the caption's b₂x₂. */}
              <td className="px-2 py-1.5 whitespace-nowrap">{[...r.pairTerms, r.biasTerm].map(signed).join(", ")}</td>
              <td className="px-2 py-1.5 text-right">{signed(r.h)}</td>
              <td className="px-2 py-1.5 text-right">{r.expH.toFixed(3)}</td>
              <td className="px-2 py-1.5 text-right">{r.p.toFixed(4)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="border-t border-line">
            <th scope="row" colSpan={3} className="px-2 py-2 text-left font-semibold">
              Z = Σ exp H(x)
            </th>
            <td className="px-2 py-2 text-right font-semibold">{z.toFixed(3)}</td>
            <td className="px-2 py-2 text-right font-semibold">1.0000</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function BoltzmannBody() {
  return (
    <div className="prose-genlab">
      <p>
        A <strong>Boltzmann machine</strong> (BM) is a probability distribution over binary vectors in which every unit may interact with every other unit. It
        is the oldest of the energy-based deep generative models and the parent of the restricted Boltzmann machine, the deep Boltzmann machine and the deep
        belief network of the next module. To read it properly we first need the family it belongs to: Markov random fields.
      </p>

      <h2 id="mrf">Markov random fields in one paragraph</h2>
      <p>
        A <strong>Markov random field</strong> (MRF) is an undirected graphical model. Its nodes are random variables; instead of conditional probabilities on
        directed edges, it attaches a non-negative <em>potential function</em> <Tex>{String.raw`\psi_C`}</Tex> to each clique <Tex>{String.raw`C`}</Tex> of the
        graph and multiplies them:
      </p>
      <Tex display>{String.raw`p(x) = \frac{1}{Z}\prod_{C}\psi_C(x_C), \qquad Z = \sum_{x}\prod_{C}\psi_C(x_C).`}</Tex>
      <p>
        The potentials need not be probabilities — only positive — so the product must be divided by the <strong>partition function</strong>{" "}
        <Tex>{String.raw`Z`}</Tex>. Writing each positive potential as <Tex>{String.raw`\psi_C = \exp(-E_C)`}</Tex> turns the product into a sum, an{" "}
        <strong>energy</strong> <Tex>{String.raw`E(x) = \sum_C E_C(x_C)`}</Tex>, and gives the Boltzmann (Gibbs) distribution of statistical mechanics: low
        energy means high probability. A Boltzmann machine is the MRF whose graph is <em>complete</em> and whose cliques carry pairwise and single-unit
        energies.
      </p>

      <h2 id="energy">The fully visible Boltzmann machine</h2>
      <p>
        Take <Tex>{String.raw`d`}</Tex> binary units <Tex>{String.raw`x \in \{-1, +1\}^d`}</Tex>, all observed (“visible”). Each pair{" "}
        <Tex>{String.raw`(i, j)`}</Tex> has a weight <Tex>{String.raw`W_{ij}`}</Tex> and each unit a bias <Tex>{String.raw`b_i`}</Tex>. The energy counts each
        pair <em>once</em>:
      </p>
      <Tex display>{String.raw`E(x) = -\sum_{i<j} W_{ij}\, x_i x_j - b^\top x = -\tfrac12\, x^\top W x - b^\top x,`}</Tex>
      <p>
        where the second form holds for a symmetric <Tex>{String.raw`W`}</Tex> with zero diagonal. The distribution is
      </p>
      <Tex display>{String.raw`p(x) = \frac{\exp(-E(x))}{Z} = \frac{\exp(H(x))}{Z}, \qquad H(x) = -E(x), \qquad Z = \sum_{x}\exp(H(x)).`}</Tex>
      <aside className="my-5 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-950" aria-label="Note on the energy">
        <strong>One term per pair.</strong> The lecture slide writes the energy as <Tex>{String.raw`-x^\top W x - b^\top x`}</Tex>. With a symmetric{" "}
        <Tex>{String.raw`W`}</Tex> that sum visits <Tex>{String.raw`W_{ij}x_ix_j`}</Tex> and <Tex>{String.raw`W_{ji}x_jx_i`}</Tex> — every pair twice — which
        doubles the interactions. The worked table below uses one term per pair, i.e. the <Tex>{String.raw`\sum_{i<j}`}</Tex> (or{" "}
        <Tex>{String.raw`\tfrac12 x^\top W x`}</Tex>) form above.
      </aside>
      <p>
        A positive <Tex>{String.raw`W_{ij}`}</Tex> lowers the energy when <Tex>{String.raw`x_i`}</Tex> and <Tex>{String.raw`x_j`}</Tex> agree, so it makes
        agreement more likely; a negative weight favours disagreement. A positive <Tex>{String.raw`b_i`}</Tex> pushes unit <Tex>{String.raw`i`}</Tex> towards{" "}
        <Tex>{String.raw`+1`}</Tex>. This is the Ising model of physics with learnable couplings.
      </p>

      <h2 id="worked">A worked example with three units</h2>
      <p>
        Let <Tex>{String.raw`d = 3`}</Tex>, <Tex>{String.raw`W_{12} = -1`}</Tex>, <Tex>{String.raw`W_{13} = -1`}</Tex>, <Tex>{String.raw`W_{23} = 2`}</Tex>,{" "}
        <Tex>{String.raw`b = (0, 1, 0)`}</Tex>. Then
      </p>
      <Tex display>{String.raw`H(x) = W_{12}x_1x_2 + W_{13}x_1x_3 + W_{23}x_2x_3 + b_2x_2 = -x_1x_2 - x_1x_3 + 2x_2x_3 + x_2.`}</Tex>
      <FullyVisibleBoltzmannDiagram />
      <p>
        For <Tex>{String.raw`x = (-1, 1, -1)`}</Tex> the four terms are <Tex>{String.raw`1, -1, -2, 1`}</Tex>, so <Tex>{String.raw`H(x) = -1`}</Tex>,{" "}
        <Tex>{String.raw`\exp(H) = 0.368`}</Tex> and <Tex>{String.raw`p(x) = 0.368 / 172.420 = 0.0021`}</Tex>. (The lecture slide prints{" "}
        <Tex>{String.raw`H = -3`}</Tex> for this row; the terms add up to −1, and its own <Tex>{String.raw`\exp(H)`}</Tex> and <Tex>{String.raw`p(x)`}</Tex>{" "}
        agree with −1.) Enumerating all <Tex>{String.raw`2^3 = 8`}</Tex> states:
      </p>
      <WorkedTable />
      <p>
        The state <Tex>{String.raw`(-1, 1, 1)`}</Tex> satisfies every preference at once — <Tex>{String.raw`x_2`}</Tex> and <Tex>{String.raw`x_3`}</Tex> agree,
        both disagree with <Tex>{String.raw`x_1`}</Tex>, and <Tex>{String.raw`x_2 = +1`}</Tex> — so it reaches <Tex>{String.raw`H = 5`}</Tex> and takes 86% of
        the mass. Note how sharply the exponential separates states: a difference of 2 in <Tex>{String.raw`H`}</Tex> is a factor{" "}
        <Tex>{String.raw`e^2 \approx 7.4`}</Tex> in probability.
      </p>
      <p>
        Change the numbers below to see how each weight and bias reshapes the distribution — for instance, set <Tex>{String.raw`W_{23} = 0`}</Tex> and watch the
        mass spread out, or set every parameter to 0 to get the uniform distribution with <Tex>{String.raw`Z = 8`}</Tex>.
      </p>
      <BoltzmannTable />

      <h2 id="partition">The partition function is the problem</h2>
      <p>
        Here <Tex>{String.raw`Z`}</Tex> took eight terms. With <Tex>{String.raw`d`}</Tex> units it takes <Tex>{String.raw`2^d`}</Tex>: for a 28×28 binary image
        that is <Tex>{String.raw`2^{784}`}</Tex> states, far beyond any computer. Unnormalised probabilities <Tex>{String.raw`\exp(H(x))`}</Tex> are cheap, and
        so are ratios <Tex>{String.raw`p(x)/p(x')`}</Tex>, because <Tex>{String.raw`Z`}</Tex> cancels; exact probabilities, marginals and the likelihood
        gradient are not. This intractability shapes everything that follows: learning (next module) replaces exact expectations with samples.
      </p>

      <h2 id="gibbs">Sampling one unit at a time</h2>
      <p>
        Ratios are all Gibbs sampling needs. Collect the terms of <Tex>{String.raw`H`}</Tex> that involve unit <Tex>{String.raw`i`}</Tex>:{" "}
        <Tex>{String.raw`x_i a_i`}</Tex> with the local field <Tex>{String.raw`a_i = \sum_{j \ne i} W_{ij}x_j + b_i`}</Tex>. Then
      </p>
      <Tex display>{String.raw`p(x_i = +1 \mid x_{-i}) = \frac{e^{a_i}}{e^{a_i} + e^{-a_i}} = \sigma(2a_i),`}</Tex>
      <p>
        with <Tex>{String.raw`\sigma`}</Tex> the logistic sigmoid. In the example, with <Tex>{String.raw`x_2 = x_3 = 1`}</Tex> the field on unit 1 is{" "}
        <Tex>{String.raw`a_1 = -1 - 1 + 0 = -2`}</Tex>, so <Tex>{String.raw`p(x_1 = 1 \mid x_2, x_3) = \sigma(-4) \approx 0.018`}</Tex> — the same as{" "}
        <Tex>{String.raw`2.718 / (2.718 + 148.413)`}</Tex> from the table. Sweeping over the units and resampling each from this conditional is a Markov chain
        whose stationary distribution is <Tex>{String.raw`p(x)`}</Tex>.
      </p>

      <h2 id="limits">What a fully visible BM cannot do</h2>
      <p>
        Its energy is quadratic in <Tex>{String.raw`x`}</Tex>, so it can only describe pairwise interactions: the maximum-likelihood fit matches the data&apos;s
        means and pairwise correlations and nothing more. Three-way dependencies — say, “unit 3 is the XOR of units 1 and 2” — are out of reach. Adding{" "}
        <em>hidden</em> units fixes this, which is where the next module begins.
      </p>

      <h2 id="references">References</h2>
      <ul className="text-sm">
        <li>D. H. Ackley, G. E. Hinton, T. J. Sejnowski. “A Learning Algorithm for Boltzmann Machines.” Cognitive Science, 1985.</li>
        <li>D. Koller, N. Friedman. Probabilistic Graphical Models. MIT Press, 2009 (ch. 4, Markov networks).</li>
        <li>I. Goodfellow, Y. Bengio, A. Courville. Deep Learning. MIT Press, 2016 (ch. 16 and 20).</li>
      </ul>
    </div>
  );
}

export const boltzmannMachinesModule: ModuleContent = { slug: "boltzmann-machines", minutes: 10, Body: BoltzmannBody };
