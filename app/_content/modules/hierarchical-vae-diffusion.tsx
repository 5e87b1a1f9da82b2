import { HierarchicalVaeDiagram } from "@/app/_components/diagrams/autoencoders";
import { DiffusionChainDiagram } from "@/app/_components/diagrams/flows-diffusion";
import { Tex } from "@/app/_components/Tex";
import type { ModuleContent } from "./index";

/*
 * Module text: hierarchical VAEs and diffusion models.
 * References: Sønderby et al. 2016, "Ladder variational autoencoders"; Vahdat & Kautz 2020, "NVAE";
 * Child 2021, "Very deep VAEs"; Sohl-Dickstein et al. 2015, "Deep unsupervised learning using
 * nonequilibrium thermodynamics"; Ho, Jain & Abbeel 2020, "Denoising diffusion probabilistic models"
 * (forward process, closed form, ε-prediction loss, Algorithms 1–2, linear β schedule);
 * Song et al. 2021, "Denoising diffusion implicit models"; Luo 2022, "Understanding diffusion models:
 * a unified perspective".
 */

function DiffusionBody() {
  return (
    <div className="prose-genlab">
      <p>
        A VAE with one latent layer must explain every kind of variation — global shape and fine texture — with one code and one decoder. Stacking latent layers
        splits the job. Pushed to its limit, with many layers and a fixed encoder, that idea becomes the <strong>diffusion model</strong>, today&apos;s leading
        generator of images, audio and video.
      </p>

      <h2 id="hvae">Hierarchical VAEs</h2>
      <p>
        A hierarchical VAE has <Tex>{String.raw`L`}</Tex> latent layers, generated top-down:
      </p>
      <Tex display>{String.raw`p_\theta(x, z_{1:L}) = p(z_L)\, p_\theta(z_{L-1} \mid z_L) \cdots p_\theta(z_1 \mid z_2)\, p_\theta(x \mid z_1).`}</Tex>
      <p>
        The top layers tend to capture global structure, the lower ones local detail. The recognition model <Tex>{String.raw`q_\phi(z_{1:L} \mid x)`}</Tex> can
        run bottom-up (<Tex>{String.raw`x \to z_1 \to \dots \to z_L`}</Tex>) or, as in Ladder VAEs, NVAE and very deep VAEs, top-down in the same order as the
        generative model, sharing computation with it. Training maximises the same kind of bound as before:
      </p>
      <Tex
        display
      >{String.raw`\log p_\theta(x) \ge \mathbb{E}_{q_\phi(z_{1:L} \mid x)}\big[\log p_\theta(x, z_{1:L}) - \log q_\phi(z_{1:L} \mid x)\big].`}</Tex>
      <p>
        Deep hierarchies are hard to train: upper layers often “collapse” to the prior and carry no information, and KL terms can blow up. Careful architecture,
        normalisation and gradient clipping made VAEs with dozens of layers competitive (NVAE 2020, VDVAE 2021).
      </p>

      <HierarchicalVaeDiagram />

      <h2 id="forward">Diffusion: a fixed encoder that adds noise</h2>
      <p>
        Now make three choices: there are <Tex>{String.raw`T`}</Tex> latent layers <Tex>{String.raw`x_1, \dots, x_T`}</Tex>, each the same size as the data{" "}
        <Tex>{String.raw`x_0`}</Tex>; the encoder has <em>no</em> parameters; and each encoder step adds a little Gaussian noise:
      </p>
      <Tex display>{String.raw`q(x_t \mid x_{t-1}) = \mathcal{N}\big(x_t;\ \sqrt{1 - \beta_t}\,x_{t-1},\ \beta_t I\big), \qquad t = 1, \dots, T.`}</Tex>
      <p>
        The letter is the one the course uses for every encoder: in the latent-variable modules <Tex>{String.raw`q`}</Tex> always denotes an inference
        distribution, from data to latents. A VAE&apos;s <Tex>{String.raw`q_\phi(z \mid x)`}</Tex> is learnt; this one is fixed, so it carries no{" "}
        <Tex>{String.raw`\phi`}</Tex>. The decoder, as before, is <Tex>{String.raw`p_\theta`}</Tex>.
      </p>
      <p>
        The <strong>variance schedule</strong> <Tex>{String.raw`\beta_t`}</Tex> is small and increasing; DDPM (Ho et al., 2020) uses{" "}
        <Tex>{String.raw`T = 1000`}</Tex> and <Tex>{String.raw`\beta_t`}</Tex> growing linearly from <Tex>{String.raw`10^{-4}`}</Tex> to{" "}
        <Tex>{String.raw`0.02`}</Tex>. Shrinking by <Tex>{String.raw`\sqrt{1-\beta_t}`}</Tex> keeps the variance bounded: if <Tex>{String.raw`x_{t-1}`}</Tex>{" "}
        has unit variance, so does <Tex>{String.raw`x_t`}</Tex>.
      </p>

      <DiffusionChainDiagram />

      <h2 id="closed-form">Jumping to any step in closed form</h2>
      <p>
        Write <Tex>{String.raw`\alpha_t = 1 - \beta_t`}</Tex> and <Tex>{String.raw`\bar\alpha_t = \prod_{s=1}^{t}\alpha_s`}</Tex>. A composition of Gaussian
        linear steps is Gaussian, so
      </p>
      <Tex
        display
      >{String.raw`q(x_t \mid x_0) = \mathcal{N}\big(x_t;\ \sqrt{\bar\alpha_t}\,x_0,\ (1 - \bar\alpha_t) I\big) \quad\Longleftrightarrow\quad x_t = \sqrt{\bar\alpha_t}\,x_0 + \sqrt{1 - \bar\alpha_t}\,\varepsilon,\ \ \varepsilon \sim \mathcal{N}(0, I).`}</Tex>
      <p>
        For example, <Tex>{String.raw`\beta_1 = 0.1`}</Tex> and <Tex>{String.raw`\beta_2 = 0.2`}</Tex> give{" "}
        <Tex>{String.raw`\bar\alpha_2 = 0.9 \times 0.8 = 0.72`}</Tex>: <Tex>{String.raw`x_2`}</Tex> keeps <Tex>{String.raw`\sqrt{0.72} \approx 0.849`}</Tex> of
        the signal and has noise variance 0.28. With the DDPM schedule, <Tex>{String.raw`\bar\alpha_{1000} \approx 4 \times 10^{-5}`}</Tex>:{" "}
        <Tex>{String.raw`x_T`}</Tex> is essentially pure <Tex>{String.raw`\mathcal{N}(0, I)`}</Tex> noise, whatever the image was. This is the prior of the
        model. Training can sample any <Tex>{String.raw`t`}</Tex> directly, without simulating the chain.
      </p>

      <h2 id="objective">Learning to denoise: predict the noise</h2>
      <p>
        The generative model runs the chain backwards,{" "}
        <Tex>{String.raw`p_\theta(x_{t-1} \mid x_t) = \mathcal{N}\big(\mu_\theta(x_t, t), \sigma_t^2 I\big)`}</Tex>, starting from{" "}
        <Tex>{String.raw`p(x_T) = \mathcal{N}(0, I)`}</Tex>. For small <Tex>{String.raw`\beta_t`}</Tex> the true reverse steps are close to Gaussian, so this
        family is adequate. The ELBO splits into one KL term per step, each between two Gaussians. Ho et al. parameterise the mean through a network{" "}
        <Tex>{String.raw`\varepsilon_\theta(x_t, t)`}</Tex> that predicts the noise that was added,
      </p>
      <Tex
        display
      >{String.raw`\mu_\theta(x_t, t) = \frac{1}{\sqrt{\alpha_t}}\Big(x_t - \frac{\beta_t}{\sqrt{1 - \bar\alpha_t}}\,\varepsilon_\theta(x_t, t)\Big),`}</Tex>
      <p>and found that dropping the per-step weights of the bound trains best — the “simple” loss:</p>
      <Tex
        display
      >{String.raw`L_{\text{simple}}(\theta) = \mathbb{E}_{t,\,x_0,\,\varepsilon}\Big[\big\lVert \varepsilon - \varepsilon_\theta\big(\sqrt{\bar\alpha_t}\,x_0 + \sqrt{1 - \bar\alpha_t}\,\varepsilon,\ t\big)\big\rVert^2\Big],`}</Tex>
      <p>
        with <Tex>{String.raw`t`}</Tex> uniform on <Tex>{String.raw`\{1, \dots, T\}`}</Tex>. One training step: take a data point, pick a random{" "}
        <Tex>{String.raw`t`}</Tex>, add noise in closed form, and regress the noise. The network (usually a U-Net or transformer, told{" "}
        <Tex>{String.raw`t`}</Tex> through an embedding) is a denoiser at every noise level; predicting <Tex>{String.raw`\varepsilon`}</Tex> is equivalent to
        estimating the score <Tex>{String.raw`\nabla_{x_t}\log q(x_t)`}</Tex> of the noised data&apos;s marginal, up to the factor{" "}
        <Tex>{String.raw`-1/\sqrt{1-\bar\alpha_t}`}</Tex>.
      </p>

      <h2 id="sampling">Sampling</h2>
      <ol>
        <li>
          Draw <Tex>{String.raw`x_T \sim \mathcal{N}(0, I)`}</Tex>.
        </li>
        <li>
          For <Tex>{String.raw`t = T, \dots, 1`}</Tex>: draw <Tex>{String.raw`z \sim \mathcal{N}(0, I)`}</Tex> if <Tex>{String.raw`t > 1`}</Tex>, else{" "}
          <Tex>{String.raw`z = 0`}</Tex>, and set <Tex>{String.raw`x_{t-1} = \mu_\theta(x_t, t) + \sigma_t z`}</Tex> (DDPM uses{" "}
          <Tex>{String.raw`\sigma_t^2 = \beta_t`}</Tex>).
        </li>
        <li>
          Return <Tex>{String.raw`x_0`}</Tex>.
        </li>
      </ol>
      <p>
        Each sample costs <Tex>{String.raw`T`}</Tex> network evaluations — the main drawback. Deterministic samplers such as DDIM and higher-order ODE solvers
        cut this to tens of steps, and distillation to a few. Conditioning on a class or a text prompt (with classifier-free guidance) turns the same machinery
        into text-to-image systems.
      </p>

      <h2 id="compare">Diffusion as a hierarchical VAE</h2>
      <ul>
        <li>
          Latents: <Tex>{String.raw`T`}</Tex> layers, each as large as the data (no compression).
        </li>
        <li>Encoder: fixed noising, nothing learnt — so no posterior collapse.</li>
        <li>
          Decoder: one network shared across all steps, conditioned on <Tex>{String.raw`t`}</Tex>.
        </li>
        <li>Objective: a (reweighted) ELBO, so likelihoods can be bounded — unlike GANs.</li>
      </ul>

      <h2 id="references">References</h2>
      <ul className="text-sm">
        <li>C. K. Sønderby et al. “Ladder Variational Autoencoders.” NeurIPS 2016.</li>
        <li>A. Vahdat, J. Kautz. “NVAE: A Deep Hierarchical Variational Autoencoder.” NeurIPS 2020.</li>
        <li>R. Child. “Very Deep VAEs Generalize Autoregressive Models and Can Outperform Them on Images.” ICLR 2021.</li>
        <li>J. Sohl-Dickstein et al. “Deep Unsupervised Learning using Nonequilibrium Thermodynamics.” ICML 2015.</li>
        <li>J. Ho, A. Jain, P. Abbeel. “Denoising Diffusion Probabilistic Models.” NeurIPS 2020.</li>
        <li>J. Song, C. Meng, S. Ermon. “Denoising Diffusion Implicit Models.” ICLR 2021.</li>
      </ul>
    </div>
  );
}

export const hierarchicalVaeDiffusionModule: ModuleContent = { slug: "hierarchical-vae-diffusion", minutes: 12, Body: DiffusionBody };
