import { DbmDiagram, DbnDiagram, RbmDiagram } from "@/app/_components/diagrams/boltzmann";
import { Tex } from "@/app/_components/Tex";
import type { ModuleContent } from "./index";

/*
 * Module text: hidden units, learning in MRFs, RBMs, DBMs and DBNs.
 * References: Ackley, Hinton & Sejnowski 1985 (BM learning rule); Smolensky 1986 and Hinton 2002,
 * "Training products of experts by minimizing contrastive divergence" (RBM, CD-k); Tieleman 2008
 * (persistent CD); Hinton, Osindero & Teh 2006, "A fast learning algorithm for deep belief nets";
 * Salakhutdinov & Hinton 2009, "Deep Boltzmann machines" (mean field, persistent chains,
 * doubled-weight pre-training), and 2012, "An efficient learning procedure for deep Boltzmann
 * machines"; Goodfellow, Bengio & Courville 2016, "Deep Learning", ch. 18 and 20. Course erratum 8 (the RBM marginal sums out h).
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
      <RbmDiagram />
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
        CD is biased — <Tex>{String.raw`v^{(k)}`}</Tex> is not a sample from the model — but it points the right way near the data and is cheap. CD-1 learns
        good filters, yet the free-running chains of the model it learns can gather on a few spurious modes; a longer negative phase (the exercise defaults to
        CD-10 with 256 hidden units: FID 38 after 3,000 updates, against 221 for CD-1 with 128) or persistent CD avoids this. <em>Persistent</em> CD (Tieleman
        2008) keeps the negative chains running across updates instead of restarting them at the data, which gives better likelihoods.
      </p>
      <p>
        A small example: with <Tex>{String.raw`v = (1, 0, 1)`}</Tex>, weights into hidden unit 1 of <Tex>{String.raw`(2, -1, -1)`}</Tex> and{" "}
        <Tex>{String.raw`a_1 = 0.5`}</Tex>, <Tex>{String.raw`p(h_1 = 1 \mid v) = \sigma(0.5 + 2 - 1) = \sigma(1.5) \approx 0.818`}</Tex>.
      </p>

      <h2 id="dbm">Deep Boltzmann machines</h2>
      <p>
        A deep Boltzmann machine (Salakhutdinov and Hinton, 2009) is a Boltzmann machine whose hidden units are arranged in layers, with connections only
        between adjacent layers — in the lecture&apos;s words, a multi-layered configuration of RBMs. Every connection stays <strong>undirected</strong>. With
        two hidden layers <Tex>{String.raw`h^1`}</Tex> and <Tex>{String.raw`h^2`}</Tex>, the energy and the model are
      </p>
      <Tex
        display
      >{String.raw`E(v, h^1, h^2) = -v^\top W^1 h^1 - h^{1\top} W^2 h^2 - b^\top v - a^{1\top} h^1 - a^{2\top} h^2, \qquad p(v) = \frac{1}{Z}\sum_{h^1, h^2} \exp\big(-E(v, h^1, h^2)\big).`}</Tex>
      <DbmDiagram />
      <p>
        There are still no connections within a layer, so the units of one layer are independent given the layers on either side, with logistic conditionals:
      </p>
      <Tex
        display
      >{String.raw`\begin{gathered} p(h^1_j = 1 \mid v, h^2) = \sigma\Big(a^1_j + \sum_i W^1_{ij} v_i + \sum_m W^2_{jm} h^2_m\Big), \\[6pt] p(h^2_m = 1 \mid h^1) = \sigma\Big(a^2_m + \sum_j W^2_{jm} h^1_j\Big), \qquad p(v_i = 1 \mid h^1) = \sigma\Big(b_i + \sum_j W^1_{ij} h^1_j\Big). \end{gathered}`}</Tex>
      <p>
        The layers themselves form a bipartite graph — <Tex>{String.raw`h^1`}</Tex> on one side, <Tex>{String.raw`v`}</Tex> and <Tex>{String.raw`h^2`}</Tex> on
        the other — so block Gibbs sampling alternates between sampling all of <Tex>{String.raw`h^1`}</Tex>, and then <Tex>{String.raw`v`}</Tex> and{" "}
        <Tex>{String.raw`h^2`}</Tex> together.
      </p>

      <h3 id="dbm-posterior">Why the posterior no longer factorises</h3>
      <p>
        In an RBM, <Tex>{String.raw`p(h \mid v)`}</Tex> factorised because the hidden units touch nothing but <Tex>{String.raw`v`}</Tex>. In a DBM each unit of{" "}
        <Tex>{String.raw`h^1`}</Tex> depends on <Tex>{String.raw`v`}</Tex> <em>and</em> on <Tex>{String.raw`h^2`}</Tex>, which is not observed. Clamping{" "}
        <Tex>{String.raw`v`}</Tex> leaves <Tex>{String.raw`h^1`}</Tex> and <Tex>{String.raw`h^2`}</Tex> joined like the two layers of an RBM (with{" "}
        <Tex>{String.raw`v`}</Tex> acting as an extra bias on <Tex>{String.raw`h^1`}</Tex>), so <Tex>{String.raw`p(h^1, h^2 \mid v)`}</Tex> is itself an
        RBM-like distribution with its own intractable normaliser. And summing <Tex>{String.raw`h^2`}</Tex> out,{" "}
        <Tex>{String.raw`p(h^1 \mid v) = \sum_{h^2} p(h^1, h^2 \mid v)`}</Tex>, couples the units of <Tex>{String.raw`h^1`}</Tex> — just as summing out hidden
        units created interactions among visible units at the start of this module. The data term of the gradient, which was exact for an RBM, now needs
        approximate inference. The gradient of the log-likelihood is again data term minus model term:
      </p>
      <Tex
        display
      >{String.raw`\frac{\partial \log p(v)}{\partial W^1} = \mathbb{E}_{p(h^1 \mid v)}\big[v\, h^{1\top}\big] - \mathbb{E}_{p(v', h^1, h^2)}\big[v'\, h^{1\top}\big], \qquad \frac{\partial \log p(v)}{\partial W^2} = \mathbb{E}_{p(h^1, h^2 \mid v)}\big[h^1 h^{2\top}\big] - \mathbb{E}_{p(v', h^1, h^2)}\big[h^1 h^{2\top}\big],`}</Tex>
      <p>and neither expectation can be computed exactly.</p>

      <h3 id="dbm-learning">Learning in a DBM</h3>
      <p>Salakhutdinov and Hinton (2009) estimate the two expectations with two different tools.</p>
      <ul>
        <li>
          <strong>Data term: mean-field variational inference.</strong> Approximate the posterior by a fully factorised{" "}
          <Tex>{String.raw`q(h^1, h^2) = \prod_j q(h^1_j) \prod_m q(h^2_m)`}</Tex>, with <Tex>{String.raw`q(h^l_j = 1) = \mu^l_j`}</Tex>, chosen to maximise the
          lower bound
          <Tex
            display
          >{String.raw`\log p(v) \ \ge\ \sum_{h^1, h^2} q(h^1, h^2) \log p(v, h^1, h^2) + \mathcal{H}(q) = -\mathbb{E}_q\big[E(v, h^1, h^2)\big] + \mathcal{H}(q) - \log Z.`}</Tex>
          Setting its derivatives to zero gives fixed-point equations, iterated until they settle (typically ten or so sweeps):
          <Tex
            display
          >{String.raw`\mu^1_j \leftarrow \sigma\Big(a^1_j + \sum_i W^1_{ij} v_i + \sum_m W^2_{jm} \mu^2_m\Big), \qquad \mu^2_m \leftarrow \sigma\Big(a^2_m + \sum_j W^2_{jm} \mu^1_j\Big).`}</Tex>
          Each middle unit combines bottom-up evidence from the data with top-down feedback from the layer above. The data term then uses{" "}
          <Tex>{String.raw`v\,\mu^{1\top}`}</Tex> and <Tex>{String.raw`\mu^1 \mu^{2\top}`}</Tex>. Mean field tends to lock onto one mode; for the posterior
          given a data vector, which is usually concentrated, that is acceptable — and maximising the bound also favours weights for which the approximation is
          good.
        </li>
        <li>
          <strong>Model term: persistent Gibbs chains.</strong> Keep a set of persistent Markov chains (“fantasy particles”) running across parameter updates,
          advancing each by a few block-Gibbs steps per update, a stochastic-approximation procedure with the same idea as persistent contrastive divergence
          (Tieleman, 2008), and average <Tex>{String.raw`v' h^{1\top}`}</Tex> and <Tex>{String.raw`h^1 h^{2\top}`}</Tex> over them. Mean field would not do
          here: with nothing clamped, the model distribution has many modes, and because <Tex>{String.raw`\log Z`}</Tex> enters the objective with a minus sign,
          a variational lower bound on it would no longer give a lower bound on the likelihood.
        </li>
      </ul>
      <p>
        A small mean-field step: a unit of <Tex>{String.raw`h^1`}</Tex> with bias 0.2 and weights <Tex>{String.raw`(1, 2, -1)`}</Tex> from{" "}
        <Tex>{String.raw`v = (1, 0, 1)`}</Tex> receives 0 from below; with weights <Tex>{String.raw`(2, -1)`}</Tex> to two units of <Tex>{String.raw`h^2`}</Tex>{" "}
        whose current means are <Tex>{String.raw`(0.5, 0.2)`}</Tex> it receives 0.8 from above, so{" "}
        <Tex>{String.raw`\mu^1_j \leftarrow \sigma(0.2 + 0 + 0.8) = \sigma(1) \approx 0.731`}</Tex>. Ignoring the layer above would give{" "}
        <Tex>{String.raw`\sigma(0.2) \approx 0.550`}</Tex>.
      </p>
      <p>
        <strong>Greedy pre-training with doubled weights.</strong> Joint training from random weights works poorly, so the weights are first initialised by
        training a stack of RBMs layer by layer, as for a DBN below — with one correction. In the finished DBM, <Tex>{String.raw`h^1`}</Tex> receives input from
        both <Tex>{String.raw`v`}</Tex> and <Tex>{String.raw`h^2`}</Tex>, whereas in each separately trained RBM it heard only one side; composed naively, the
        evidence would be counted twice. So the bottom RBM is trained with its <em>bottom-up</em> input doubled (as if <Tex>{String.raw`v`}</Tex> were present
        twice, with tied weights), and the top RBM with its <em>top-down</em> input doubled (biases omitted for clarity):
      </p>
      <Tex
        display
      >{String.raw`\begin{gathered} \text{bottom RBM:}\quad p(h^1_j = 1 \mid v) = \sigma\Big(2\sum_i W^1_{ij} v_i\Big), \qquad p(v_i = 1 \mid h^1) = \sigma\Big(\sum_j W^1_{ij} h^1_j\Big); \\[6pt] \text{top RBM:}\quad p(h^1_j = 1 \mid h^2) = \sigma\Big(2\sum_m W^2_{jm} h^2_m\Big), \qquad p(h^2_m = 1 \mid h^1) = \sigma\Big(\sum_j W^2_{jm} h^1_j\Big). \end{gathered}`}</Tex>
      <p>
        When the two are composed, <Tex>{String.raw`h^1`}</Tex> gets half of each doubled input — <Tex>{String.raw`\sum_i W^1_{ij} v_i`}</Tex> from below plus{" "}
        <Tex>{String.raw`\sum_m W^2_{jm} h^2_m`}</Tex> from above — which is exactly the DBM conditional. The pre-trained weights then start the joint training,
        and a single bottom-up pass through them gives a good starting point for the mean-field iterations (Salakhutdinov and Hinton, 2012).
      </p>

      <h2 id="dbn">Deep belief networks</h2>
      <p>
        A deep belief network (Hinton, Osindero and Teh, 2006) is a <strong>hybrid</strong> graphical model. Its top two layers form an{" "}
        <strong>undirected</strong> RBM; every layer below is connected <em>downwards</em> by <strong>directed</strong> sigmoid links, as in a sigmoid belief
        network, ending at the visible layer. With three hidden layers,
      </p>
      <Tex
        display
      >{String.raw`p(v, h^1, h^2, h^3) = \underbrace{p(h^2, h^3)}_{\text{RBM}}\; p(h^1 \mid h^2)\; p(v \mid h^1), \qquad p(h^1_j = 1 \mid h^2) = \sigma\Big(a^1_j + \sum_m W^2_{jm} h^2_m\Big), \quad p(v_i = 1 \mid h^1) = \sigma\Big(b_i + \sum_j W^1_{ij} h^1_j\Big),`}</Tex>
      <p>
        where <Tex>{String.raw`p(h^2, h^3) \propto \exp\big(h^{2\top} W^3 h^3 + a^{2\top} h^2 + a^{3\top} h^3\big)`}</Tex>. Unlike a DBM, a DBN is not one
        Boltzmann distribution: only its top pair of layers has an energy and a partition function.
      </p>
      <DbnDiagram />
      <p>
        <strong>Greedy layer-wise training.</strong> Fit an RBM to the data (with CD). Freeze its weights <Tex>{String.raw`W^1`}</Tex> and use its factorised
        posterior <Tex>{String.raw`p(h^1 \mid v)`}</Tex> to turn each training vector into hidden activities; fit a second RBM to those activities, and so on up
        the stack. The last RBM stays undirected; the earlier ones keep their weights as the directed, top-down generative connections. Why this is sound: an
        RBM is equivalent to an infinitely deep directed network with tied weights, and the second RBM replaces the first one&apos;s implicit prior over{" "}
        <Tex>{String.raw`h^1`}</Tex> with a learnt model of the posterior activities. Hinton et al. show that, with <Tex>{String.raw`q(h^1 \mid v)`}</Tex> the
        first RBM&apos;s posterior,
      </p>
      <Tex display>{String.raw`\log p(v) \ \ge\ \sum_{h^1} q(h^1 \mid v)\big[\log p(h^1) + \log p(v \mid h^1)\big] + \mathcal{H}\big(q(h^1 \mid v)\big),`}</Tex>
      <p>
        that this bound equals the first RBM&apos;s log-likelihood when the second RBM starts as the first one turned upside down (<Tex>{String.raw`W^2`}</Tex>{" "}
        initialised to <Tex>{String.raw`W^{1\top}`}</Tex>, which needs <Tex>{String.raw`h^2`}</Tex> to have as many units as <Tex>{String.raw`v`}</Tex>), and
        that training the second RBM then improves <Tex>{String.raw`\sum_{h^1} q(h^1 \mid v) \log p(h^1)`}</Tex> and with it the bound — not necessarily the
        likelihood itself. The stack can afterwards be fine-tuned, generatively with the up–down algorithm (a variant of wake–sleep) or discriminatively with
        backpropagation once a classifier is put on top.
      </p>
      <p>
        <strong>Inference and sampling.</strong> The true posterior over the hidden layers of a DBN is intractable (the directed layers create explaining-away),
        so inference is approximated by a single bottom-up pass that applies each RBM&apos;s factorised posterior in turn — the transposed weights with that
        RBM&apos;s hidden biases — and ignores any top-down influence. To <strong>sample</strong>, run Gibbs sampling in the top RBM for many steps, then make
        one ancestral pass down the directed layers: <Tex>{String.raw`h^1 \sim p(h^1 \mid h^2)`}</Tex>, then <Tex>{String.raw`v \sim p(v \mid h^1)`}</Tex>. DBN
        pre-training (2006) was one of the results that restarted deep learning.
      </p>

      <h3 id="dbm-vs-dbn">DBM and DBN side by side</h3>
      <div className="my-5 relative overflow-x-auto rounded-lg border border-line bg-white">
        <table className="w-full text-sm">
          <caption className="px-3 pt-3 pb-1 text-left text-xs text-slate-600">
            Two deep models built from RBMs: a deep Boltzmann machine and a deep belief network.
          </caption>
          <thead>
            <tr className="border-b border-line text-left">
              <th scope="col" className="px-3 py-2 font-semibold">
                <span className="sr-only">Property</span>
              </th>
              <th scope="col" className="px-3 py-2 font-semibold">
                Deep Boltzmann machine
              </th>
              <th scope="col" className="px-3 py-2 font-semibold">
                Deep belief network
              </th>
            </tr>
          </thead>
          <tbody>
            <tr className="border-b border-line/60">
              <th scope="row" className="px-3 py-1.5 text-left font-semibold">
                Connections
              </th>
              <td className="px-3 py-1.5">all undirected</td>
              <td className="px-3 py-1.5">top two layers undirected; directed top-down below</td>
            </tr>
            <tr className="border-b border-line/60">
              <th scope="row" className="px-3 py-1.5 text-left font-semibold">
                Joint distribution
              </th>
              <td className="px-3 py-1.5">one energy over all layers, one partition function</td>
              <td className="px-3 py-1.5">top RBM times directed sigmoid conditionals</td>
            </tr>
            <tr className="border-b border-line/60">
              <th scope="row" className="px-3 py-1.5 text-left font-semibold">
                Inference of hidden layers
              </th>
              <td className="px-3 py-1.5">mean field, combining bottom-up and top-down signals</td>
              <td className="px-3 py-1.5">one approximate bottom-up pass</td>
            </tr>
            <tr className="border-b border-line/60">
              <th scope="row" className="px-3 py-1.5 text-left font-semibold">
                Training
              </th>
              <td className="px-3 py-1.5">greedy pre-training with doubled weights, then joint training (mean field plus persistent chains)</td>
              <td className="px-3 py-1.5">greedy stack of RBMs, optional fine-tuning</td>
            </tr>
            <tr>
              <th scope="row" className="px-3 py-1.5 text-left font-semibold">
                Sampling
              </th>
              <td className="px-3 py-1.5">block Gibbs over all layers</td>
              <td className="px-3 py-1.5">Gibbs in the top RBM, then one top-down pass</td>
            </tr>
          </tbody>
        </table>
      </div>

      <h2 id="references">References</h2>
      <ul className="text-sm">
        <li>G. E. Hinton. “Training Products of Experts by Minimizing Contrastive Divergence.” Neural Computation, 2002.</li>
        <li>T. Tieleman. “Training RBMs using Approximations to the Likelihood Gradient.” ICML 2008.</li>
        <li>G. E. Hinton, S. Osindero, Y.-W. Teh. “A Fast Learning Algorithm for Deep Belief Nets.” Neural Computation, 2006.</li>
        <li>R. Salakhutdinov, G. E. Hinton. “Deep Boltzmann Machines.” AISTATS 2009.</li>
        <li>R. Salakhutdinov, G. E. Hinton. “An Efficient Learning Procedure for Deep Boltzmann Machines.” Neural Computation, 2012.</li>
        <li>I. Goodfellow, Y. Bengio, A. Courville. Deep Learning. MIT Press, 2016 (ch. 18 and 20).</li>
      </ul>
    </div>
  );
}

export const rbmDbmDbnModule: ModuleContent = { slug: "rbm-dbm-dbn", minutes: 18, Body: RbmBody };
