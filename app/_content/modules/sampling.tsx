import { Tex } from "@/app/_components/Tex";
import { InverseCdfDiagram } from "@/app/_components/diagrams/probability";
import type { ModuleContent } from "./index";

/*
 * Module text: sampling from a discrete distribution and the inverse-CDF transform.
 * References: the lecture (Part 3, "Sampling", "Discrete random variables", "Inverse CDF transform"),
 * with errata 2 (a discrete variable has a PMF; sample with the first cumulative probability above u);
 * L. Devroye, "Non-Uniform Random Variate Generation" (1986), ch. 2 (the inversion method);
 * C. M. Bishop, "Pattern Recognition and Machine Learning" (2006), §11.1.1.
 */

function SamplingBody() {
  return (
    <div className="prose-genlab">
      <p>
        A generative model is only useful if we can draw new examples from it. So before looking at any model, this module asks a simpler question: given a
        distribution <Tex>{String.raw`p(x)`}</Tex> written down on paper, how does a computer produce samples from it? The only randomness a program normally
        has is a uniform random number <Tex>{String.raw`u \sim \mathcal{U}(0, 1)`}</Tex>. Everything else is built by transforming such numbers.
      </p>

      <h2 id="discrete">Discrete variables</h2>
      <p>
        Suppose <Tex>{String.raw`X`}</Tex> takes one of the values <Tex>{String.raw`x_1, \dots, x_K`}</Tex> with probabilities{" "}
        <Tex>{String.raw`p_1, \dots, p_K`}</Tex>. These numbers form a <strong>probability mass function</strong> (PMF): each{" "}
        <Tex>{String.raw`p_k = P(X = x_k)`}</Tex> is an actual probability, they are non-negative, and they add up to one. (A probability <em>density</em>{" "}
        function belongs to continuous variables; see the next section.) Build the running totals
      </p>
      <Tex display>{String.raw`F_k = \sum_{j=1}^{k} p_j, \qquad F_0 = 0,\; F_K = 1 .`}</Tex>
      <p>
        They cut the unit interval into <Tex>{String.raw`K`}</Tex> consecutive pieces, and piece <Tex>{String.raw`k`}</Tex>,{" "}
        <Tex>{String.raw`[F_{k-1}, F_k)`}</Tex>, has length exactly <Tex>{String.raw`p_k`}</Tex>. The sampler is therefore:
      </p>
      <ol>
        <li>
          draw <Tex>{String.raw`u \sim \mathcal{U}(0,1)`}</Tex>;
        </li>
        <li>
          return the <strong>first</strong> value <Tex>{String.raw`x_k`}</Tex> whose cumulative probability exceeds <Tex>{String.raw`u`}</Tex>, i.e. the
          smallest <Tex>{String.raw`k`}</Tex> with <Tex>{String.raw`u < F_k`}</Tex>.
        </li>
      </ol>
      <p>
        Because <Tex>{String.raw`u`}</Tex> is uniform, it lands in piece <Tex>{String.raw`k`}</Tex> with probability equal to that piece&apos;s length,{" "}
        <Tex>{String.raw`p_k`}</Tex> — exactly what we wanted.
      </p>
      <p>
        <strong>Example.</strong> Values <Tex>{String.raw`\{a, b, c\}`}</Tex> with probabilities 0.2, 0.5, 0.3 give the cumulative totals 0.2, 0.7, 1.0. A draw{" "}
        <Tex>{String.raw`u = 0.63`}</Tex> is not below 0.2 but is below 0.7, so the sample is <Tex>{String.raw`b`}</Tex>. A linear scan costs{" "}
        <Tex>{String.raw`O(K)`}</Tex> per sample; a binary search over the stored totals brings this to <Tex>{String.raw`O(\log K)`}</Tex>, which matters when a
        language model picks the next token from tens of thousands of candidates.
      </p>

      <h2 id="inverse-cdf">Continuous variables: the inverse-CDF transform</h2>
      <p>
        For a continuous variable with density <Tex>{String.raw`p(x)`}</Tex>, the running total becomes an integral, the cumulative distribution function
      </p>
      <Tex display>{String.raw`F(x) = P(X \le x) = \int_{-\infty}^{x} p(t)\, dt .`}</Tex>
      <p>
        The discrete recipe carries over: draw <Tex>{String.raw`u`}</Tex> and return the point where <Tex>{String.raw`F`}</Tex> reaches{" "}
        <Tex>{String.raw`u`}</Tex>,
      </p>
      <Tex display>{String.raw`X = F^{-1}(U), \qquad U \sim \mathcal{U}(0,1).`}</Tex>
      <p>
        Why it works, for a strictly increasing <Tex>{String.raw`F`}</Tex>: the event <Tex>{String.raw`F^{-1}(U) \le x`}</Tex> is the same as{" "}
        <Tex>{String.raw`U \le F(x)`}</Tex>, and a uniform variable is below <Tex>{String.raw`F(x)`}</Tex> with probability <Tex>{String.raw`F(x)`}</Tex>. So{" "}
        <Tex>{String.raw`X`}</Tex> has CDF <Tex>{String.raw`F`}</Tex>. (If <Tex>{String.raw`F`}</Tex> has flat parts, use the generalised inverse{" "}
        <Tex>{String.raw`F^{-1}(u) = \inf\{x : F(x) \ge u\}`}</Tex>; the discrete sampler above is this rule applied to a staircase-shaped{" "}
        <Tex>{String.raw`F`}</Tex>.) Read backwards, the argument also says <Tex>{String.raw`F(X)`}</Tex> is uniform when <Tex>{String.raw`X \sim p`}</Tex> —
        the basis of many goodness-of-fit tests.
      </p>
      <InverseCdfDiagram />

      <h2 id="exponential">Example: the exponential distribution</h2>
      <p>
        With rate <Tex>{String.raw`\lambda > 0`}</Tex>, <Tex>{String.raw`p(x) = \lambda e^{-\lambda x}`}</Tex> for <Tex>{String.raw`x \ge 0`}</Tex>, so{" "}
        <Tex>{String.raw`F(x) = 1 - e^{-\lambda x}`}</Tex>. Solving <Tex>{String.raw`u = F(x)`}</Tex> for <Tex>{String.raw`x`}</Tex>:
      </p>
      <Tex display>{String.raw`x = -\frac{1}{\lambda}\ln(1 - u).`}</Tex>
      <p>
        Since <Tex>{String.raw`1 - U`}</Tex> is also uniform, <Tex>{String.raw`-\ln(U)/\lambda`}</Tex> works equally well.
      </p>

      <h2 id="laplace">Example: the Laplace distribution</h2>
      <p>
        The Laplace density with location <Tex>{String.raw`\mu`}</Tex> and scale <Tex>{String.raw`b`}</Tex> is two exponentials glued back to back,{" "}
        <Tex>{String.raw`p(x) = \frac{1}{2b} e^{-|x-\mu|/b}`}</Tex>. Its CDF is
      </p>
      <Tex display>{String.raw`F(x) = \begin{cases} \tfrac12\, e^{(x-\mu)/b}, & x < \mu,\\[2pt] 1 - \tfrac12\, e^{-(x-\mu)/b}, & x \ge \mu, \end{cases}`}</Tex>
      <p>and inverting each branch gives one formula:</p>
      <Tex display>{String.raw`x = \mu - b\,\operatorname{sgn}\!\big(u - \tfrac12\big)\,\ln\!\big(1 - 2\,|u - \tfrac12|\big).`}</Tex>
      <p>
        For <Tex>{String.raw`u = 0.9`}</Tex>, <Tex>{String.raw`\mu = 0`}</Tex>, <Tex>{String.raw`b = 1`}</Tex>:{" "}
        <Tex>{String.raw`x = -\ln 0.2 \approx 1.609`}</Tex>, and indeed <Tex>{String.raw`F(1.609) = 1 - \tfrac12 \cdot 0.2 = 0.9`}</Tex>. This module&apos;s
        exercise asks you to implement exactly this sampler and test it against the true CDF.
      </p>

      <h2 id="limits">Where inversion stops</h2>
      <ul>
        <li>
          It needs <Tex>{String.raw`F^{-1}`}</Tex> in a usable form. The Gaussian CDF has no closed-form inverse, so practice uses other tricks (Box–Muller, or
          numerical inversion).
        </li>
        <li>
          It is essentially one-dimensional. For a joint distribution over many variables one would have to invert a chain of conditional CDFs, which is rarely
          possible.
        </li>
        <li>
          It needs the <em>normalised</em> distribution. Many models only give <Tex>{String.raw`p(x)`}</Tex> up to an unknown constant.
        </li>
      </ul>
      <p>
        These limits motivate the next two modules: Markov chain Monte Carlo and Gibbs sampling draw from high-dimensional, unnormalised distributions by
        running a random process whose long-run behaviour is the target.
      </p>
    </div>
  );
}

export const samplingModule: ModuleContent = { slug: "sampling", minutes: 8, Body: SamplingBody };
