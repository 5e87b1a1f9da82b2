import { Tex } from "@/app/_components/Tex";
import { GmmGraphicalDiagram } from "@/app/_components/diagrams/graphical";
import type { ModuleContent } from "./index";

/*
 * Module text: Gaussian mixture models and the EM algorithm.
 * References: the lecture (Part 3, "Gaussian mixture models (GMM)", "EM algorithm"; the EM slide is a title
 * only); A. P. Dempster, N. M. Laird, D. B. Rubin, "Maximum Likelihood from Incomplete Data via the EM
 * Algorithm", JRSS-B 1977; C. M. Bishop, "Pattern Recognition and Machine Learning" (2006), §9.2–9.4;
 * G. Schwarz, "Estimating the Dimension of a Model", Annals of Statistics 1978 (BIC).
 */

function GmmEmBody() {
  return (
    <div className="prose-genlab">
      <p>
        A single Gaussian cannot describe data with several clusters. A <strong>Gaussian mixture model</strong> (GMM) combines <Tex>{String.raw`K`}</Tex>{" "}
        Gaussians and is the simplest <em>latent-variable</em> model: each data point is explained by a hidden choice of which component produced it.
      </p>

      <h2 id="mixture">The mixture density</h2>
      <p>
        Let <Tex>{String.raw`z`}</Tex> be a <Tex>{String.raw`K`}</Tex>-dimensional one-hot vector (exactly one <Tex>{String.raw`z_k = 1`}</Tex>) with{" "}
        <Tex>{String.raw`p(z_k = 1) = \pi_k`}</Tex>, where <Tex>{String.raw`\pi_k \ge 0`}</Tex> and <Tex>{String.raw`\sum_k \pi_k = 1`}</Tex>. Given the
        component, the point is Gaussian:
      </p>
      <Tex
        display
      >{String.raw`\begin{gathered} p(z) = \prod_{k=1}^{K} \pi_k^{z_k}, \\[6pt] p(x \mid z_k = 1) = \mathcal{N}(x \mid \mu_k, \Sigma_k). \end{gathered}`}</Tex>
      <p>
        Summing the hidden variable out gives the density of <Tex>{String.raw`x`}</Tex>:
      </p>
      <Tex display>{String.raw`p(x) = \sum_{z} p(z)\,p(x \mid z) = \sum_{k=1}^{K} \pi_k\, \mathcal{N}(x \mid \mu_k, \Sigma_k).`}</Tex>
      <p>
        Sampling is ancestral: pick a component with probabilities <Tex>{String.raw`\pi`}</Tex> (the discrete sampler of the sampling module), then draw from
        that Gaussian. With enough components a mixture can approximate any smooth density.
      </p>
      <GmmGraphicalDiagram />

      <h2 id="why-em">Why not maximise the likelihood directly?</h2>
      <p>The structure is fixed; what remains is to estimate the parameters. The log-likelihood of the data is</p>
      <Tex display>{String.raw`\ln p(X) = \sum_{n=1}^{N} \ln \sum_{k=1}^{K} \pi_k\, \mathcal{N}(x_n \mid \mu_k, \Sigma_k).`}</Tex>
      <p>
        The sum inside the logarithm couples all components, and setting the gradient to zero gives no closed form. But if we knew which component generated
        each point, the problem would split into <Tex>{String.raw`K`}</Tex> separate Gaussian fits, each solved by the sample mean and covariance. EM exploits
        this by alternately guessing the assignments softly and refitting.
      </p>

      <h2 id="e-step">E step: responsibilities</h2>
      <p>
        With the current parameters, compute for every point the posterior probability that component <Tex>{String.raw`k`}</Tex> generated it, by Bayes&apos;
        rule:
      </p>
      <Tex
        display
      >{String.raw`\gamma_{nk} = p(z_k = 1 \mid x_n) = \frac{\pi_k\, \mathcal{N}(x_n \mid \mu_k, \Sigma_k)}{\sum_{j=1}^{K} \pi_j\, \mathcal{N}(x_n \mid \mu_j, \Sigma_j)} .`}</Tex>
      <p>
        Each row of responsibilities sums to one. Example in 1-D: two components with <Tex>{String.raw`\pi = (\tfrac12, \tfrac12)`}</Tex>, means 0 and 2, unit
        variance, and <Tex>{String.raw`x = 0.5`}</Tex>. The Gaussian factors are proportional to <Tex>{String.raw`e^{-0.125}`}</Tex> and{" "}
        <Tex>{String.raw`e^{-1.125}`}</Tex>, so <Tex>{String.raw`\gamma_1 = 1/(1 + e^{-1}) \approx 0.731`}</Tex>.
      </p>

      <h2 id="m-step">M step: weighted maximum likelihood</h2>
      <p>
        Refit each component as if point <Tex>{String.raw`n`}</Tex> belonged to it with weight <Tex>{String.raw`\gamma_{nk}`}</Tex>. With the effective count{" "}
        <Tex>{String.raw`N_k = \sum_n \gamma_{nk}`}</Tex>:
      </p>
      <Tex
        display
      >{String.raw`\begin{gathered} \mu_k = \frac{1}{N_k}\sum_{n} \gamma_{nk}\, x_n, \\[6pt] \Sigma_k = \frac{1}{N_k}\sum_{n} \gamma_{nk}\,(x_n - \mu_k)(x_n - \mu_k)^{\top}, \\[6pt] \pi_k = \frac{N_k}{N}. \end{gathered}`}</Tex>
      <p>These are exactly the Gaussian MLE formulas of the parametric module, with weights.</p>

      <h2 id="monotone">The log-likelihood never decreases</h2>
      <p>
        For any distribution <Tex>{String.raw`q(z)`}</Tex> over assignments (the course writes <Tex>{String.raw`q`}</Tex> for such inference distributions, as
        for a VAE&apos;s encoder), Jensen&apos;s inequality gives a lower bound
      </p>
      <Tex display>{String.raw`\ln p(x \mid \theta) \;\ge\; \sum_{z} q(z) \ln \frac{p(x, z \mid \theta)}{q(z)} ,`}</Tex>
      <p>
        with equality when <Tex>{String.raw`q(z) = p(z \mid x, \theta)`}</Tex>. The E step sets <Tex>{String.raw`q`}</Tex> to that posterior, so the bound
        touches the log-likelihood at the current parameters; the M step maximises the bound over <Tex>{String.raw`\theta`}</Tex>, which can only push the
        log-likelihood up. Each iteration therefore increases <Tex>{String.raw`\ln p(X)`}</Tex> or leaves it unchanged, and EM converges — to a local maximum
        (or saddle point), not necessarily the global one. A decreasing log-likelihood in your code is a bug.
      </p>

      <h2 id="practice">Initialisation and pitfalls</h2>
      <ul>
        <li>
          <strong>Initialisation</strong> decides which local optimum you reach. Common choices: run k-means first and use its clusters, or try several random
          starts and keep the best log-likelihood.
        </li>
        <li>
          <strong>Collapsing components.</strong> If a Gaussian sits on a single point and its variance shrinks to zero, the likelihood goes to infinity — a
          degenerate &ldquo;optimum&rdquo;. Add a small constant to the diagonal of each <Tex>{String.raw`\Sigma_k`}</Tex>, or use a prior.
        </li>
        <li>
          <strong>Numerics.</strong> Compute responsibilities from log-densities with the log-sum-exp trick; raw Gaussian densities in many dimensions
          underflow.
        </li>
      </ul>

      <h2 id="choosing-k">Choosing K</h2>
      <p>
        The training log-likelihood keeps rising as <Tex>{String.raw`K`}</Tex> grows, so it cannot choose <Tex>{String.raw`K`}</Tex> by itself. The Bayesian
        information criterion penalises the number of free parameters <Tex>{String.raw`m`}</Tex>:
      </p>
      <Tex display>{String.raw`\begin{gathered} \mathrm{BIC} = -2 \ln \hat L + m \ln N, \\[6pt] m = (K - 1) + K d + K\,\frac{d(d+1)}{2} \end{gathered}`}</Tex>
      <p>
        for full covariances in <Tex>{String.raw`d`}</Tex> dimensions (mixing weights, means, covariances). Fit several values of <Tex>{String.raw`K`}</Tex> and
        keep the one with the <em>lowest</em> BIC. For <Tex>{String.raw`K = 3`}</Tex>, <Tex>{String.raw`d = 2`}</Tex>:{" "}
        <Tex>{String.raw`m = 2 + 6 + 9 = 17`}</Tex>. Held-out log-likelihood is a good alternative when data are plentiful.
      </p>

      <h2 id="references">References</h2>
      <ul className="text-sm">
        <li>A. P. Dempster, N. M. Laird, D. B. Rubin. “Maximum Likelihood from Incomplete Data via the EM Algorithm.” J. Royal Statistical Society B, 1977.</li>
        <li>C. M. Bishop. Pattern Recognition and Machine Learning. Springer, 2006 (sections 9.2–9.4).</li>
        <li>G. Schwarz. “Estimating the Dimension of a Model.” Annals of Statistics, 1978.</li>
      </ul>
    </div>
  );
}

export const gmmEmModule: ModuleContent = { slug: "gmm-em", minutes: 9, Body: GmmEmBody };
