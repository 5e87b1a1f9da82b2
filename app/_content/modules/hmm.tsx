import { Tex } from "@/app/_components/Tex";
import { HmmTrellisDiagram } from "@/app/_components/diagrams/graphical";
import { HmmTrellis } from "@/app/_components/widgets/HmmTrellis";
import type { ModuleContent } from "./index";

/*
 * Module text: sequential data and hidden Markov models.
 * References: the lecture (Part 3, "GMM for sequential data", "Hidden Markov models (HMM)"), with errata 9
 * (the joint P(y_{1:T}, z_{1:T}) = P(z_1) Π_{t≥2} P(z_t | z_{t−1}) Π_t P(y_t | z_t));
 * L. E. Baum, T. Petrie, "Statistical Inference for Probabilistic Functions of Finite State Markov
 * Chains", Annals of Mathematical Statistics 1966; L. R. Rabiner, "A Tutorial on Hidden Markov Models and
 * Selected Applications in Speech Recognition", Proc. IEEE 1989; C. M. Bishop, "Pattern Recognition and
 * Machine Learning" (2006), §13.2. Notation: docs/notation.md (observations y_t, as in the lecture).
 */

function HmmBody() {
  return (
    <div className="prose-genlab">
      <p>
        Speech, text, sensor readings and stock prices are <strong>sequential data</strong>: vectors with an extra axis — time or position — that has physical
        meaning. Shuffle the frames of a recording and you destroy it. A good model of such data must care about order.
      </p>

      <h2 id="gmm-sequences">A GMM ignores order</h2>
      <p>
        Fitting a Gaussian mixture to the frames <Tex>{String.raw`y_1, \dots, y_T`}</Tex> treats them as independent:
      </p>
      <Tex display>{String.raw`p(y_{1:T}) = \prod_{t=1}^{T} \sum_{k} \pi_k\, \mathcal{N}(y_t \mid \mu_k, \Sigma_k).`}</Tex>
      <p>
        This product does not change if the frames are permuted, so the model cannot tell a sentence from the same sounds in random order. One workaround, shown
        in the lecture, is to cut a sequence <Tex>{String.raw`s_0, s_1, \dots, s_{n-1}`}</Tex> into overlapping windows of length <Tex>{String.raw`d`}</Tex> and
        treat each window as one data vector:
      </p>
      <Tex
        display
      >{String.raw`X = \begin{pmatrix} s_0 & s_1 & \cdots & s_{d-1} \\ s_1 & s_2 & \cdots & s_d \\ \vdots & & \ddots & \vdots \\ s_{n-d} & s_{n-d+1} & \cdots & s_{n-1} \end{pmatrix}.`}</Tex>
      <p>
        A GMM on the rows of <Tex>{String.raw`X`}</Tex> sees order within a window, but nothing longer than <Tex>{String.raw`d`}</Tex> steps, and the dimension
        grows with <Tex>{String.raw`d`}</Tex>. A hidden Markov model instead lets the hidden component itself evolve over time.
      </p>

      <h2 id="hmm">The hidden Markov model</h2>
      <p>
        An HMM is a state-space model with a finite set of hidden states. A hidden sequence <Tex>{String.raw`z_{1:T}`}</Tex>, each{" "}
        <Tex>{String.raw`z_t \in \{1, \dots, K\}`}</Tex>, forms a Markov chain, and each observation <Tex>{String.raw`y_t`}</Tex> depends only on the current
        state. (The observations are written <Tex>{String.raw`y_t`}</Tex> here, as in the lecture, although other modules write data as{" "}
        <Tex>{String.raw`x`}</Tex>; and <Tex>{String.raw`P`}</Tex> is a probability, also as in the lecture.) The parameters are
      </p>
      <ul>
        <li>
          initial probabilities <Tex>{String.raw`\pi_k = P(z_1 = k)`}</Tex>;
        </li>
        <li>
          transitions <Tex>{String.raw`A_{ij} = P(z_t = j \mid z_{t-1} = i)`}</Tex> (each <em>row</em> sums to one — the usual HMM convention, the transpose of
          the column-stochastic matrix in the Markov-chain module);
        </li>
        <li>
          emissions <Tex>{String.raw`b_k(y) = P(y_t = y \mid z_t = k)`}</Tex> — for discrete symbols a table, the emission matrix <Tex>{String.raw`B`}</Tex>{" "}
          with <Tex>{String.raw`B_{kv} = b_k(v)`}</Tex> (each row sums to one); for continuous data a Gaussian (or a whole GMM) per state.
        </li>
      </ul>
      <p>The joint probability of states and observations is</p>
      <Tex display>{String.raw`P(y_{1:T}, z_{1:T}) = P(z_1) \prod_{t=2}^{T} P(z_t \mid z_{t-1}) \prod_{t=1}^{T} P(y_t \mid z_t).`}</Tex>
      <HmmTrellisDiagram />
      <p>
        Note the ranges: transitions start at <Tex>{String.raw`t = 2`}</Tex>, because the first state has no predecessor and is drawn from{" "}
        <Tex>{String.raw`P(z_1)`}</Tex>; emissions run over all <Tex>{String.raw`T`}</Tex> steps. Setting <Tex>{String.raw`A_{ij} = \pi_j`}</Tex> for every{" "}
        <Tex>{String.raw`i`}</Tex> makes the states independent and recovers the GMM. Three questions are asked of an HMM: how likely is a sequence (the forward
        algorithm), which hidden path explains it best (Viterbi), and how to learn the parameters (Baum–Welch).
      </p>

      <h2 id="forward">The forward algorithm</h2>
      <p>
        <Tex>{String.raw`P(y_{1:T}) = \sum_{z_{1:T}} P(y_{1:T}, z_{1:T})`}</Tex> has <Tex>{String.raw`K^T`}</Tex> terms. Dynamic programming avoids enumerating
        them. Define <Tex>{String.raw`\alpha_t(j) = P(y_{1:t}, z_t = j)`}</Tex>; then
      </p>
      <Tex
        display
      >{String.raw`\begin{gathered} \alpha_1(j) = \pi_j\, b_j(y_1), \\[6pt] \alpha_t(j) = b_j(y_t) \sum_{i=1}^{K} \alpha_{t-1}(i)\, A_{ij}, \\[6pt] P(y_{1:T}) = \sum_{j} \alpha_T(j), \end{gathered}`}</Tex>
      <p>
        at a cost of <Tex>{String.raw`O(T K^2)`}</Tex>. Example: <Tex>{String.raw`K = 2`}</Tex>, <Tex>{String.raw`\pi = (0.6, 0.4)`}</Tex>,{" "}
        <Tex>{String.raw`A = \begin{pmatrix} 0.7 & 0.3 \\ 0.4 & 0.6 \end{pmatrix}`}</Tex>, and the symbol <Tex>{String.raw`a`}</Tex> emitted with probability
        0.9 in state 1 and 0.2 in state 2. For <Tex>{String.raw`y = (a, a)`}</Tex>: <Tex>{String.raw`\alpha_1 = (0.54, 0.08)`}</Tex>,{" "}
        <Tex>{String.raw`\alpha_2 = (0.9 \cdot 0.41,\; 0.2 \cdot 0.21) = (0.369, 0.042)`}</Tex>, so <Tex>{String.raw`P(a, a) = 0.411`}</Tex>.
      </p>
      <p>
        <strong>Scaling.</strong> The <Tex>{String.raw`\alpha`}</Tex>&apos;s shrink geometrically with <Tex>{String.raw`t`}</Tex> and underflow for long
        sequences. Normalise at each step: compute <Tex>{String.raw`\tilde\alpha_t`}</Tex> from the normalised <Tex>{String.raw`\hat\alpha_{t-1}`}</Tex>, set{" "}
        <Tex>{String.raw`c_t = \sum_j \tilde\alpha_t(j)`}</Tex> and <Tex>{String.raw`\hat\alpha_t = \tilde\alpha_t / c_t`}</Tex>. Each{" "}
        <Tex>{String.raw`c_t`}</Tex> equals <Tex>{String.raw`P(y_t \mid y_{1:t-1})`}</Tex>, so
      </p>
      <Tex display>{String.raw`\ln P(y_{1:T}) = \sum_{t=1}^{T} \ln c_t .`}</Tex>

      <h2 id="viterbi">Viterbi decoding</h2>
      <p>To find the single most probable hidden path, replace the sum by a maximum and remember where it came from:</p>
      <Tex
        display
      >{String.raw`\begin{gathered} \delta_1(j) = \pi_j\, b_j(y_1), \\[6pt] \delta_t(j) = b_j(y_t) \max_{i} \delta_{t-1}(i)\, A_{ij}, \\[6pt] \psi_t(j) = \arg\max_i \delta_{t-1}(i)\, A_{ij}. \end{gathered}`}</Tex>
      <p>
        Take the best final state <Tex>{String.raw`\arg\max_j \delta_T(j)`}</Tex> and follow the pointers <Tex>{String.raw`\psi`}</Tex> backwards. In practice
        this runs in log-space, where products become sums. In the example,{" "}
        <Tex>{String.raw`\delta_2 = (0.9 \cdot 0.378,\; 0.2 \cdot 0.162) = (0.3402, 0.0324)`}</Tex>: the best path is <Tex>{String.raw`(1, 1)`}</Tex> with
        probability 0.3402.
      </p>
      <p>The widget below runs both recursions on this example model for a sequence of up to eight symbols that you choose.</p>
      <HmmTrellis />

      <h2 id="baum-welch">Learning: Baum–Welch is EM</h2>
      <p>
        The hidden states play the role of the mixture assignments in a GMM, and learning follows the same EM pattern. A backward pass computes{" "}
        <Tex>{String.raw`\beta_t(i) = P(y_{t+1:T} \mid z_t = i)`}</Tex>, with <Tex>{String.raw`\beta_T = 1`}</Tex> and{" "}
        <Tex>{String.raw`\beta_t(i) = \sum_j A_{ij}\, b_j(y_{t+1})\, \beta_{t+1}(j)`}</Tex>. The E step then gives state and transition posteriors,
      </p>
      <Tex
        display
      >{String.raw`\begin{gathered} \gamma_t(i) = \frac{\alpha_t(i)\,\beta_t(i)}{P(y_{1:T})}, \\[6pt] \xi_t(i, j) = \frac{\alpha_t(i)\, A_{ij}\, b_j(y_{t+1})\, \beta_{t+1}(j)}{P(y_{1:T})}, \end{gathered}`}</Tex>
      <p>and the M step re-estimates from these expected counts:</p>
      <Tex
        display
      >{String.raw`\begin{gathered} \pi_i = \gamma_1(i), \\[6pt] A_{ij} = \frac{\sum_{t=1}^{T-1} \xi_t(i, j)}{\sum_{t=1}^{T-1} \gamma_t(i)}, \\[6pt] b_j(v) = \frac{\sum_{t:\, y_t = v} \gamma_t(j)}{\sum_{t} \gamma_t(j)} . \end{gathered}`}</Tex>
      <p>
        Gaussian emissions are updated like GMM components, weighted by <Tex>{String.raw`\gamma_t(j)`}</Tex>. As with any EM, the likelihood never decreases and
        the result depends on initialisation. HMMs with GMM emissions were the backbone of speech recognition for three decades.
      </p>

      <h2 id="references">References</h2>
      <ul className="text-sm">
        <li>
          L. E. Baum, T. Petrie. “Statistical Inference for Probabilistic Functions of Finite State Markov Chains.” Annals of Mathematical Statistics, 1966.
        </li>
        <li>L. R. Rabiner. “A Tutorial on Hidden Markov Models and Selected Applications in Speech Recognition.” Proceedings of the IEEE, 1989.</li>
        <li>C. M. Bishop. Pattern Recognition and Machine Learning. Springer, 2006 (section 13.2).</li>
      </ul>
    </div>
  );
}

export const hmmModule: ModuleContent = { slug: "hmm", minutes: 10, Body: HmmBody };
