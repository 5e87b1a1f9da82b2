import { Tex } from "@/app/_components/Tex";
import type { ModuleContent } from "./index";

/*
 * Module text: continuous latent variable models and probabilistic PCA.
 * References: Tipping & Bishop 1999, "Probabilistic principal component analysis" (JRSS B);
 * Bishop 2006, "Pattern Recognition and Machine Learning", ch. 12.2; Doersch 2016,
 * "Tutorial on variational autoencoders" (a flexible map of a standard Gaussian).
 */

function LatentBody() {
  return (
    <div className="prose-genlab">
      <p>
        A Gaussian mixture explains each data point by a hidden <em>discrete</em> choice: which component produced it. Many data sets vary continuously instead
        — a face turns, a digit thickens, lighting shifts. A <strong>continuous latent variable model</strong> assumes a small set of hidden real-valued causes
        behind these variations and describes the data through them.
      </p>

      <h2 id="model">The model</h2>
      <p>
        Draw a latent code <Tex>{String.raw`z \in \mathbb{R}^q`}</Tex> from a prior, then the observation <Tex>{String.raw`x \in \mathbb{R}^d`}</Tex> from a
        conditional distribution:
      </p>
      <Tex
        display
      >{String.raw`p_\theta(x, z) = p_\theta(z)\, p_\theta(x \mid z) \quad\Longrightarrow\quad p_\theta(x) = \int p_\theta(z)\, p_\theta(x \mid z)\, dz.`}</Tex>
      <p>
        Usually <Tex>{String.raw`q \ll d`}</Tex>: the data are assumed to lie close to a low-dimensional surface. Sampling is easy (ancestral: first{" "}
        <Tex>{String.raw`z`}</Tex>, then <Tex>{String.raw`x`}</Tex>); the hard parts are the integral for <Tex>{String.raw`p_\theta(x)`}</Tex> and the posterior{" "}
        <Tex>{String.raw`p_\theta(z \mid x)`}</Tex>. Which forms may the prior and the conditional take?
      </p>

      <h2 id="gaussian-prior">The Gaussian prior is enough</h2>
      <p>
        The usual choice is the simplest: <Tex>{String.raw`p(z) = \mathcal{N}(0, I)`}</Tex>. This loses no generality. Any distribution in{" "}
        <Tex>{String.raw`d`}</Tex> dimensions can be produced by pushing standard Gaussian noise through a sufficiently flexible function. In one dimension this
        is the inverse-CDF trick: <Tex>{String.raw`\Phi(z)`}</Tex> is uniform on (0, 1), so <Tex>{String.raw`x = F^{-1}(\Phi(z))`}</Tex> has any desired CDF{" "}
        <Tex>{String.raw`F`}</Tex>. In two dimensions, <Tex>{String.raw`g(z) = z/10 + z/\lVert z\rVert`}</Tex> bends a Gaussian blob into a ring. Complexity can
        therefore live in the mapping from <Tex>{String.raw`z`}</Tex> to <Tex>{String.raw`x`}</Tex> — a neural network in VAEs and GANs — while the prior stays
        fixed and easy to sample. Before neural networks, the classic case is a <em>linear</em> mapping.
      </p>

      <h2 id="ppca">Probabilistic PCA</h2>
      <p>Probabilistic PCA (Tipping and Bishop, 1999) is the linear-Gaussian latent variable model:</p>
      <Tex display>{String.raw`z \sim \mathcal{N}(0, I_q), \qquad x = Wz + \mu + \varepsilon, \qquad \varepsilon \sim \mathcal{N}(0, \sigma^2 I_d),`}</Tex>
      <p>
        with a <Tex>{String.raw`d \times q`}</Tex> loading matrix <Tex>{String.raw`W`}</Tex>, a mean <Tex>{String.raw`\mu`}</Tex> and isotropic noise of
        variance <Tex>{String.raw`\sigma^2`}</Tex>. So <Tex>{String.raw`p(x \mid z) = \mathcal{N}(Wz + \mu, \sigma^2 I)`}</Tex>. Because everything is linear
        and Gaussian, the integral has a closed form: <Tex>{String.raw`x`}</Tex> is Gaussian with mean <Tex>{String.raw`\mathbb{E}[x] = \mu`}</Tex> and
        covariance <Tex>{String.raw`\operatorname{Cov}[x] = W\,\mathbb{E}[zz^\top]W^\top + \sigma^2 I`}</Tex>, hence
      </p>
      <Tex display>{String.raw`p(x) = \mathcal{N}\big(x \mid \mu,\; C\big), \qquad C = WW^\top + \sigma^2 I.`}</Tex>
      <p>
        The covariance has <Tex>{String.raw`q`}</Tex> free directions (the columns of <Tex>{String.raw`W`}</Tex>) on top of a spherical noise floor: a
        full-covariance Gaussian needs <Tex>{String.raw`d(d+1)/2`}</Tex> covariance parameters, PPCA about <Tex>{String.raw`dq + 1`}</Tex>. For example, with{" "}
        <Tex>{String.raw`d = 2`}</Tex>, <Tex>{String.raw`q = 1`}</Tex>, <Tex>{String.raw`W = (2, 1)^\top`}</Tex> and <Tex>{String.raw`\sigma^2 = 0.5`}</Tex>,
      </p>
      <Tex
        display
      >{String.raw`C = \begin{pmatrix} 4 & 2 \\ 2 & 1 \end{pmatrix} + \begin{pmatrix} 0.5 & 0 \\ 0 & 0.5 \end{pmatrix} = \begin{pmatrix} 4.5 & 2 \\ 2 & 1.5 \end{pmatrix}.`}</Tex>
      <p>
        Note that <Tex>{String.raw`W`}</Tex> is identifiable only up to a rotation: <Tex>{String.raw`WR`}</Tex> with <Tex>{String.raw`R`}</Tex> orthogonal gives
        the same <Tex>{String.raw`WW^\top`}</Tex> and therefore the same distribution. The posterior over the latent code is Gaussian too:
      </p>
      <Tex display>{String.raw`p(z \mid x) = \mathcal{N}\big(M^{-1}W^\top(x - \mu),\; \sigma^2 M^{-1}\big), \qquad M = W^\top W + \sigma^2 I_q.`}</Tex>

      <h2 id="pca">Relation to PCA</h2>
      <p>
        Fit the model by maximum likelihood. Let <Tex>{String.raw`S`}</Tex> be the sample covariance with eigenvalues{" "}
        <Tex>{String.raw`\lambda_1 \ge \dots \ge \lambda_d`}</Tex> and the top-<Tex>{String.raw`q`}</Tex> eigenvectors in the columns of{" "}
        <Tex>{String.raw`U_q`}</Tex>. Tipping and Bishop showed that the maximum is reached in closed form:
      </p>
      <Tex
        display
      >{String.raw`\mu_{\text{ML}} = \bar x, \qquad W_{\text{ML}} = U_q\big(\Lambda_q - \sigma^2_{\text{ML}} I\big)^{1/2} R, \qquad \sigma^2_{\text{ML}} = \frac{1}{d - q}\sum_{j=q+1}^{d}\lambda_j.`}</Tex>
      <p>
        So the maximum-likelihood latent space is spanned by the <strong>principal components</strong>: classical PCA is recovered from the ML solution of
        probabilistic PCA. The discarded variance is averaged into the noise level — for eigenvalues <Tex>{String.raw`(5, 2, 0.6, 0.4)`}</Tex> and{" "}
        <Tex>{String.raw`q = 2`}</Tex>, <Tex>{String.raw`\sigma^2_{\text{ML}} = (0.6 + 0.4)/2 = 0.5`}</Tex>. As <Tex>{String.raw`\sigma^2 \to 0`}</Tex> the
        posterior mean becomes the orthogonal projection onto the principal subspace, exactly PCA&apos;s encoding.
      </p>
      <p>What the probabilistic version adds:</p>
      <ul>
        <li>a likelihood, so models can be compared, and new points scored (e.g. for outlier detection);</li>
        <li>
          a generative story: sample <Tex>{String.raw`z`}</Tex>, map it, add noise;
        </li>
        <li>
          an EM algorithm that avoids forming <Tex>{String.raw`S`}</Tex> and handles missing values;
        </li>
        <li>
          a template for nonlinear models: replace <Tex>{String.raw`Wz + \mu`}</Tex> by a neural network and the integral stops being tractable — which leads to
          the variational auto-encoder of the next module.
        </li>
      </ul>
      <p>
        A close relative, <strong>factor analysis</strong>, uses the same model but with a diagonal, non-isotropic noise covariance{" "}
        <Tex>{String.raw`\Psi`}</Tex>; it has no closed-form ML solution.
      </p>

      <h2 id="references">References</h2>
      <ul className="text-sm">
        <li>M. E. Tipping, C. M. Bishop. “Probabilistic Principal Component Analysis.” J. Royal Statistical Society B, 1999.</li>
        <li>C. M. Bishop. Pattern Recognition and Machine Learning. Springer, 2006 (section 12.2).</li>
        <li>C. Doersch. “Tutorial on Variational Autoencoders.” arXiv:1606.05908, 2016.</li>
      </ul>
    </div>
  );
}

export const latentVariableModelsModule: ModuleContent = { slug: "latent-variable-models", minutes: 9, Body: LatentBody };
