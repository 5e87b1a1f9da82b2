import { Tex } from "@/app/_components/Tex";
import { DistributionMatching } from "@/app/_components/widgets/DistributionMatching";
import type { ModuleContent } from "./index";

/*
 * Module text: why generative modelling, and what P_model ≈ P_data means (lecture Part 1, "Why
 * generative modeling", "Generative modeling – definition", "Generated samples").
 * References: I. Goodfellow, "NIPS 2016 Tutorial: Generative Adversarial Networks" (2016), §1–2;
 * K. P. Murphy, "Probabilistic Machine Learning: Advanced Topics" (2023), ch. 20;
 * T. Karras et al., "Progressive Growing of GANs for Improved Quality, Stability, and Variation", ICLR 2018.
 * Widget: S. Kullback and R. A. Leibler, "On Information and Sufficiency" (1951); EM (Dempster, Laird & Rubin 1977);
 * the kernel estimate's bandwidth (Silverman 1986); the Palmer penguins (Gorman, Williams & Fraser 2014).
 */

function WhyGenerativeBody() {
  return (
    <div className="prose-genlab">
      <p>
        Somewhere there is a process that produces the data we see — photographs, sentences, heartbeats. We can think of it as a probability distribution{" "}
        <Tex>{String.raw`p_{\text{data}}(x)`}</Tex>. We never get to see the formula, only samples from it: the training set. A generative model is a
        distribution <Tex>{String.raw`p_{\text{model}}(x)`}</Tex> that we <em>can</em> work with, fitted so that
      </p>
      <Tex display>{String.raw`p_{\text{model}}(x) \approx p_{\text{data}}(x).`}</Tex>
      <p>
        We train on <Tex>{String.raw`x \sim p_{\text{data}}`}</Tex> and afterwards generate from <Tex>{String.raw`x \sim p_{\text{model}}`}</Tex>. If the match
        is good, what we generate is new — not a copy of a training example — yet looks as if it came from the same source.
      </p>

      <h2 id="matching">What it means to match a distribution</h2>
      <p>“Approximately equal” needs a yardstick. The most common one is the Kullback–Leibler divergence,</p>
      <Tex
        display
      >{String.raw`\mathrm{KL}\big(p_{\text{data}} \,\|\, p_\theta\big) = \mathbb{E}_{x \sim p_{\text{data}}}\!\left[\log \frac{p_{\text{data}}(x)}{p_\theta(x)}\right] \;\ge\; 0,`}</Tex>
      <p>
        which is zero only when the two distributions agree. Split the logarithm and the first part,{" "}
        <Tex>{String.raw`\mathbb{E}_{p_{\text{data}}}[\log p_{\text{data}}(x)]`}</Tex>, does not depend on <Tex>{String.raw`\theta`}</Tex>. So minimising the
        divergence is the same as maximising <Tex>{String.raw`\mathbb{E}_{p_{\text{data}}}[\log p_\theta(x)]`}</Tex> — and with the training set standing in for{" "}
        <Tex>{String.raw`p_{\text{data}}`}</Tex>, that is maximum likelihood:
      </p>
      <Tex display>{String.raw`\theta^* = \arg\max_\theta \frac{1}{N}\sum_{k=1}^{N} \log p_\theta(x_k).`}</Tex>
      <p>
        Other yardsticks lead to other model families: GANs implicitly minimise a Jensen–Shannon divergence (or, in variants, a Wasserstein distance), and
        diffusion models are trained on a bound on the likelihood. Matching must also mean <em>generalising</em>: a model that put all its probability on the
        training points would match the sample perfectly and the true distribution badly.
      </p>
      <p>
        A small example. Let <Tex>{String.raw`p_{\text{data}}`}</Tex> be a fair coin and the model give heads probability 0.9. Then
      </p>
      <Tex display>{String.raw`\mathrm{KL} = 0.5 \ln\frac{0.5}{0.9} + 0.5 \ln\frac{0.5}{0.1} \approx 0.511 \text{ nats}.`}</Tex>
      <p>
        Try it on real data: the flipper lengths of the training penguins play <Tex>{String.raw`p_{\text{data}}`}</Tex>. Shape a model density by hand — one
        Gaussian, or a mixture of two — then let maximum likelihood fit it, and watch the average log-likelihood rise as the KL divergence falls. Sampling from
        the fitted model then generates new flipper lengths: content generation in one dimension.
      </p>
      <DistributionMatching />

      <h2 id="sampling-vs-density">Sampling versus density evaluation</h2>
      <p>A fitted model can offer two different services, and not every model offers both.</p>
      <ul>
        <li>
          <strong>Density evaluation:</strong> given an <Tex>{"x"}</Tex>, compute <Tex>{String.raw`p_{\text{model}}(x)`}</Tex> (or its logarithm).
          Autoregressive models and normalizing flows give it exactly; VAEs and diffusion models give a lower bound; Boltzmann machines give it only up to an
          unknown normalising constant.
        </li>
        <li>
          <strong>Sampling:</strong> produce new <Tex>{String.raw`x \sim p_{\text{model}}`}</Tex>. A GAN does only this — it is an <em>implicit</em> model: it
          transforms noise into samples but has no formula for their density. For a Boltzmann machine, by contrast, sampling needs a slow Markov chain.
        </li>
      </ul>
      <p>
        Which service you need depends on the job: anomaly detection needs densities, content generation needs samples. Part 3 of the course sorts the models by
        exactly this distinction.
      </p>

      <h2 id="why">Why build one?</h2>
      <h3 id="improve-discriminative">1. Better discriminative models</h3>
      <p>
        A classifier separates classes with whatever features discriminate best; similar inputs end up with similar labels. But one class can contain objects
        that look very different — a cat seen from the front and from behind — and a boundary trained on a few examples may not cover such variation. A model of
        how the data vary helps: it can augment scarce training data with plausible new examples, use unlabelled data (semi-supervised learning), and supply
        pre-trained features that make later classifiers better.
      </p>
      <h3 id="content">2. Sampling is itself the product</h3>
      <p>
        Today the headline use is content generation — text, images, audio, video and code, often called AI-generated content (AIGC). Already in 2018,
        progressive growing of GANs (Karras et al.) produced 1024 × 1024 face images that are hard to tell from photographs; modern diffusion and language
        models generate from a text prompt.
      </p>
      <h3 id="structure">3. Discovering inter-correlated structure</h3>
      <p>
        To model a joint distribution, a model has to capture how the variables depend on one another. That knowledge is useful on its own: latent variables can
        reveal hidden factors of variation, low density flags outliers and faults, and conditional distributions let you fill in missing parts of an input
        (inpainting, imputation).
      </p>

      <h2 id="hard">Why it is hard</h2>
      <p>
        A 64 × 64 colour image has 12 288 dimensions. The set of natural images occupies a tiny, curved region of that space, and the distribution over it has
        many modes. A model must spread probability over all of them and nowhere else — the historical tour in Part 2 is largely a story of better ways to do
        that.
      </p>

      <h2 id="references">References</h2>
      <ul className="text-sm">
        <li>I. Goodfellow. “NIPS 2016 Tutorial: Generative Adversarial Networks.” arXiv:1701.00160, 2016.</li>
        <li>T. Karras, T. Aila, S. Laine, J. Lehtinen. “Progressive Growing of GANs for Improved Quality, Stability, and Variation.” ICLR 2018.</li>
        <li>S. Kullback, R. A. Leibler. “On Information and Sufficiency.” Annals of Mathematical Statistics 22(1), 1951.</li>
        <li>A. P. Dempster, N. M. Laird, D. B. Rubin. “Maximum Likelihood from Incomplete Data via the EM Algorithm.” J. Royal Statistical Society B, 1977.</li>
        <li>B. W. Silverman. Density Estimation for Statistics and Data Analysis. Chapman and Hall, 1986.</li>
        <li>
          K. B. Gorman, T. D. Williams, W. R. Fraser. “Ecological Sexual Dimorphism and Environmental Variability within a Community of Antarctic Penguins
          (Genus Pygoscelis).” PLoS ONE 9(3), 2014.
        </li>
      </ul>
    </div>
  );
}

export const whyGenerativeModule: ModuleContent = { slug: "why-generative", minutes: 7, Body: WhyGenerativeBody };
