import { Tex } from "@/app/_components/Tex";
import { LikelihoodDiagram } from "@/app/_components/diagrams/probability";
import type { ModuleContent } from "./index";

/*
 * Module text: parametric density estimation and maximum likelihood.
 * References: the lecture (Part 3, "Parametric density estimation", "MLE solution"), with errata 4
 * (L(θ) = Π_k P_θ(x_k) is the likelihood of the data set, not a density of x);
 * C. M. Bishop, "Pattern Recognition and Machine Learning" (2006), §1.2.4 and §2.3.4;
 * K. P. Murphy, "Probabilistic Machine Learning: An Introduction" (2022), §4.2.
 */

function ParametricBody() {
  return (
    <div className="prose-genlab">
      <p>
        The most direct way to build a generative model is to choose a family of distributions <Tex>{String.raw`p_\theta(x)`}</Tex> — Gaussian, Bernoulli,
        Poisson, … — and let the data decide the parameters <Tex>{String.raw`\theta`}</Tex>. This is <strong>parametric density estimation</strong>: the form is
        fixed in advance, only a handful of numbers are learned.
      </p>

      <h2 id="likelihood">The likelihood of a data set</h2>
      <p>
        Let <Tex>{String.raw`\{x_1, \dots, x_N\}`}</Tex>, <Tex>{String.raw`x_k \in \mathbb{R}^d`}</Tex>, be independent and identically distributed (i.i.d.)
        draws. Independence lets the probability of the whole set factorise, and we read the result as a function of the parameters:
      </p>
      <Tex display>{String.raw`L(\theta) = \prod_{k=1}^{N} p_\theta(x_k).`}</Tex>
      <p>
        <Tex>{String.raw`L(\theta)`}</Tex> is the <strong>likelihood</strong> of the data set. It is not a density of <Tex>{String.raw`x`}</Tex> — the data are
        fixed numbers here — and it is not a density over <Tex>{String.raw`\theta`}</Tex> either: nothing makes it integrate to one over the parameters. It only
        scores how well each <Tex>{String.raw`\theta`}</Tex> explains the observations. The model of a new point is still the single density{" "}
        <Tex>{String.raw`p_\theta(x)`}</Tex>. (The lecture writes a capital <Tex>{String.raw`P_\theta`}</Tex> here; the course writes a model&apos;s density or
        mass function as <Tex>{String.raw`p_\theta`}</Tex>.)
      </p>
      <p>
        <strong>Maximum likelihood estimation</strong> (MLE) picks the parameters that make the observed data most probable. In practice one maximises the
        log-likelihood:
      </p>
      <Tex display>{String.raw`LL(\theta) = \sum_{k=1}^{N} \ln p_\theta(x_k), \qquad \theta^* = \arg\max_\theta LL(\theta).`}</Tex>

      <h2 id="why-log">Why the log-likelihood?</h2>
      <ul>
        <li>
          <strong>Numerics.</strong> A product of many numbers below one underflows. A thousand points with density 0.01 each have likelihood{" "}
          <Tex>{String.raw`10^{-2000}`}</Tex>, far below the smallest double-precision number (about <Tex>{String.raw`10^{-308}`}</Tex>); a computer stores
          exactly 0. The log-likelihood is the harmless <Tex>{String.raw`1000 \ln 0.01 \approx -4605`}</Tex>.
        </li>
        <li>
          <strong>Calculus.</strong> The derivative of a sum is the sum of the derivatives, one per data point — no product rule over <Tex>{String.raw`N`}</Tex>{" "}
          factors. This per-point structure is also what makes stochastic gradient descent on minibatches possible. For exponential-family models the log also
          cancels the exponential, leaving, for a Gaussian, a quadratic.
        </li>
        <li>
          <strong>Same answer.</strong> The logarithm is strictly increasing, so <Tex>{String.raw`L`}</Tex> and <Tex>{String.raw`\ln L`}</Tex> have their
          maximum at the same <Tex>{String.raw`\theta`}</Tex>.
        </li>
      </ul>
      <p>
        There is also a deeper reading. Divided by <Tex>{String.raw`N`}</Tex>, the log-likelihood estimates{" "}
        <Tex>{String.raw`\mathbb{E}_{p_{\text{data}}}[\ln p_\theta(x)] = -H(p_{\text{data}}) - \mathrm{KL}(p_{\text{data}} \,\|\, p_\theta)`}</Tex>. The entropy
        does not depend on <Tex>{String.raw`\theta`}</Tex>, so maximising the likelihood is minimising the Kullback–Leibler divergence from the data
        distribution to the model — the precise sense in which MLE makes <Tex>{String.raw`p_\theta \approx p_{\text{data}}`}</Tex>.
      </p>

      <h2 id="gaussian">The MLE of a Gaussian</h2>
      <p>
        In one dimension, with <Tex>{String.raw`\theta = (\mu, \sigma^2)`}</Tex>,
      </p>
      <Tex display>{String.raw`LL(\mu, \sigma^2) = -\frac{N}{2}\ln(2\pi\sigma^2) - \frac{1}{2\sigma^2}\sum_{k=1}^{N}(x_k - \mu)^2 .`}</Tex>
      <p>Setting the derivatives to zero:</p>
      <Tex
        display
      >{String.raw`\frac{\partial LL}{\partial \mu} = \frac{1}{\sigma^2}\sum_k (x_k - \mu) = 0 \;\Rightarrow\; \hat\mu = \frac{1}{N}\sum_k x_k,`}</Tex>
      <Tex
        display
      >{String.raw`\frac{\partial LL}{\partial \sigma^2} = -\frac{N}{2\sigma^2} + \frac{1}{2\sigma^4}\sum_k (x_k - \mu)^2 = 0 \;\Rightarrow\; \hat\sigma^2 = \frac{1}{N}\sum_k (x_k - \hat\mu)^2 .`}</Tex>
      <p>
        The same calculation for <Tex>{String.raw`\mathcal{N}(x \mid \mu, \Sigma)`}</Tex> in <Tex>{String.raw`d`}</Tex> dimensions gives the sample mean and the
        sample covariance with factor <Tex>{String.raw`1/N`}</Tex>:
      </p>
      <Tex
        display
      >{String.raw`\begin{gathered} \hat\mu = \frac{1}{N}\sum_{k=1}^{N} x_k, \\[6pt] \hat\Sigma = \frac{1}{N}\sum_{k=1}^{N} (x_k - \hat\mu)(x_k - \hat\mu)^{\top}. \end{gathered}`}</Tex>
      <p>
        For the data <Tex>{String.raw`\{2, 4, 9\}`}</Tex>: <Tex>{String.raw`\hat\mu = 5`}</Tex> and{" "}
        <Tex>{String.raw`\hat\sigma^2 = (9 + 1 + 16)/3 = 26/3 \approx 8.67`}</Tex>. The MLE of the variance is slightly too small on average,{" "}
        <Tex>{String.raw`\mathbb{E}[\hat\sigma^2] = \tfrac{N-1}{N}\sigma^2`}</Tex>, because <Tex>{String.raw`\hat\mu`}</Tex> was fitted to the same points;
        dividing by <Tex>{String.raw`N - 1`}</Tex> instead gives the unbiased estimate. The difference vanishes as <Tex>{String.raw`N`}</Tex> grows.
      </p>
      <p>
        Other families work the same way: for coin flips with <Tex>{String.raw`p_\theta(1) = \theta`}</Tex>, the MLE is the fraction of heads.
      </p>
      <LikelihoodDiagram />

      <h2 id="limits">When the form is wrong</h2>
      <p>
        MLE finds the best member of the chosen family, and nothing better. If the data have two clusters and the family is a single Gaussian, the fitted model
        puts its peak between the clusters, where there is no data at all. Real data are often multimodal and high-dimensional, and guessing a good form is
        hard. Two answers follow in the course: drop the fixed form altogether (non-parametric estimation, next module), or build flexible forms out of simple
        pieces (mixtures and latent variables).
      </p>
    </div>
  );
}

export const parametricDensityEstimationModule: ModuleContent = { slug: "parametric-density-estimation", minutes: 8, Body: ParametricBody };
