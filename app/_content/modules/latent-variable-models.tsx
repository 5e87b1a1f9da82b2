import { PpcaDiagram } from "@/app/_components/diagrams/graphical";
import { Tex } from "@/app/_components/Tex";
import { PpcaLatentWalk } from "@/app/_components/widgets/PpcaLatentWalk";
import type { ModuleContent } from "./index";

/*
 * Module text: continuous latent variable models and probabilistic PCA.
 * References: Tipping & Bishop 1999, "Probabilistic principal component analysis" (JRSS B);
 * Bishop 2006, "Pattern Recognition and Machine Learning", ch. 12.2; Doersch 2016,
 * "Tutorial on variational autoencoders" (a flexible map of a standard Gaussian); Hyvärinen & Pajunen
 * 1999, "Nonlinear independent component analysis: existence and uniqueness results" (Neural Networks);
 * Locatello et al. 2019, "Challenging common assumptions in the unsupervised learning of disentangled
 * representations" (ICML).
 */

function LatentBody() {
  return (
    <div className="prose-genlab">
      <p>
        A Gaussian mixture explains each data point by a hidden <em>discrete</em> choice: which component produced it. Many data sets vary continuously instead
        — a face turns, a digit thickens, lighting shifts. A <strong>continuous latent variable model</strong> introduces a small set of hidden real-valued
        variables and describes the data through them: each observation is simple given its latent code, and the variety of the data comes from the variety of
        the codes.
      </p>

      <h2 id="model">The model</h2>
      <p>
        Draw a latent code <Tex>{String.raw`z \in \mathbb{R}^{d_z}`}</Tex> from a prior, then the observation <Tex>{String.raw`x \in \mathbb{R}^d`}</Tex> from a
        conditional distribution:
      </p>
      <Tex
        display
      >{String.raw`p_\theta(x, z) = p_\theta(z)\, p_\theta(x \mid z) \quad\Longrightarrow\quad p_\theta(x) = \int p_\theta(z)\, p_\theta(x \mid z)\, dz.`}</Tex>
      <p>
        Usually <Tex>{String.raw`d_z \ll d`}</Tex>: the data are assumed to lie close to a low-dimensional surface. Even when every conditional{" "}
        <Tex>{String.raw`p_\theta(x \mid z)`}</Tex> is a plain Gaussian, the marginal — an infinite mixture of them — can be far richer; the Gaussian mixture is
        the discrete case. Sampling is easy (ancestral: first <Tex>{String.raw`z`}</Tex>, then <Tex>{String.raw`x`}</Tex>); the hard parts are the integral for{" "}
        <Tex>{String.raw`p_\theta(x)`}</Tex> and the posterior <Tex>{String.raw`p_\theta(z \mid x)`}</Tex>. Which forms may the prior and the conditional take?
      </p>

      <h2 id="gaussian-prior">Why a Gaussian prior is enough for the marginal</h2>
      <p>
        The usual choice is the simplest: <Tex>{String.raw`p(z) = \mathcal{N}(0, I)`}</Tex>. As far as the <em>marginal</em> is concerned, this costs little. In
        one dimension the inverse-CDF trick shows why: <Tex>{String.raw`\Phi(z)`}</Tex> is uniform on (0, 1), so <Tex>{String.raw`x = F^{-1}(\Phi(z))`}</Tex>{" "}
        has any desired CDF <Tex>{String.raw`F`}</Tex>. Applied one coordinate at a time, each conditioned on the ones before, the same trick turns a{" "}
        <Tex>{String.raw`d`}</Tex>-dimensional standard Gaussian into any <Tex>{String.raw`d`}</Tex>-dimensional distribution with a density. With fewer latent
        dimensions than data dimensions, a smooth map <Tex>{String.raw`g(z)`}</Tex> only reaches a <Tex>{String.raw`d_z`}</Tex>-dimensional surface, and it is
        the noise of <Tex>{String.raw`p_\theta(x \mid z)`}</Tex> that spreads probability around it. In two dimensions,{" "}
        <Tex>{String.raw`g(z) = z/10 + z/\lVert z\rVert`}</Tex> bends a Gaussian blob into a ring. Complexity can therefore live in the mapping from{" "}
        <Tex>{String.raw`z`}</Tex> to <Tex>{String.raw`x`}</Tex> — a neural network in VAEs and GANs — while the prior stays fixed and easy to sample. That such
        a mapping exists does not mean training will find it, nor that it is unique (see below). Before neural networks, the classic case is a <em>linear</em>{" "}
        mapping.
      </p>

      <h2 id="ppca">Probabilistic PCA</h2>
      <p>Probabilistic PCA (Tipping and Bishop, 1999) is the linear-Gaussian latent variable model:</p>
      <Tex display>{String.raw`z \sim \mathcal{N}(0, I_{d_z}), \qquad x = Wz + \mu + \varepsilon, \qquad \varepsilon \sim \mathcal{N}(0, \sigma^2 I_d),`}</Tex>
      <p>
        with a <Tex>{String.raw`d \times d_z`}</Tex> loading matrix <Tex>{String.raw`W`}</Tex>, a mean <Tex>{String.raw`\mu`}</Tex> and isotropic noise of
        variance <Tex>{String.raw`\sigma^2`}</Tex>. So <Tex>{String.raw`p(x \mid z) = \mathcal{N}(Wz + \mu, \sigma^2 I)`}</Tex>. Because everything is linear
        and Gaussian, the integral has a closed form: <Tex>{String.raw`x`}</Tex> is Gaussian with mean <Tex>{String.raw`\mathbb{E}[x] = \mu`}</Tex> and
        covariance <Tex>{String.raw`\operatorname{Cov}[x] = W\,\mathbb{E}[zz^\top]W^\top + \sigma^2 I`}</Tex>, hence
      </p>
      <Tex display>{String.raw`p(x) = \mathcal{N}\big(x \mid \mu,\; C\big), \qquad C = WW^\top + \sigma^2 I.`}</Tex>
      <p>
        The covariance has <Tex>{String.raw`d_z`}</Tex> free directions (the columns of <Tex>{String.raw`W`}</Tex>) on top of a spherical noise floor: a
        full-covariance Gaussian needs <Tex>{String.raw`d(d+1)/2`}</Tex> covariance parameters, PPCA about <Tex>{String.raw`d\,d_z + 1`}</Tex>. For example,
        with <Tex>{String.raw`d = 2`}</Tex>, <Tex>{String.raw`d_z = 1`}</Tex>, <Tex>{String.raw`W = (2, 1)^\top`}</Tex> and{" "}
        <Tex>{String.raw`\sigma^2 = 0.5`}</Tex>,
      </p>
      <Tex
        display
      >{String.raw`C = \begin{pmatrix} 4 & 2 \\ 2 & 1 \end{pmatrix} + \begin{pmatrix} 0.5 & 0 \\ 0 & 0.5 \end{pmatrix} = \begin{pmatrix} 4.5 & 2 \\ 2 & 1.5 \end{pmatrix}.`}</Tex>
      <p>
        Note that <Tex>{String.raw`W`}</Tex> is identifiable only up to a rotation: <Tex>{String.raw`WR`}</Tex> with <Tex>{String.raw`R`}</Tex> orthogonal gives
        the same <Tex>{String.raw`WW^\top`}</Tex> and therefore the same distribution. No amount of data can tell the two apart, so the individual coordinates
        of <Tex>{String.raw`z`}</Tex> have no meaning of their own; only the latent subspace does. The posterior over the latent code is Gaussian too:
      </p>
      <Tex display>{String.raw`p(z \mid x) = \mathcal{N}\big(M^{-1}W^\top(x - \mu),\; \sigma^2 M^{-1}\big), \qquad M = W^\top W + \sigma^2 I_{d_z}.`}</Tex>

      <PpcaDiagram />

      <h2 id="pca">Relation to PCA</h2>
      <p>
        Fit the model by maximum likelihood. Let <Tex>{String.raw`S`}</Tex> be the sample covariance with eigenvalues{" "}
        <Tex>{String.raw`\lambda_1 \ge \dots \ge \lambda_d`}</Tex>, the top <Tex>{String.raw`d_z`}</Tex> eigenvectors in the columns of{" "}
        <Tex>{String.raw`U`}</Tex> and their eigenvalues on the diagonal of <Tex>{String.raw`\Lambda`}</Tex>. Tipping and Bishop showed that the maximum is
        reached in closed form:
      </p>
      <Tex
        display
      >{String.raw`\mu_{\text{ML}} = \bar x, \qquad W_{\text{ML}} = U\big(\Lambda - \sigma^2_{\text{ML}} I\big)^{1/2} R, \qquad \sigma^2_{\text{ML}} = \frac{1}{d - d_z}\sum_{j=d_z+1}^{d}\lambda_j,`}</Tex>
      <p>
        with <Tex>{String.raw`R`}</Tex> any orthogonal matrix — the rotation again. So the maximum-likelihood latent space is spanned by the{" "}
        <strong>principal components</strong>: classical PCA is recovered from the ML solution of probabilistic PCA. The discarded variance is averaged into the
        noise level — for eigenvalues <Tex>{String.raw`(5, 2, 0.6, 0.4)`}</Tex> and <Tex>{String.raw`d_z = 2`}</Tex>,{" "}
        <Tex>{String.raw`\sigma^2_{\text{ML}} = (0.6 + 0.4)/2 = 0.5`}</Tex>. As <Tex>{String.raw`\sigma^2 \to 0`}</Tex> the posterior mean becomes{" "}
        <Tex>{String.raw`(W^\top W)^{-1}W^\top(x - \mu)`}</Tex>, the coordinates of the orthogonal projection of <Tex>{String.raw`x - \mu`}</Tex> onto the
        principal subspace: PCA&apos;s encoding, up to the rotation <Tex>{String.raw`R`}</Tex> and a rescaling of each axis.
      </p>
      <p>
        The widget below fits probabilistic PCA to 500 handwritten digits (MNIST) in your browser, in closed form, and places each digit at its posterior mean
        in a two-dimensional latent space. Move the ring to decode any point <Tex>{String.raw`z`}</Tex> into the image <Tex>{String.raw`Wz + \mu`}</Tex>, and
        vary <Tex>{String.raw`d_z`}</Tex> to see how much of the variance the principal directions explain and how <Tex>{String.raw`\sigma^2_{\text{ML}}`}</Tex>{" "}
        falls.
      </p>
      <PpcaLatentWalk />
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

      <h2 id="guarantees">What latent variables do not guarantee</h2>
      <p>
        A latent variable model buys a rich marginal <Tex>{String.raw`p_\theta(x)`}</Tex> out of a simple prior and a simple conditional. It does not promise
        that the latent coordinates are the “true causes” of the data, that they are independent or interpretable, or even that they are unique:
      </p>
      <ul>
        <li>PPCA&apos;s latent space is identifiable only up to a rotation, as shown above: any rotated set of axes explains the data equally well.</li>
        <li>
          With a nonlinear map the freedom is far larger. Any invertible transformation of <Tex>{String.raw`z`}</Tex> that leaves{" "}
          <Tex>{String.raw`\mathcal{N}(0, I)`}</Tex> unchanged, followed by the decoder, gives exactly the same <Tex>{String.raw`p_\theta(x)`}</Tex>. With two
          or more latent dimensions there are infinitely many smooth ones besides rotations — for instance, rotating <Tex>{String.raw`z`}</Tex> by an angle that
          depends on its length <Tex>{String.raw`\lVert z\rVert`}</Tex> — so a nonlinear model&apos;s factors are not unique (Hyvärinen and Pajunen, 1999).
          Without further assumptions on the model or the data, unsupervised training cannot single out “disentangled” factors (Locatello et al., 2019).
        </li>
        <li>
          A higher likelihood says the marginal fits better, nothing about the meaning of <Tex>{String.raw`z`}</Tex>; the fitted codes also depend on the
          initialisation and on the optimiser.
        </li>
      </ul>
      <p>
        Interpretable directions in a learnt latent space, when they appear, come from the architecture, the data and the training — and should be checked, not
        assumed.
      </p>

      <h2 id="references">References</h2>
      <ul className="text-sm">
        <li>M. E. Tipping, C. M. Bishop. “Probabilistic Principal Component Analysis.” J. Royal Statistical Society B, 1999.</li>
        <li>C. M. Bishop. Pattern Recognition and Machine Learning. Springer, 2006 (section 12.2).</li>
        <li>C. Doersch. “Tutorial on Variational Autoencoders.” arXiv:1606.05908, 2016.</li>
        <li>A. Hyvärinen, P. Pajunen. “Nonlinear Independent Component Analysis: Existence and Uniqueness Results.” Neural Networks, 1999.</li>
        <li>F. Locatello et al. “Challenging Common Assumptions in the Unsupervised Learning of Disentangled Representations.” ICML 2019.</li>
      </ul>
    </div>
  );
}

export const latentVariableModelsModule: ModuleContent = { slug: "latent-variable-models", minutes: 11, Body: LatentBody };
