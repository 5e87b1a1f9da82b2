import { Tex } from "@/app/_components/Tex";
import { GenerativeFamilyMap } from "@/app/_components/widgets/GenerativeFamilyMap";
import type { ModuleContent } from "./index";

/*
 * Module text: a taxonomy of generative models.
 * References: the lecture (Part 3, "Type of generative models": grouped by training criterion and by
 * what the final model provides); I. Goodfellow, "NIPS 2016 Tutorial: Generative Adversarial Networks"
 * (arXiv:1701.00160), §2 (the maximum-likelihood taxonomy); S. Bond-Taylor et al., "Deep Generative
 * Modelling: A Comparative Review", IEEE TPAMI 2022.
 */

function TypesBody() {
  return (
    <div className="prose-genlab">
      <p>
        Every generative model tries to make a model distribution <Tex>{String.raw`p_\theta(x)`}</Tex> close to the data distribution{" "}
        <Tex>{String.raw`p_{\text{data}}(x)`}</Tex>. They differ in two questions that organise the rest of the course:{" "}
        <strong>how is the model trained</strong>, and <strong>what does the finished model give you</strong>?
      </p>

      <h2 id="two-axes">Two ways to sort the models</h2>
      <ul>
        <li>
          <strong>Training criterion.</strong> Most models are fitted by <em>maximum likelihood</em> — making the training data as probable as possible, or
          maximising a bound on that probability. Adversarial models instead train a second network to tell real from generated samples and use its judgement as
          the training signal.
        </li>
        <li>
          <strong>What you get.</strong> An <em>explicit-density</em> model defines <Tex>{String.raw`p_\theta(x)`}</Tex> as a formula you could, at least in
          principle, evaluate for any <Tex>{String.raw`x`}</Tex>. An <em>implicit</em> model only gives a <em>sampling mechanism</em>: a procedure, typically{" "}
          <Tex>{String.raw`x = G_\theta(z)`}</Tex> with random noise <Tex>{String.raw`z`}</Tex>, whose outputs follow the model distribution, with no way to ask
          how probable a given <Tex>{String.raw`x`}</Tex> is.
        </li>
      </ul>

      <h2 id="tractable">Explicit and tractable density</h2>
      <p>Here the likelihood can be computed exactly, so it can be maximised directly.</p>
      <ul>
        <li>
          <strong>Autoregressive models</strong> use the chain rule of probability, which holds for any distribution:
          <Tex display>{String.raw`p_\theta(x) = \prod_{i=1}^{D} p_\theta(x_i \mid x_1, \dots, x_{i-1}).`}</Tex>
          Each factor is a small, normalised distribution produced by a network (PixelCNN, WaveNet, GPT-style language models). The cost is generation: the{" "}
          <Tex>{String.raw`D`}</Tex> parts are produced one after another.
        </li>
        <li>
          <strong>Normalizing flows</strong> push simple noise through an invertible network <Tex>{String.raw`x = g_\theta(z)`}</Tex>, whose inverse{" "}
          <Tex>{String.raw`f_\theta = g_\theta^{-1}`}</Tex> maps data back to noise, and obtain the density from the change-of-variables formula,
          <Tex display>{String.raw`p_\theta(x) = p_z\!\big(f_\theta(x)\big)\,\left|\det \frac{\partial f_\theta(x)}{\partial x}\right| .`}</Tex>
          The network must be invertible with a Jacobian determinant that is cheap to compute, which restricts the architecture.
        </li>
        <li>Classical models of this kind — a single Gaussian, a Gaussian mixture, a hidden Markov model — are the subject of the next modules.</li>
      </ul>

      <h2 id="approximate">Explicit but approximate density</h2>
      <p>
        Here <Tex>{String.raw`p_\theta(x)`}</Tex> is defined but cannot be computed exactly, so training uses an approximation.
      </p>
      <ul>
        <li>
          <strong>Variational auto-encoders</strong> have latent variables, <Tex>{String.raw`p_\theta(x) = \int p_\theta(x \mid z)\,p(z)\,dz`}</Tex>; the
          integral is intractable, so they maximise a lower bound on <Tex>{String.raw`\log p_\theta(x)`}</Tex> (the ELBO) using an encoder network.
        </li>
        <li>
          <strong>Energy-based models</strong>, including Boltzmann machines, set <Tex>{String.raw`p_\theta(x) = e^{-E_\theta(x)}/Z_\theta`}</Tex>. The
          normalising constant <Tex>{String.raw`Z_\theta`}</Tex> sums over all possible <Tex>{String.raw`x`}</Tex> and is intractable, so training and sampling
          rely on Markov chain Monte Carlo.
        </li>
        <li>
          <strong>Diffusion models</strong> learn to reverse a gradual noising process. They are trained on a variational bound (in practice a denoising
          objective) and sample by running many small denoising steps.
        </li>
      </ul>

      <h2 id="implicit">Implicit density</h2>
      <p>
        <strong>Generative adversarial networks</strong> give only a generator <Tex>{String.raw`G_\theta(z)`}</Tex>. They are trained adversarially, need no
        likelihood at all, and sample in a single network pass — but one cannot evaluate <Tex>{String.raw`p_\theta(x)`}</Tex>, and training can be unstable or
        drop modes of the data.
      </p>

      <h2 id="trade-offs">What the choice trades off</h2>
      <ul>
        <li>
          <strong>Likelihood evaluation</strong>: exact for autoregressive models and flows, a bound for VAEs and diffusion models, unavailable for GANs.
        </li>
        <li>
          <strong>Sampling speed</strong>: one pass for GANs, flows and VAEs; one step per dimension for autoregressive models; many denoising steps for
          diffusion; a Markov chain for energy-based models.
        </li>
        <li>
          <strong>Latent representation</strong>: VAEs, flows and GANs map data to or from a latent space; autoregressive models do not have one.
        </li>
        <li>
          <strong>Architectural freedom</strong>: flows must be invertible; autoregressive models must respect an ordering; GANs and VAEs can use almost any
          network.
        </li>
      </ul>
      <p>
        No family wins on every axis, which is why all of them are still in use — and why hybrids (VAE with an autoregressive decoder, latent diffusion, flows
        inside VAEs) are common.
      </p>
      <GenerativeFamilyMap />
    </div>
  );
}

export const typesOfGenerativeModelsModule: ModuleContent = { slug: "types-of-generative-models", minutes: 7, Body: TypesBody };
