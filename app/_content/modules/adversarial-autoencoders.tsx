import { AdversarialAutoencoderDiagram } from "@/app/_components/diagrams/adversarial";
import { Tex } from "@/app/_components/Tex";
import type { ModuleContent } from "./index";

/*
 * Module text: adversarial auto-encoders.
 * References: Makhzani, Shlens, Jaitly, Goodfellow & Frey 2016, "Adversarial autoencoders" (the
 * aggregated posterior, the reconstruction and regularisation phases, the three encoders, the 2-D
 * MNIST comparison with the VAE, label information in the discriminator, supervised and
 * semi-supervised AAEs); Hoffman & Johnson 2016, "ELBO surgery" (the averaged KL term split into
 * mutual information and the aggregate KL); Gretton et al. 2012, "A kernel two-sample test"
 * (unbiased MMD², their eq. 3); Heusel et al. 2017 (FID); Tolstikhin et al. 2018, "Wasserstein
 * auto-encoders" (MMD as the regulariser).
 */

function AaeBody() {
  return (
    <div className="prose-genlab">
      <p>
        A variational auto-encoder keeps its codes near the prior with a KL term computed example by example. The <strong>adversarial auto-encoder</strong>{" "}
        (AAE) of Makhzani et al. (2016) keeps the auto-encoder but replaces that term with a GAN played in the latent space: a discriminator looks at codes, and
        the encoder learns to make the whole cloud of codes indistinguishable from samples of the prior. Decoding a sample of the prior then gives a sample of
        the data, because the decoder has been trained on codes distributed just like it.
      </p>

      <h2 id="aggregate">Matching the aggregate posterior</h2>
      <p>
        Write <Tex>{String.raw`q_\phi(z \mid x)`}</Tex> for the encoder&apos;s distribution over codes for one input, <Tex>{String.raw`p(z)`}</Tex> for the
        prior we want to sample from, and <Tex>{String.raw`g_\theta`}</Tex> for the decoder. Encoding every training point and pooling the codes gives the{" "}
        <strong>aggregate posterior</strong>
      </p>
      <Tex display>{String.raw`q_\phi(z) = \int q_\phi(z \mid x)\, p_{\text{data}}(x)\, dx .`}</Tex>
      <p>
        Generation works only if <Tex>{String.raw`q_\phi(z) \approx p(z)`}</Tex>: the decoder has learnt to decode codes drawn from{" "}
        <Tex>{String.raw`q_\phi(z)`}</Tex>, and a prior sample that falls where no training code ever fell is decoded into something nobody trained. The AAE
        imposes this match with a discriminator <Tex>{String.raw`D(z)`}</Tex> on the code, in the game of the GAN module with the encoder as the generator:
      </p>
      <Tex
        display
      >{String.raw`\min_\phi \max_D\; \mathbb{E}_{z \sim p(z)}\big[\log D(z)\big] + \mathbb{E}_{x \sim p_{\text{data}}}\,\mathbb{E}_{z \sim q_\phi(z \mid x)}\big[\log\big(1 - D(z)\big)\big].`}</Tex>
      <p>
        The “real” samples are draws from the prior; the “fake” ones are codes of data. The second expectation is an expectation over{" "}
        <Tex>{String.raw`q_\phi(z)`}</Tex>, so with an optimal discriminator the encoder minimises{" "}
        <Tex>{String.raw`-\log 4 + 2\,\mathrm{JSD}\big(q_\phi(z)\,\Vert\,p(z)\big)`}</Tex> — a divergence between the aggregate and the prior, not between each
        example&apos;s code distribution and the prior.
      </p>

      <h2 id="training">Two phases per minibatch</h2>
      <AdversarialAutoencoderDiagram />
      <p>Training alternates two phases on every minibatch, each with its own optimiser steps:</p>
      <ol>
        <li>
          <strong>Reconstruction.</strong> Encode and decode the minibatch and update encoder and decoder together to reduce the reconstruction error, for
          example <Tex>{String.raw`\lVert x - g_\theta(z)\rVert^2`}</Tex> with <Tex>{String.raw`z \sim q_\phi(z \mid x)`}</Tex> (or a cross-entropy for pixels
          in [0, 1]).
        </li>
        <li>
          <strong>Regularisation.</strong> First update the discriminator to tell samples <Tex>{String.raw`z' \sim p(z)`}</Tex> (label 1) from the codes of the
          minibatch (label 0). Then update the <em>encoder only</em> to fool it — in practice with the non-saturating loss <Tex>{String.raw`-\log D(z)`}</Tex>{" "}
          on the codes.
        </li>
      </ol>
      <p>
        The decoder never sees the discriminator, and the discriminator never sees an image. After training the encoder is put aside: draw{" "}
        <Tex>{String.raw`z \sim p(z)`}</Tex> and output <Tex>{String.raw`g_\theta(z)`}</Tex>.
      </p>

      <h2 id="encoders">Three kinds of encoder</h2>
      <ul>
        <li>
          <strong>Deterministic:</strong> <Tex>{String.raw`z = f_\phi(x)`}</Tex>, an ordinary auto-encoder&apos;s encoder. All the spread of{" "}
          <Tex>{String.raw`q_\phi(z)`}</Tex> then comes from the spread of the data.
        </li>
        <li>
          <strong>Gaussian posterior:</strong> <Tex>{String.raw`z = \mu_\phi(x) + \sigma_\phi(x) \odot \varepsilon`}</Tex>,{" "}
          <Tex>{String.raw`\varepsilon \sim \mathcal{N}(0, I)`}</Tex>, exactly the VAE&apos;s encoder with the reparameterisation trick.
        </li>
        <li>
          <strong>Universal approximator posterior:</strong> <Tex>{String.raw`z = f_\phi(x, \eta)`}</Tex> with noise <Tex>{String.raw`\eta`}</Tex> as a second
          input, so that <Tex>{String.raw`q_\phi(z \mid x) = \int q_\phi(z \mid x, \eta)\, p(\eta)\, d\eta`}</Tex> can take almost any shape. Its density cannot
          be written down, which a VAE would need and a discriminator does not: it only needs samples.
        </li>
      </ul>
      <p>Makhzani et al. report similar results with the three choices and use the deterministic encoder for their experiments.</p>

      <h2 id="vs-vae">AAE and VAE on the same two-dimensional code</h2>
      <p>
        Averaged over the data, the VAE&apos;s KL term splits into two parts (Hoffman and Johnson, 2016), where <Tex>{String.raw`I_q(x; z)`}</Tex> is the mutual
        information between an input and its code under <Tex>{String.raw`p_{\text{data}}(x)\,q_\phi(z \mid x)`}</Tex>:
      </p>
      <Tex
        display
      >{String.raw`\mathbb{E}_{p_{\text{data}}(x)}\Big[\mathrm{KL}\big(q_\phi(z \mid x)\,\Vert\,p(z)\big)\Big] = I_q(x; z) + \mathrm{KL}\big(q_\phi(z)\,\Vert\,p(z)\big).`}</Tex>
      <p>
        The VAE pays for both; the AAE&apos;s discriminator targets only the second. Driving the VAE&apos;s term to zero would make every{" "}
        <Tex>{String.raw`q_\phi(z \mid x)`}</Tex> equal to the prior, so that the code says nothing about <Tex>{String.raw`x`}</Tex>. Training settles on a
        compromise: each posterior is pulled towards the origin and widened, but never all the way. With a 2-D code on the digits the two effects are easy to
        see in a scatter plot of the codes. The VAE&apos;s posteriors of different digits overlap near the origin, where the decoder has to average them, while
        other regions of the prior receive almost no codes — holes that decode to poor digits. Makhzani et al. show exactly this comparison on MNIST: the
        AAE&apos;s codes of held-out digits follow a 2-D Gaussian prior, and a mixture of ten Gaussians, closely, while the VAE&apos;s leave empty regions and
        differ systematically from the mixture.
      </p>
      <p>
        The second difference is practical. The KL term of a VAE needs <Tex>{String.raw`\log p(z)`}</Tex> — in closed form, or at least evaluable for a Monte
        Carlo estimate. The AAE needs only <em>samples</em> of the prior. Any distribution you can sample from will do: a mixture of ten Gaussians, one per
        digit; a swiss roll; a uniform square. Choosing the prior shapes the latent space you will later sample and interpolate in.
      </p>

      <h2 id="labels">Using labels</h2>
      <ul>
        <li>
          <strong>Labels in the discriminator.</strong> Give the discriminator a one-hot label together with the code, plus one extra slot for unlabelled
          examples. With a mixture prior it can then insist that codes of 3s fall in the third component, the prior samples shown to it for label 3 being drawn
          from that component. Labelled examples fix which mode is which; unlabelled ones only have to match the whole mixture.
        </li>
        <li>
          <strong>Supervised AAE.</strong> Give the <em>decoder</em> the label, <Tex>{String.raw`g_\theta(z, y)`}</Tex>. The code no longer needs to say which
          digit it is, so it captures style — slant, thickness — and decoding one <Tex>{String.raw`z`}</Tex> with each of the ten labels writes the ten digits
          in the same hand.
        </li>
        <li>
          <strong>Semi-supervised AAE.</strong> The encoder outputs a softmax <Tex>{String.raw`y`}</Tex> and a continuous <Tex>{String.raw`z`}</Tex>; one
          discriminator matches <Tex>{String.raw`y`}</Tex> to a categorical prior, another matches <Tex>{String.raw`z`}</Tex> to a Gaussian, and a third phase
          trains <Tex>{String.raw`q(y \mid x)`}</Tex> with cross-entropy on the few labelled examples. The softmax head is then a classifier.
        </li>
      </ul>

      <h2 id="measuring">Measuring the match and the samples</h2>
      <p>
        The discriminator&apos;s loss is a poor gauge of the match: it depends on how strong the discriminator currently is. A fixed statistic is better. The{" "}
        <strong>maximum mean discrepancy</strong> (Gretton et al., 2012) with a kernel <Tex>{String.raw`k`}</Tex> compares two distributions through
        expectations of the kernel:
      </p>
      <Tex
        display
      >{String.raw`\mathrm{MMD}^2(q, p) = \mathbb{E}\,k(z, z') + \mathbb{E}\,k(w, w') - 2\,\mathbb{E}\,k(z, w), \qquad z, z' \sim q,\; w, w' \sim p,`}</Tex>
      <p>
        all draws independent. With the Gaussian kernel <Tex>{String.raw`k(a, b) = \exp\!\big(-\lVert a - b\rVert^2 / (2h^2)\big)`}</Tex> of bandwidth{" "}
        <Tex>{String.raw`h`}</Tex>, it is zero exactly when <Tex>{String.raw`q = p`}</Tex>. Given codes <Tex>{String.raw`z_1, \dots, z_m`}</Tex> of data and
        samples <Tex>{String.raw`w_1, \dots, w_n`}</Tex> of the prior, the <strong>unbiased estimator</strong> is
      </p>
      <Tex
        display
      >{String.raw`\widehat{\mathrm{MMD}}{}^2_u = \frac{1}{m(m-1)}\sum_{i \ne j} k(z_i, z_j) + \frac{1}{n(n-1)}\sum_{i \ne j} k(w_i, w_j) - \frac{2}{mn}\sum_{i=1}^{m}\sum_{j=1}^{n} k(z_i, w_j).`}</Tex>
      <p>
        Leaving out the terms <Tex>{String.raw`i = j`}</Tex> (each worth <Tex>{String.raw`k(z_i, z_i) = 1`}</Tex>) is what removes the bias; the price is that
        the estimate can come out slightly <em>negative</em> when the two distributions are equal or nearly so. The bandwidth decides which scale is compared: a
        kernel much wider than the prior sees only its mean, one much narrower sees only nearby pairs, so it is set from the prior&apos;s scale, and several
        bandwidths are often summed. (The Wasserstein auto-encoder of Tolstikhin et al. (2018) uses this very statistic as the regulariser in place of the
        discriminator.)
      </p>
      <p>
        A good match does not guarantee good samples: the decoder may still be blurry (on this platform the default VAE&apos;s decoded samples score a lower FID
        than the default AAE&apos;s, 168 against 206, although its codes match the prior far worse, MMD² 0.065 against 0.0015), and a small MMD² says nothing
        about whether the codes carry information about the digits. To judge the whole path, decode samples of the prior and compare them with real digits by
        the <strong>Fréchet inception distance</strong> (FID; Heusel et al., 2017). Fit a Gaussian to the features a fixed classifier network extracts from real
        images, <Tex>{String.raw`(\mu_r, \Sigma_r)`}</Tex>, and another to those of the generated ones, <Tex>{String.raw`(\mu_g, \Sigma_g)`}</Tex>:
      </p>
      <Tex
        display
      >{String.raw`\mathrm{FID} = \lVert \mu_r - \mu_g \rVert^2 + \operatorname{Tr}\big(\Sigma_r + \Sigma_g - 2\,(\Sigma_r \Sigma_g)^{1/2}\big).`}</Tex>
      <p>
        On this platform the features come from the course&apos;s digit evaluator, a small CNN, rather than the Inception network that gave the score its name.
        Holes in the latent space show up in FID as decoded prior samples that are not digits at all.
      </p>

      <h2 id="exercise">The exercise</h2>
      <p>
        The exercise for this module has you train an adversarial auto-encoder with a two-dimensional code on the digits — small enough to draw the codes as a
        cloud of points and compare it with the prior by eye. The server scores it on hidden digits it keeps for itself: it encodes them with your encoder and
        computes MMD² between their codes and samples of the prior, and it decodes samples of the prior with your decoder and computes their FID against real
        digits. It also reconstructs the hidden digits, so that an encoder that ignores its input cannot pass, and it ranks by FID only the models whose codes
        follow the prior (MMD² at most 0.04); MMD² breaks ties. The first number checks the regularisation phase; the second checks everything together.
      </p>

      <h2 id="related">How this connects</h2>
      <p>
        The auto-encoder, the reparameterisation trick and the KL term come from the module on auto-encoders and variational auto-encoders; the game, its
        optimal discriminator and the Jensen–Shannon divergence from the module on generative adversarial networks, which also uses MMD² to score its ring
        exercise. The Gaussian kernel has the shape of the Parzen window in the module on non-parametric density estimation (without its normalising constant),
        here used to compare two samples rather than to estimate one density. Labels enter the discriminator here as they enter both networks in the next
        module, on conditional GANs.
      </p>

      <h2 id="references">References</h2>
      <ul className="text-sm">
        <li>A. Makhzani, J. Shlens, N. Jaitly, I. Goodfellow, B. Frey. “Adversarial Autoencoders.” ICLR 2016 workshop track; arXiv:1511.05644.</li>
        <li>
          M. D. Hoffman, M. J. Johnson. “ELBO Surgery: Yet Another Way to Carve Up the Variational Evidence Lower Bound.” NeurIPS 2016 Workshop on Advances in
          Approximate Bayesian Inference.
        </li>
        <li>A. Gretton, K. M. Borgwardt, M. J. Rasch, B. Schölkopf, A. Smola. “A Kernel Two-Sample Test.” Journal of Machine Learning Research 13, 2012.</li>
        <li>
          M. Heusel, H. Ramsauer, T. Unterthiner, B. Nessler, S. Hochreiter. “GANs Trained by a Two Time-Scale Update Rule Converge to a Local Nash
          Equilibrium.” NeurIPS 2017.
        </li>
        <li>I. Tolstikhin, O. Bousquet, S. Gelly, B. Schölkopf. “Wasserstein Auto-Encoders.” ICLR 2018.</li>
        <li>D. P. Kingma, M. Welling. “Auto-Encoding Variational Bayes.” ICLR 2014.</li>
      </ul>
    </div>
  );
}

export const adversarialAutoencodersModule: ModuleContent = { slug: "adversarial-autoencoders", minutes: 11, Body: AaeBody };
