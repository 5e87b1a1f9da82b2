import { Tex } from "@/app/_components/Tex";
import type { ModuleContent } from "./index";

/*
 * Module text: hidden units, learning in MRFs, RBMs, DBMs and DBNs.
 * References: Ackley, Hinton & Sejnowski 1985 (BM learning rule); Smolensky 1986 and Hinton 2002,
 * "Training products of experts by minimizing contrastive divergence" (RBM, CD-k); Tieleman 2008
 * (persistent CD); Hinton, Osindero & Teh 2006, "A fast learning algorithm for deep belief nets";
 * Salakhutdinov & Hinton 2009, "Deep Boltzmann machines"; Goodfellow, Bengio & Courville 2016,
 * "Deep Learning", ch. 18 and 20. Course erratum 8 (the RBM marginal sums out h).
 */

function RbmBody() {
  return (
    <div className="prose-genlab">
      <p>
        The fully visible Boltzmann machine can only express pairwise interactions. This module adds <strong>hidden units</strong>, derives how any MRF is
        trained by maximum likelihood, and then restricts the connectivity until learning becomes practical: the restricted Boltzmann machine (RBM) and its two
        deep descendants, the deep Boltzmann machine (DBM) and the deep belief network (DBN).
      </p>

      <h2 id="hidden">Why hidden units</h2>
      <p>
        Split the units into visible <Tex>{String.raw`x`}</Tex> and hidden <Tex>{String.raw`h`}</Tex>. With every kind of connection allowed, the energy is
      </p>
      <Tex display>{String.raw`E(x, h) = -\tfrac12 x^\top W x - \tfrac12 h^\top V h - x^\top F h - a^\top h - b^\top x,`}</Tex>
      <p>
        with <Tex>{String.raw`W`}</Tex> and <Tex>{String.raw`V`}</Tex> symmetric with zero diagonal (so each pair is counted once), <Tex>{String.raw`F`}</Tex>{" "}
        the visible–hidden weights and <Tex>{String.raw`p(x, h) = \exp(-E(x, h))/Z`}</Tex>, where <Tex>{String.raw`Z = \sum_{x,h}\exp(-E(x,h))`}</Tex>. The
        model of the data is the <em>marginal</em>
      </p>
      <Tex display>{String.raw`p(x) = \frac{1}{Z}\sum_{h}\exp(-E(x, h)).`}</Tex>
      <p>
        The joint energy is still quadratic, but the sum over <Tex>{String.raw`h`}</Tex> is not: summing out hidden units produces effective interactions among
        three, four or all visible units. Each hidden unit can act as a feature detector that switches on for a pattern in <Tex>{String.raw`x`}</Tex>. With
        enough hidden units a Boltzmann machine can approximate any distribution over binary vectors.
      </p>

      <h2 id="learning">Learning in an MRF: data term minus model term</h2>
      <p>
        Every MRF has the form <Tex>{String.raw`p(x;\theta) = \tilde p(x;\theta)/Z_\theta`}</Tex> with an unnormalised <Tex>{String.raw`\tilde p`}</Tex> and{" "}
        <Tex>{String.raw`Z_\theta = \sum_x \tilde p(x;\theta)`}</Tex>. Learning maximises the log-likelihood by gradient ascent. Differentiating,
      </p>
      <Tex
        display
      >{String.raw`\nabla_\theta \log p(x;\theta) = \nabla_\theta \log \tilde p(x;\theta) - \nabla_\theta \log Z_\theta, \qquad \nabla_\theta \log Z_\theta = \sum_{x'} \frac{\tilde p(x';\theta)}{Z_\theta}\,\nabla_\theta \log \tilde p(x';\theta).`}</Tex>
      <p>
        The weights <Tex>{String.raw`\tilde p(x';\theta)/Z_\theta`}</Tex> are exactly the model&apos;s probabilities, so the second term is an expectation under
        the <em>normalised</em> model:
      </p>
      <Tex
        display
      >{String.raw`\nabla_\theta \log p(x;\theta) = \underbrace{\nabla_\theta \log \tilde p(x;\theta)}_{\text{data term}} - \underbrace{\mathbb{E}_{x' \sim p(x';\theta)}\big[\nabla_\theta \log \tilde p(x';\theta)\big]}_{\text{model term}}.`}</Tex>
      <p>
        Averaged over a data set, the <strong>positive phase</strong> raises <Tex>{String.raw`\tilde p`}</Tex> at the data, the <strong>negative phase</strong>{" "}
        lowers it wherever the model currently puts mass. At the optimum the two balance. For a fully visible BM,{" "}
        <Tex>{String.raw`\log\tilde p = \tfrac12 x^\top W x + b^\top x`}</Tex> and the rule for one pair is
      </p>
      <Tex display>{String.raw`\frac{\partial \log p}{\partial W_{ij}} = \langle x_i x_j \rangle_{\text{data}} - \langle x_i x_j \rangle_{\text{model}}.`}</Tex>
      <p>
        The data term is cheap; the model term needs samples from the model, i.e. an MCMC chain, for every gradient step. With hidden units the data term needs
        samples of <Tex>{String.raw`h`}</Tex> given <Tex>{String.raw`x`}</Tex> too, which in a general BM is another chain. That double cost is why general BMs
        are rarely trained.
      </p>

      <h2 id="rbm">Restricted Boltzmann machines</h2>
      <p>
        An RBM keeps only the visible–hidden edges: its graph is <strong>bipartite</strong>. With visible <Tex>{String.raw`v \in \{0,1\}^N`}</Tex> and hidden{" "}
        <Tex>{String.raw`h \in \{0,1\}^M`}</Tex>,
      </p>
      <Tex display>{String.raw`E(v, h) = -v^\top W h - a^\top h - b^\top v, \qquad p(v;\theta) = \frac{1}{Z_\theta}\sum_{h}\exp(-E(v, h)).`}</Tex>
      <aside className="my-5 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-950" aria-label="Note on the RBM marginal">
        <strong>Sum out the hidden units.</strong> The probability of a visible vector is the joint summed over all <Tex>{String.raw`h`}</Tex>. The lecture
        slide omits the <Tex>{String.raw`\sum_h`}</Tex>; without it the right-hand side would still depend on <Tex>{String.raw`h`}</Tex>.
      </aside>
      <p>
        Because no two hidden units touch, they are independent given <Tex>{String.raw`v`}</Tex>, and vice versa:
      </p>
      <Tex display>{String.raw`p(h \mid v) = \prod_{j=1}^{M} p(h_j \mid v), \quad p(h_j = 1 \mid v) = \sigma\Big(a_j + \sum_i W_{ij} v_i\Big);`}</Tex>
      <Tex display>{String.raw`p(v \mid h) = \prod_{i=1}^{N} p(v_i \mid h), \quad p(v_i = 1 \mid h) = \sigma\Big(b_i + \sum_j W_{ij} h_j\Big).`}</Tex>
      <p>
        The sum over <Tex>{String.raw`h`}</Tex> also factorises, giving the <em>free energy</em>{" "}
        <Tex>{String.raw`F(v) = -b^\top v - \sum_j \log\big(1 + e^{a_j + \sum_i W_{ij}v_i}\big)`}</Tex> with <Tex>{String.raw`p(v) = e^{-F(v)}/Z`}</Tex>. The
        data term of the gradient is now exact:
      </p>
      <Tex display>{String.raw`\frac{\partial \log p(v)}{\partial W_{ij}} = v_i\, p(h_j = 1 \mid v) - \langle v_i h_j \rangle_{\text{model}}.`}</Tex>

      <h2 id="cd">Block Gibbs sampling and contrastive divergence</h2>
      <p>
        The factorised conditionals allow <strong>block Gibbs sampling</strong>: sample all of <Tex>{String.raw`h`}</Tex> at once from{" "}
        <Tex>{String.raw`p(h \mid v)`}</Tex>, then all of <Tex>{String.raw`v`}</Tex> from <Tex>{String.raw`p(v \mid h)`}</Tex>, and repeat. It still needs many
        sweeps to reach equilibrium, so <strong>contrastive divergence</strong> (CD-<Tex>{String.raw`k`}</Tex>, Hinton 2002) cuts it short:
      </p>
      <ol>
        <li>
          Start the chain <em>at a training example</em> <Tex>{String.raw`v^{(0)}`}</Tex>.
        </li>
        <li>
          Run <Tex>{String.raw`k`}</Tex> block-Gibbs steps (often <Tex>{String.raw`k = 1`}</Tex>) to get <Tex>{String.raw`v^{(k)}`}</Tex>.
        </li>
        <li>
          Update <Tex>{String.raw`\Delta W_{ij} \propto v^{(0)}_i p(h_j{=}1 \mid v^{(0)}) - v^{(k)}_i p(h_j{=}1 \mid v^{(k)})`}</Tex>.
        </li>
      </ol>
      <p>
        CD is biased — <Tex>{String.raw`v^{(k)}`}</Tex> is not a sample from the model — but it points the right way near the data and is cheap.{" "}
        <em>Persistent</em> CD (Tieleman 2008) keeps the negative chains running across updates instead of restarting them at the data, which gives better
        likelihoods.
      </p>
      <p>
        A small example: with <Tex>{String.raw`v = (1, 0, 1)`}</Tex>, weights into hidden unit 1 of <Tex>{String.raw`(2, -1, -1)`}</Tex> and{" "}
        <Tex>{String.raw`a_1 = 0.5`}</Tex>, <Tex>{String.raw`p(h_1 = 1 \mid v) = \sigma(0.5 + 2 - 1) = \sigma(1.5) \approx 0.818`}</Tex>.
      </p>

      <h2 id="dbm">Deep Boltzmann machines</h2>
      <p>A DBM stacks several hidden layers, with undirected connections only between adjacent layers:</p>
      <Tex display>{String.raw`E(v, h^1, h^2) = -v^\top W^1 h^1 - h^{1\top} W^2 h^2 - \text{(bias terms)}.`}</Tex>
      <p>
        Units in one layer are independent given the layers on either side, so Gibbs sampling alternates between odd and even layers. But{" "}
        <Tex>{String.raw`p(h^1, h^2 \mid v)`}</Tex> no longer factorises: each middle unit hears both the layer below and the layer above. Salakhutdinov and
        Hinton (2009) therefore approximate the data term with a <strong>mean-field</strong> variational posterior and the model term with persistent Gibbs
        chains, after a greedy layer-wise pre-training of the stack of RBMs.
      </p>

      <h2 id="dbn">Deep belief networks</h2>
      <p>
        A DBN is a <strong>hybrid</strong> graphical model. Its top two layers form an undirected RBM; every layer below is connected <em>downwards</em> by
        directed sigmoid links, <Tex>{String.raw`p(h^{l-1} \mid h^{l})`}</Tex>, ending at the visible layer. Hinton, Osindero and Teh (2006) train it greedily:
        fit an RBM to the data, feed the data through to get hidden activations, fit the next RBM to those, and so on — with a suitable initialisation, each
        added layer can only improve a variational lower bound on the likelihood. To sample, run Gibbs in the top RBM, then make one ancestral pass down the
        directed layers.
      </p>
      <p>
        <strong>DBM vs DBN</strong>: a DBM is undirected throughout, so inference combines bottom-up and top-down signals and the whole model is trained
        jointly; a DBN is undirected only at the top, sampling is a single downward pass, and inference is usually an approximate bottom-up pass. DBN
        pre-training (2006) was one of the results that restarted deep learning.
      </p>

      <h2 id="references">References</h2>
      <ul className="text-sm">
        <li>G. E. Hinton. “Training Products of Experts by Minimizing Contrastive Divergence.” Neural Computation, 2002.</li>
        <li>T. Tieleman. “Training RBMs using Approximations to the Likelihood Gradient.” ICML 2008.</li>
        <li>G. E. Hinton, S. Osindero, Y.-W. Teh. “A Fast Learning Algorithm for Deep Belief Nets.” Neural Computation, 2006.</li>
        <li>R. Salakhutdinov, G. E. Hinton. “Deep Boltzmann Machines.” AISTATS 2009.</li>
        <li>I. Goodfellow, Y. Bengio, A. Courville. Deep Learning. MIT Press, 2016 (ch. 18 and 20).</li>
      </ul>
    </div>
  );
}

export const rbmDbmDbnModule: ModuleContent = { slug: "rbm-dbm-dbn", minutes: 12, Body: RbmBody };
