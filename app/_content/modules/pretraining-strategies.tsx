import { Tex } from "@/app/_components/Tex";
import type { ModuleContent } from "./index";

/*
 * Module text: pre-training strategies and transfer learning (lecture Part 2, "Pre-training
 * strategies" and the eight title-only slides that follow it, in the lecture's order).
 * References: Yosinski et al., "How transferable are features in deep neural networks?", NeurIPS 2014;
 * Hinton, Osindero and Teh 2006 (DBN); Vincent et al. 2008 (denoising auto-encoders);
 * Noroozi and Favaro, "Unsupervised Learning of Visual Representations by Solving Jigsaw Puzzles",
 * ECCV 2016; van den Oord et al. 2018 (InfoNCE); Chen et al., "A Simple Framework for Contrastive
 * Learning of Visual Representations" (SimCLR), ICML 2020; He et al. 2020 (MoCo); Devlin et al.,
 * "BERT", NAACL 2019; Radford et al. 2018 (GPT); He et al., "Masked Autoencoders Are Scalable Vision
 * Learners", CVPR 2022; Radford et al., "Learning Transferable Visual Models From Natural Language
 * Supervision" (CLIP), ICML 2021.
 */

function PretrainingStrategiesBody() {
  return (
    <div className="prose-genlab">
      <p>
        Training a large network from scratch for every task wastes data and compute. <strong>Pre-training</strong> trains the network once, on a broad task
        that is not the one we finally care about, so that it learns a general understanding of the data. The knowledge is then carried over to the{" "}
        <em>downstream</em> tasks: that is <strong>transfer learning</strong>.
      </p>

      <h2 id="transfer">Transfer learning in practice</h2>
      <p>
        A pre-trained network <Tex>{String.raw`f_\theta`}</Tex> maps an input to a representation <Tex>{String.raw`h = f_\theta(x)`}</Tex>. For a downstream
        task with a small labelled set we add a small head <Tex>{String.raw`g_\psi`}</Tex> and either
      </p>
      <ul>
        <li>
          <strong>freeze</strong> <Tex>{String.raw`\theta`}</Tex> and train only <Tex>{String.raw`\psi`}</Tex> (a <em>linear probe</em> when{" "}
          <Tex>{String.raw`g_\psi`}</Tex> is linear — also a standard test of how good the representation is), or
        </li>
        <li>
          <strong>fine-tune</strong> <Tex>{String.raw`\theta`}</Tex> and <Tex>{String.raw`\psi`}</Tex> together, usually with a small learning rate so the
          pre-trained knowledge is adjusted rather than overwritten.
        </li>
      </ul>
      <p>
        Early layers tend to learn generic features (edges, textures; word pieces and syntax) that transfer well; later layers are more specific to the
        pre-training task. The strategies below differ in what that pre-training task is — and most of them need no labels, because the task is made from the
        data themselves (self-supervision).
      </p>

      <h2 id="direct-mapping">1. Direct mapping (supervised pre-training)</h2>
      <p>
        The simplest choice: learn a direct mapping from inputs to human labels on a very large labelled set — for example, classifying the 1.28 million images
        of ImageNet into 1000 classes — and reuse the network&apos;s body for other vision tasks. It works well, but it needs expensive labels, and the features
        only capture what the labels ask about.
      </p>

      <h2 id="latent">2. Latent variable models</h2>
      <p>
        A generative model with latent variables explains each <Tex>{"x"}</Tex> through a hidden code <Tex>{"z"}</Tex>; after training, the inferred code is a
        compact representation. Deep belief networks (2006) were pre-trained as a stack of RBMs, one layer at a time, before supervised fine-tuning.
        Auto-encoders compress <Tex>{"x"}</Tex> to <Tex>{"z"}</Tex> and reconstruct it; denoising auto-encoders reconstruct a clean input from a corrupted one;
        VAEs add a probabilistic latent space.
      </p>

      <h2 id="jigsaw">3. Solving jigsaw puzzles</h2>
      <p>
        A <em>pretext task</em> invented so that solving it requires understanding images. Noroozi and Favaro (2016) cut an image region into a 3 × 3 grid of
        tiles, shuffle them with one of a fixed set of permutations, and train the network to say which permutation was used. There are{" "}
        <Tex>{String.raw`9! = 362\,880`}</Tex> orderings; they used a subset of 1000 that differ from each other a lot, turning the puzzle into a 1000-way
        classification. Knowing that a wheel goes below a car door requires knowing about objects and their parts.
      </p>

      <h2 id="contrastive">4. Contrastive learning</h2>
      <p>
        Make two random augmentations (crops, colour changes) of the same image: a <em>positive pair</em>. Other images in the batch are <em>negatives</em>. The
        encoder is trained so that positives have similar embeddings and negatives dissimilar ones. SimCLR&apos;s loss for a positive pair{" "}
        <Tex>{String.raw`(i, j)`}</Tex> among <Tex>{String.raw`2N`}</Tex> augmented views is the InfoNCE form
      </p>
      <Tex
        display
      >{String.raw`\ell_{i,j} = -\log \frac{\exp\big(\operatorname{sim}(z_i, z_j)/\tau\big)}{\sum_{k=1}^{2N} \mathbb{1}[k \ne i]\, \exp\big(\operatorname{sim}(z_i, z_k)/\tau\big)},`}</Tex>
      <p>
        with cosine similarity <Tex>{String.raw`\operatorname{sim}`}</Tex> and a temperature <Tex>{String.raw`\tau`}</Tex>. It is a softmax classification:
        among all other views, pick out your partner. MoCo, BYOL and DINO are relatives.
      </p>

      <h2 id="mlm">5. Masked language models</h2>
      <p>
        BERT (2018) hides some tokens of a sentence and predicts them from the context on <em>both</em> sides. About 15% of positions are chosen; of these, 80%
        are replaced by a <code>[MASK]</code> token, 10% by a random token and 10% are left unchanged. With <Tex>{String.raw`\mathcal{M}`}</Tex> the chosen
        positions and <Tex>{String.raw`\tilde{x}`}</Tex> the corrupted sentence, the loss is
      </p>
      <Tex display>{String.raw`\mathcal{L}_{\text{MLM}} = -\sum_{i \in \mathcal{M}} \log p_\theta\big(x_i \mid \tilde{x}\big).`}</Tex>
      <p>Bidirectional context makes these encoders strong for understanding tasks: classification, tagging, retrieval.</p>

      <h2 id="ar-lm">6. Autoregressive language models</h2>
      <p>GPT predicts each token from the ones before it, which factorises the probability of a whole sequence exactly:</p>
      <Tex display>{String.raw`\log p_\theta(x_1, \dots, x_T) = \sum_{t=1}^{T} \log p_\theta(x_t \mid x_1, \dots, x_{t-1}).`}</Tex>
      <p>
        Every position provides a training signal, and the model is a generative model by construction: sample a token, append it, repeat. Scaled up, this is
        the strategy behind today&apos;s chat models.
      </p>

      <h2 id="mae">7. Masked auto-encoders</h2>
      <p>
        The masked-prediction idea carried over to images (He et al., 2021). Split the image into patches — a 224 × 224 image with 16 × 16 patches gives 196 —
        and hide a large random share, 75%. A vision-transformer encoder sees only the 49 visible patches; a light decoder gets their encodings plus mask tokens
        and reconstructs the pixels of the missing patches, with a squared-error loss on the masked patches only. The high masking ratio makes the task hard
        enough to need real understanding (neighbouring pixels are too redundant to copy from), and skipping the masked patches makes the encoder about three
        times cheaper.
      </p>

      <h2 id="multimodal">8. Multimodal pre-training</h2>
      <p>
        Pair modalities that naturally occur together: images and their captions, video and its audio. CLIP (2021) trains an image encoder and a text encoder on
        400 million image–text pairs. For a batch of <Tex>{"N"}</Tex> pairs it computes the <Tex>{String.raw`N \times N`}</Tex> matrix of similarities and
        applies a cross-entropy in both directions so that each image picks out its own caption and vice versa — contrastive learning across modalities. The
        shared embedding space allows zero-shot classification (compare an image with the texts “a photo of a dog”, “a photo of a cat”, …) and steers
        text-to-image generators such as DALL·E 2.
      </p>

      <h2 id="summary">Choosing a strategy</h2>
      <ul>
        <li>Labels available in bulk: direct mapping.</li>
        <li>Unlabelled images: contrastive learning, masked auto-encoding, pretext tasks such as jigsaw.</li>
        <li>Unlabelled text: masked LM for understanding, autoregressive LM for generation.</li>
        <li>Paired data across modalities: multimodal contrastive training.</li>
      </ul>

      <h2 id="references">References</h2>
      <ul className="text-sm">
        <li>M. Noroozi, P. Favaro. “Unsupervised Learning of Visual Representations by Solving Jigsaw Puzzles.” ECCV 2016.</li>
        <li>T. Chen, S. Kornblith, M. Norouzi, G. Hinton. “A Simple Framework for Contrastive Learning of Visual Representations.” ICML 2020.</li>
        <li>J. Devlin, M.-W. Chang, K. Lee, K. Toutanova. “BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding.” NAACL 2019.</li>
        <li>A. Radford, K. Narasimhan, T. Salimans, I. Sutskever. “Improving Language Understanding by Generative Pre-Training.” OpenAI, 2018.</li>
        <li>K. He et al. “Masked Autoencoders Are Scalable Vision Learners.” CVPR 2022.</li>
        <li>A. Radford et al. “Learning Transferable Visual Models From Natural Language Supervision.” ICML 2021.</li>
      </ul>
    </div>
  );
}

export const pretrainingStrategiesModule: ModuleContent = {
  slug: "pretraining-strategies",
  minutes: 9,
  Body: PretrainingStrategiesBody,
};
