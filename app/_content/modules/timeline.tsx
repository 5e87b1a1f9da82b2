import { Tex } from "@/app/_components/Tex";
import type { ReactNode } from "react";
import { TimelineExplorer } from "@/app/_components/widgets/TimelineExplorer";
import type { ModuleContent } from "./index";

/*
 * Module text: a chronological overview of generative modelling (lecture Part 2, "Historical
 * perspective").
 * References (the works named in the list): Pearson 1894; Shannon 1948; Baum and Petrie 1966;
 * Dempster, Laird and Rubin 1977; Ackley, Hinton and Sejnowski 1985; Smolensky 1986; Efros and Leung
 * 1999; Hinton 2002; Hinton, Osindero and Teh 2006; Salakhutdinov and Hinton 2009; Kingma and Welling
 * 2013; Goodfellow et al. 2014; Bahdanau, Cho and Bengio 2014; Dinh, Krueger and Bengio 2014;
 * Sohl-Dickstein et al. 2015; van den Oord et al. 2016; Vaswani et al. 2017; Radford et al. 2018;
 * Devlin et al. 2018; Lewis et al. 2019; Ho, Jain and Abbeel 2020; Brown et al. 2020; Dosovitskiy
 * et al. 2020; Radford et al. 2021 (CLIP); Ramesh et al. 2022 (DALL·E 2); Rombach et al. 2022;
 * BigScience 2022 (BLOOM).
 */

function Event({ year, children }: { year: string; children: ReactNode }) {
  return (
    <li className="pl-1">
      <strong>
        <time>{year}</time>
      </strong>{" "}
      — {children}
    </li>
  );
}

function TimelineBody() {
  return (
    <div className="prose-genlab">
      <p>
        Today&apos;s image and language generators look like a sudden arrival, but the goal — a model that can produce data like the data it has seen — is as
        old as statistics. This module walks through the main steps in order. The later modules treat each model in depth; here the aim is the map.
      </p>

      <TimelineExplorer />

      <h2 id="classical">The classical era: shallow probabilistic models</h2>
      <p>
        The first generative models were simple distributions with a handful of parameters, often with a hidden variable that explained which “regime” produced
        each observation.
      </p>
      <ol className="list-none border-l-2 border-brand-100 !pl-4" aria-label="Classical generative models, in chronological order">
        <Event year="1894">
          Karl Pearson fits a mixture of two Gaussians to measurements of crabs — the ancestor of the <strong>Gaussian mixture model</strong> (GMM),{" "}
          <Tex>{String.raw`p(x) = \sum_k \pi_k \mathcal{N}(x \mid \mu_k, \Sigma_k)`}</Tex>.
        </Event>
        <Event year="1948">
          Claude Shannon generates English-like text from <strong>n-gram</strong> statistics: each letter or word is drawn given the previous few.
          Counting-based n-gram language models stayed the standard for text for decades.
        </Event>
        <Event year="1966–1970">
          Leonard Baum and colleagues develop <strong>hidden Markov models</strong> (HMMs) and the Baum–Welch algorithm to fit them: a hidden state follows a
          Markov chain and emits an observation at every step.
        </Event>
        <Event year="1977">
          Dempster, Laird and Rubin present the <strong>EM algorithm</strong> in general form, the standard way to fit GMMs and HMMs.
        </Event>
        <Event year="1980s">HMMs with Gaussian-mixture emissions become the backbone of speech recognition.</Event>
        <Event year="1999">
          Efros and Leung synthesise <strong>texture</strong> pixel by pixel, copying each new pixel from a place in a sample image whose neighbourhood matches
          — image generation by manipulating existing samples rather than by a learned model.
        </Event>
      </ol>
      <p>
        These models are interpretable and well understood, but they scale badly: a GMM or an n-gram table cannot capture the dependencies among the thousands
        of dimensions of an image or the long-range structure of text.
      </p>

      <h2 id="energy">Energy-based models and the deep learning revival</h2>
      <ol className="list-none border-l-2 border-brand-100 !pl-4" aria-label="Energy-based models, in chronological order">
        <Event year="1985">
          Ackley, Hinton and Sejnowski introduce the <strong>Boltzmann machine</strong>, a network of binary units with probability{" "}
          <Tex>{String.raw`p(x) \propto \exp(-E(x))`}</Tex>.
        </Event>
        <Event year="1986">
          Smolensky&apos;s “harmonium”, later called the <strong>restricted Boltzmann machine</strong> (RBM): visible and hidden units with connections only
          between the two layers.
        </Event>
        <Event year="2002">Hinton&apos;s contrastive divergence makes RBM training practical.</Event>
        <Event year="2006">
          Hinton, Osindero and Teh stack RBMs into a <strong>deep belief network</strong> (DBN), trained greedily layer by layer — the work usually credited
          with starting the deep-learning era.
        </Event>
        <Event year="2009">Salakhutdinov and Hinton: the deep Boltzmann machine (DBM).</Event>
      </ol>

      <h2 id="deep-generative">Deep generative models</h2>
      <ol className="list-none border-l-2 border-brand-100 !pl-4" aria-label="Deep generative models, in chronological order">
        <Event year="2013">
          Kingma and Welling&apos;s <strong>variational auto-encoder</strong> (VAE): a neural decoder <Tex>{String.raw`p_\theta(x \mid z)`}</Tex> and an encoder{" "}
          <Tex>{String.raw`q_\phi(z \mid x)`}</Tex> trained together on a lower bound of the likelihood (Rezende, Mohamed and Wierstra found it independently in
          2014).
        </Event>
        <Event year="2014">
          Goodfellow et al.&apos;s <strong>generative adversarial network</strong> (GAN): a generator trained against a discriminator. The same year: NICE, an
          early <strong>normalizing flow</strong>, and, for translation, sequence-to-sequence networks with <strong>attention</strong> (Bahdanau et al.).
        </Event>
        <Event year="2015">
          Sohl-Dickstein et al. propose <strong>diffusion</strong> probabilistic models: learn to reverse a process that gradually turns data into noise.
          Rezende and Mohamed use normalizing flows for variational inference.
        </Event>
        <Event year="2016">
          Deep <strong>autoregressive</strong> models — PixelRNN/PixelCNN for images, WaveNet for audio — and the flow Real NVP.
        </Event>
        <Event year="2017–2018">GANs reach photographic quality: progressive GANs (1024 × 1024 faces), then StyleGAN.</Event>
        <Event year="2020">
          Ho, Jain and Abbeel&apos;s denoising diffusion probabilistic models (DDPM) make diffusion competitive with GANs on image quality.
        </Event>
      </ol>

      <h2 id="transformers">Transformers and foundation models</h2>
      <ol className="list-none border-l-2 border-brand-100 !pl-4" aria-label="Transformer-based models, in chronological order">
        <Event year="2017">
          Vaswani et al., “Attention Is All You Need”: the <strong>transformer</strong>, built from self-attention, processes a whole sequence in parallel.
        </Event>
        <Event year="2018">
          <strong>GPT</strong> (OpenAI): a decoder-only transformer pre-trained to predict the next token. <strong>BERT</strong> (Google): an encoder-only
          transformer pre-trained by filling in masked words.
        </Event>
        <Event year="2019">
          GPT-2 (1.5 billion parameters) and <strong>BART</strong> (Facebook AI): an encoder–decoder trained to reconstruct corrupted text.
        </Event>
        <Event year="2020">GPT-3 (175 billion parameters) and the vision transformer (ViT).</Event>
        <Event year="2021">
          <strong>CLIP</strong>: image and text encoders trained contrastively on 400 million image–caption pairs; the first DALL·E.
        </Event>
        <Event year="2022">
          <strong>DALL·E 2</strong> (text-to-image: a diffusion decoder conditioned on CLIP image embeddings), Stable Diffusion (latent diffusion),{" "}
          <strong>BLOOM</strong> (BigScience: an open 176-billion-parameter multilingual language model) and, in November, ChatGPT.
        </Event>
      </ol>

      <h2 id="threads">Three threads</h2>
      <ul>
        <li>
          <strong>From counting to learning representations.</strong> N-grams and mixtures store statistics; deep models learn features, so they scale to images
          and long texts.
        </li>
        <li>
          <strong>From likelihood to other objectives.</strong> Mixtures, HMMs, flows and autoregressive models maximise likelihood; VAEs and diffusion maximise
          a bound on it; GANs drop it for an adversarial game.
        </li>
        <li>
          <strong>From task models to pre-trained models.</strong> Since 2018 one large model is pre-trained on unlabelled data and then adapted — the subject
          of the next module.
        </li>
      </ul>

      <h2 id="references">References</h2>
      <ul className="text-sm">
        <li>D. H. Ackley, G. E. Hinton, T. J. Sejnowski. “A Learning Algorithm for Boltzmann Machines.” Cognitive Science, 1985.</li>
        <li>G. E. Hinton, S. Osindero, Y.-W. Teh. “A Fast Learning Algorithm for Deep Belief Nets.” Neural Computation, 2006.</li>
        <li>D. P. Kingma, M. Welling. “Auto-Encoding Variational Bayes.” ICLR 2014 (arXiv 2013).</li>
        <li>I. Goodfellow et al. “Generative Adversarial Nets.” NeurIPS 2014.</li>
        <li>J. Sohl-Dickstein et al. “Deep Unsupervised Learning using Nonequilibrium Thermodynamics.” ICML 2015.</li>
        <li>J. Ho, A. Jain, P. Abbeel. “Denoising Diffusion Probabilistic Models.” NeurIPS 2020.</li>
        <li>A. Vaswani et al. “Attention Is All You Need.” NeurIPS 2017.</li>
        <li>A. Radford et al. “Learning Transferable Visual Models From Natural Language Supervision.” ICML 2021.</li>
        <li>A. Ramesh et al. “Hierarchical Text-Conditional Image Generation with CLIP Latents.” arXiv:2204.06125, 2022.</li>
        <li>BigScience Workshop. “BLOOM: A 176B-Parameter Open-Access Multilingual Language Model.” arXiv:2211.05100, 2022.</li>
      </ul>
    </div>
  );
}

export const timelineModule: ModuleContent = { slug: "timeline", minutes: 8, Body: TimelineBody };
