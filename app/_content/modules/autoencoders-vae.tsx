import { Tex } from "@/app/_components/Tex";
import { AutoencoderDiagram, VaeDiagram } from "@/app/_components/diagrams/autoencoders";
import type { ModuleContent } from "./index";

/*
 * Module text: auto-encoders and variational auto-encoders.
 * References: Hinton & Salakhutdinov 2006, "Reducing the dimensionality of data with neural networks";
 * Baldi & Hornik 1989 (linear auto-encoders and PCA); Kingma & Welling 2014, "Auto-encoding
 * variational Bayes"; Rezende, Mohamed & Wierstra 2014, "Stochastic backpropagation";
 * Neal & Hinton 1998 (EM as coordinate ascent on a free energy). Course erratum 11.
 */

function VaeBody() {
  return (
    <div className="prose-genlab">
      <p>
        Probabilistic PCA maps a latent code to the data linearly. Replacing that line with a neural network gives far more expressive models — and breaks the
        closed-form integral. This module starts from the plain auto-encoder, shows why it is not yet a generative model, and builds the{" "}
        <strong>variational auto-encoder</strong> (VAE) that fixes it.
      </p>

      <h2 id="ae">Auto-encoders</h2>
      <p>
        An auto-encoder is two networks trained together: an <strong>encoder</strong> <Tex>{String.raw`z = f(x)`}</Tex> that compresses the input into a code,
        and a <strong>decoder</strong> <Tex>{String.raw`\hat x = g(z)`}</Tex> that rebuilds the input from it (the course&apos;s letters throughout:{" "}
        <Tex>{String.raw`f`}</Tex> from data to code, <Tex>{String.raw`g`}</Tex> from code to data, as in normalizing flows). Training minimises a
        reconstruction loss, for instance
      </p>
      <Tex display>{String.raw`\mathcal{L}(f, g) = \frac1N\sum_{k=1}^{N}\big\lVert x_k - g(f(x_k))\big\rVert^2.`}</Tex>
      <AutoencoderDiagram />
      <p>
        To stop the network from learning the identity, the code is made a <em>bottleneck</em> (fewer dimensions than <Tex>{String.raw`x`}</Tex>), or the input
        is corrupted (denoising auto-encoders), or the code is penalised (sparse auto-encoders). A linear auto-encoder with squared loss learns the same
        subspace as PCA; deep nonlinear ones learn curved manifolds (Hinton and Salakhutdinov, 2006).
      </p>
      <p>
        But an auto-encoder is a compressor, not a generative model. Nothing says how codes are distributed: decode a random <Tex>{String.raw`z`}</Tex> and you
        may land in a “hole” between training codes and get garbage. There is no <Tex>{String.raw`p(x)`}</Tex> to evaluate either.
      </p>

      <h2 id="mc">The latent variable view, and why naive sampling fails</h2>
      <p>
        Make it probabilistic: a prior <Tex>{String.raw`p(z) = \mathcal{N}(0, I)`}</Tex> and a decoder <Tex>{String.raw`p_\theta(x \mid z)`}</Tex> whose
        parameters a network computes from <Tex>{String.raw`z`}</Tex>. The likelihood <Tex>{String.raw`p_\theta(x) = \int p(z)p_\theta(x \mid z)\,dz`}</Tex> has
        no closed form, but it is an expectation over the prior, so Monte Carlo estimates it:
      </p>
      <Tex display>{String.raw`p_\theta(x) \approx \frac{1}{N}\sum_{k=1}^{N} p_\theta(x \mid z_k), \qquad z_k \sim p(z).`}</Tex>
      <p>
        The estimate is unbiased but useless in practice. For a given <Tex>{String.raw`x`}</Tex>, almost every <Tex>{String.raw`z_k`}</Tex> drawn from the prior
        decodes to something unlike <Tex>{String.raw`x`}</Tex> and contributes a tiny <Tex>{String.raw`p_\theta(x \mid z_k)`}</Tex>; the sum is dominated by the
        rare samples that happen to fall where the posterior <Tex>{String.raw`p_\theta(z \mid x)`}</Tex> is concentrated. The number of samples needed for a
        usable estimate grows very quickly with the dimension of <Tex>{String.raw`z`}</Tex> and the sharpness of the decoder. We need to sample{" "}
        <Tex>{String.raw`z`}</Tex> where it matters for this <Tex>{String.raw`x`}</Tex>.
      </p>

      <h2 id="recognition">The recognition network</h2>
      <p>
        The VAE (Kingma and Welling, 2014; Rezende et al., 2014) adds a second network, the <strong>recognition network</strong> or encoder, which proposes
        latent codes for each input:
      </p>
      <Tex display>{String.raw`q_\phi(z \mid x) = \mathcal{N}\big(z \mid \mu_\phi(x),\ \operatorname{diag}\sigma^2_\phi(x)\big).`}</Tex>
      <p>
        It approximates the true posterior <Tex>{String.raw`p_\theta(z \mid x)`}</Tex>. One network serves every data point, so inference for a new{" "}
        <Tex>{String.raw`x`}</Tex> is a single forward pass — <em>amortised</em> inference.
      </p>

      <h2 id="elbo">The evidence lower bound</h2>
      <p>
        Multiply and divide by <Tex>{String.raw`q_\phi`}</Tex> inside the integral and apply Jensen&apos;s inequality (the logarithm is concave):
      </p>
      <Tex
        display
      >{String.raw`\log p_\theta(x) = \log \int q_\phi(z \mid x)\,\frac{p_\theta(x, z)}{q_\phi(z \mid x)}\,dz \;\ge\; \int q_\phi(z \mid x)\log\frac{p_\theta(x, z)}{q_\phi(z \mid x)}\,dz = F(\theta, \phi).`}</Tex>
      <p>
        <Tex>{String.raw`F`}</Tex> is the <strong>ELBO</strong>. Two rearrangements explain it:
      </p>
      <Tex
        display
      >{String.raw`F(\theta, \phi) = \underbrace{\mathbb{E}_{q_\phi(z \mid x)}\big[\log p_\theta(x \mid z)\big]}_{\text{reconstruction}} - \underbrace{\mathrm{KL}\big(q_\phi(z \mid x)\,\Vert\,p(z)\big)}_{\text{stay close to the prior}}`}</Tex>
      <Tex display>{String.raw`\log p_\theta(x) - F(\theta, \phi) = \mathrm{KL}\big(q_\phi(z \mid x)\,\Vert\,p_\theta(z \mid x)\big) \ge 0.`}</Tex>
      <p>
        The first reads as an auto-encoder loss plus a regulariser that fills the holes in latent space. The second says the bound is tight exactly when{" "}
        <Tex>{String.raw`q_\phi`}</Tex> equals the true posterior. For a diagonal Gaussian <Tex>{String.raw`q_\phi`}</Tex> and standard normal prior the KL term
        is closed-form:
      </p>
      <Tex display>{String.raw`\mathrm{KL} = \tfrac12\sum_{j=1}^{d_z}\big(\mu_j^2 + \sigma_j^2 - 1 - \log\sigma_j^2\big),`}</Tex>
      <p>
        summed over the <Tex>{String.raw`d_z`}</Tex> latent dimensions, with <Tex>{String.raw`\mu_j, \sigma_j`}</Tex> the encoder&apos;s outputs for{" "}
        <Tex>{String.raw`x`}</Tex>.
      </p>

      <h2 id="variational-em">Variational EM</h2>
      <p>
        Maximising <Tex>{String.raw`F`}</Tex> over both parameter sets generalises EM:
      </p>
      <Tex
        display
      >{String.raw`\phi_{k+1} = \arg\max_\phi F(\theta_k, \phi) \;\;\text{(E-step)}, \qquad \theta_{k+1} = \arg\max_\theta F(\theta, \phi_{k+1}) \;\;\text{(M-step)}.`}</Tex>
      <p>
        The E-step tightens the bound by moving <Tex>{String.raw`q`}</Tex> towards the posterior; the M-step raises the bound by improving the model. Classical
        EM is the special case in which the E-step can set <Tex>{String.raw`q`}</Tex> to the exact posterior. A VAE does not alternate to convergence: it takes
        one joint stochastic gradient step on <Tex>{String.raw`(\theta, \phi)`}</Tex> per minibatch.
      </p>

      <h2 id="reparam">The reparameterisation trick</h2>
      <p>
        The reconstruction term is an expectation over <Tex>{String.raw`q_\phi`}</Tex>, and we need its gradient with respect to <Tex>{String.raw`\phi`}</Tex>.
        Sampling <Tex>{String.raw`z \sim q_\phi`}</Tex> directly is not differentiable. Instead write the sample as a deterministic function of{" "}
        <Tex>{String.raw`\phi`}</Tex> and parameter-free noise:
      </p>
      <Tex display>{String.raw`z = \mu_\phi(x) + \sigma_\phi(x) \odot \varepsilon, \qquad \varepsilon \sim \mathcal{N}(0, I).`}</Tex>
      <p>
        Now{" "}
        <Tex>{String.raw`\nabla_\phi \mathbb{E}_{\varepsilon}[\log p_\theta(x \mid z)] = \mathbb{E}_{\varepsilon}[\nabla_\phi \log p_\theta(x \mid z)]`}</Tex>,
        and backpropagation runs straight through the sample. One <Tex>{String.raw`\varepsilon`}</Tex> per data point is usually enough, giving low-variance
        gradients.
      </p>

      <h2 id="structure">The VAE structure</h2>
      <ol>
        <li>
          Encoder: <Tex>{String.raw`x \mapsto (\mu_\phi(x), \log\sigma^2_\phi(x))`}</Tex>.
        </li>
        <li>
          Sample: <Tex>{String.raw`z = \mu + \sigma \odot \varepsilon`}</Tex>.
        </li>
        <li>
          Decoder: <Tex>{String.raw`z \mapsto p_\theta(x \mid z)`}</Tex> (Gaussian mean, or Bernoulli probabilities).
        </li>
        <li>Loss: reconstruction error plus the KL term, i.e. minus the ELBO.</li>
      </ol>
      <VaeDiagram />
      <p>
        To generate, drop the encoder: draw <Tex>{String.raw`z \sim \mathcal{N}(0, I)`}</Tex> and decode. VAE samples are often blurrier than GAN samples,
        because a Gaussian decoder with squared error averages over plausible details. The size of the code is a trade-off: a 2-D code can be drawn as a map,
        but squeezes ten digits into a plane (the exercise&apos;s decoded samples score FID 172 with it), while a 16-D code, the exercise&apos;s default, gives
        much sharper digits (FID 70) and can only be explored by walking between codes.
      </p>

      <h2 id="references">References</h2>
      <ul className="text-sm">
        <li>D. P. Kingma, M. Welling. “Auto-Encoding Variational Bayes.” ICLR 2014.</li>
        <li>D. J. Rezende, S. Mohamed, D. Wierstra. “Stochastic Backpropagation and Approximate Inference in Deep Generative Models.” ICML 2014.</li>
        <li>G. E. Hinton, R. R. Salakhutdinov. “Reducing the Dimensionality of Data with Neural Networks.” Science, 2006.</li>
        <li>R. M. Neal, G. E. Hinton. “A View of the EM Algorithm that Justifies Incremental, Sparse, and Other Variants.” 1998.</li>
      </ul>
    </div>
  );
}

export const autoencodersVaeModule: ModuleContent = { slug: "autoencoders-vae", minutes: 12, Body: VaeBody };
