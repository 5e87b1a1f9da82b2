import { Tex } from "@/app/_components/Tex";
import { MarkovChainConvergence } from "@/app/_components/widgets/MarkovChainConvergence";
import type { ModuleContent } from "./index";

/*
 * Module text: finite Markov chains, stationary distributions, detailed balance, Metropolis–Hastings.
 * References: the lecture (Part 3, "Monte Carlo Markov chain"), with errata 3 (the column-stochastic
 * matrix and π = (4/51, 40/51, 7/51)); Metropolis et al. 1953; Hastings 1970;
 * C. M. Bishop, "Pattern Recognition and Machine Learning" (2006), §11.2;
 * C. Andrieu et al., "An Introduction to MCMC for Machine Learning", Machine Learning 50 (2003).
 */

function MarkovChainsBody() {
  return (
    <div className="prose-genlab">
      <p>
        Inverse-CDF sampling breaks down in high dimensions and when the distribution is known only up to a constant. Markov chain Monte Carlo (MCMC) takes a
        different route: instead of producing independent samples directly, it runs a random walk that has been designed so that, in the long run, it spends
        time in each region in proportion to the target probability.
      </p>

      <h2 id="markov-chain">Markov chains</h2>
      <p>
        A Markov chain moves between states; where it goes next depends only on where it is now. For <Tex>{String.raw`n`}</Tex> states, collect the transition
        probabilities in a matrix with <Tex>{String.raw`P_{ij} = P(\text{next} = i \mid \text{now} = j)`}</Tex>. If the column vector{" "}
        <Tex>{String.raw`x_t`}</Tex> holds the probabilities of being in each state at time <Tex>{String.raw`t`}</Tex>, then
      </p>
      <Tex display>{String.raw`x_{t+1} = P\,x_t, \qquad x_t = P^t x_0 .`}</Tex>
      <p>
        With this convention every <strong>column</strong> of <Tex>{String.raw`P`}</Tex> sums to one (the chain must go somewhere); <Tex>{String.raw`P`}</Tex>{" "}
        is <em>column-stochastic</em>. The lecture&apos;s example has three states:
      </p>
      <Tex display>{String.raw`P = \begin{pmatrix} 0 & 0.1 & 0 \\ 0.3 & 0.9 & 0.4 \\ 0.7 & 0 & 0.6 \end{pmatrix}`}</Tex>
      <p>
        Column 1 says: from state 1 the chain never stays, moving to state 2 with probability 0.3 and to state 3 with probability 0.7. Starting surely in state
        1, <Tex>{String.raw`x_0 = (1, 0, 0)`}</Tex>, one step gives <Tex>{String.raw`x_1 = (0, 0.3, 0.7)`}</Tex> and two steps give{" "}
        <Tex>{String.raw`x_2 = (0.03, 0.55, 0.42)`}</Tex>.
      </p>

      <h2 id="stationary">The stationary distribution</h2>
      <p>
        A distribution that one step leaves unchanged, <Tex>{String.raw`\pi = P\pi`}</Tex>, is called <strong>stationary</strong>. For the example the three
        equations read
      </p>
      <Tex
        display
      >{String.raw`\begin{gathered} \pi_1 = 0.1\,\pi_2, \\[6pt] \pi_2 = 0.3\,\pi_1 + 0.9\,\pi_2 + 0.4\,\pi_3, \\[6pt] \pi_3 = 0.7\,\pi_1 + 0.6\,\pi_3 . \end{gathered}`}</Tex>
      <p>
        The first gives <Tex>{String.raw`\pi_2 = 10\,\pi_1`}</Tex>, the third <Tex>{String.raw`\pi_3 = \tfrac74\,\pi_1`}</Tex> (the second is then automatic).
        Normalising, <Tex>{String.raw`\pi_1 (1 + 10 + \tfrac74) = \tfrac{51}{4}\pi_1 = 1`}</Tex>, so
      </p>
      <Tex display>{String.raw`\pi = \left(\tfrac{4}{51},\; \tfrac{40}{51},\; \tfrac{7}{51}\right) \approx (0.0784,\; 0.7843,\; 0.1373).`}</Tex>
      <p>
        Equivalently, <Tex>{String.raw`\pi`}</Tex> is the eigenvector of <Tex>{String.raw`P`}</Tex> for eigenvalue 1, scaled to sum to one.
      </p>

      <h2 id="convergence">Convergence from any start</h2>
      <p>
        A chain is <strong>regular</strong> if some power <Tex>{String.raw`P^k`}</Tex> has only positive entries — every state can reach every state in exactly{" "}
        <Tex>{String.raw`k`}</Tex> steps. Here <Tex>{String.raw`P^2`}</Tex> is already positive. For a regular chain the Perron–Frobenius theorem guarantees a
        unique stationary distribution and
      </p>
      <Tex display>{String.raw`\lim_{t \to \infty} P^t x_0 = \pi \quad \text{for every starting distribution } x_0 .`}</Tex>
      <p>
        How fast depends on the other eigenvalues: the distance to <Tex>{String.raw`\pi`}</Tex> shrinks roughly like <Tex>{String.raw`|\lambda_2|^t`}</Tex>. For
        this <Tex>{String.raw`P`}</Tex> the other eigenvalues are about 0.479 and 0.021, so ten steps from state 1 already give{" "}
        <Tex>{String.raw`(0.0783, 0.7837, 0.1380)`}</Tex>.
      </p>
      <MarkovChainConvergence />

      <h2 id="mcmc">MCMC: running the argument backwards</h2>
      <p>
        So far <Tex>{String.raw`P`}</Tex> was given and we found <Tex>{String.raw`\pi`}</Tex>. MCMC starts from the target <Tex>{String.raw`\pi`}</Tex> — the
        distribution we want samples from — and <em>constructs</em> a transition rule that has it as the stationary distribution. Simulating one trajectory then
        gives, after a <strong>burn-in</strong> period, states that are distributed (approximately) according to the target. The price: consecutive states are
        correlated, so <Tex>{String.raw`M`}</Tex> chain samples carry less information than <Tex>{String.raw`M`}</Tex> independent ones.
      </p>

      <h2 id="detailed-balance">Detailed balance</h2>
      <p>
        An easy way to make sure <Tex>{String.raw`\pi`}</Tex> is stationary is to require that, at equilibrium, the flow of probability from{" "}
        <Tex>{String.raw`j`}</Tex> to <Tex>{String.raw`i`}</Tex> equals the flow back:
      </p>
      <Tex display>{String.raw`P_{ij}\,\pi_j = P_{ji}\,\pi_i \quad \text{for all } i, j .`}</Tex>
      <p>
        Summing over <Tex>{String.raw`j`}</Tex> gives <Tex>{String.raw`(P\pi)_i = \sum_j P_{ji}\,\pi_i = \pi_i`}</Tex>, since column <Tex>{String.raw`i`}</Tex>{" "}
        sums to one. Detailed balance is sufficient, not necessary: the lecture&apos;s chain is stationary at <Tex>{String.raw`\pi`}</Tex> but not reversible —
        it can jump from state 1 to state 3 (probability 0.7) but never straight back (<Tex>{String.raw`P_{13} = 0`}</Tex>).
      </p>

      <h2 id="metropolis-hastings">Metropolis–Hastings</h2>
      <p>
        Let the target be <Tex>{String.raw`p(x) = \tilde p(x)/Z`}</Tex> where only <Tex>{String.raw`\tilde p`}</Tex> can be evaluated. Choose a proposal
        distribution <Tex>{String.raw`q(x' \mid x)`}</Tex>, for example a Gaussian step around the current point. Each iteration:
      </p>
      <ol>
        <li>
          propose <Tex>{String.raw`x' \sim q(\cdot \mid x)`}</Tex>;
        </li>
        <li>
          accept it with probability
          <Tex display>{String.raw`\alpha(x \to x') = \min\!\left(1,\; \frac{\tilde p(x')\, q(x \mid x')}{\tilde p(x)\, q(x' \mid x)}\right);`}</Tex>
        </li>
        <li>
          if rejected, stay at <Tex>{String.raw`x`}</Tex> — and record <Tex>{String.raw`x`}</Tex> again as the next sample.
        </li>
      </ol>
      <p>
        This rule satisfies detailed balance with respect to <Tex>{String.raw`p`}</Tex>, and the unknown constant <Tex>{String.raw`Z`}</Tex> cancels in the
        ratio. For a symmetric proposal the <Tex>{String.raw`q`}</Tex> terms cancel too (the original Metropolis algorithm): moves uphill are always accepted,
        moves downhill with probability <Tex>{String.raw`\tilde p(x')/\tilde p(x)`}</Tex>.
      </p>
      <p>
        The step size of the proposal is the main tuning knob. Tiny steps are almost always accepted but crawl; huge steps are almost always rejected and the
        chain sits still. Either way the samples are strongly autocorrelated. This module&apos;s exercises let you compute the stationary distribution of the
        lecture&apos;s chain and tune a random-walk Metropolis sampler on a banana-shaped 2-D density.
      </p>
    </div>
  );
}

export const markovChainsMcmcModule: ModuleContent = { slug: "markov-chains-mcmc", minutes: 9, Body: MarkovChainsBody };
