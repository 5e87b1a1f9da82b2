import { ContrastiveLearningDiagram, MaskedAutoencoderDiagram } from "@/app/_components/diagrams/pretraining";
import { Tex } from "@/app/_components/Tex";
import { MaskedVsNextToken } from "@/app/_components/widgets/MaskedVsNextToken";
import type { ModuleContent } from "./index";

/*
 * Module text: pre-training strategies and transfer learning (lecture Part 2, "Pre-training
 * strategies" and the eight title-only slides that follow it, in the lecture's order), with
 * self-supervised learning as the thread.
 * References: Yosinski et al., "How transferable are features in deep neural networks?", NeurIPS 2014;
 * Zhang, Isola & Efros, "Colorful Image Colorization", ECCV 2016; Pathak et al., "Context Encoders",
 * CVPR 2016; Gidaris, Singh & Komodakis, "Unsupervised Representation Learning by Predicting Image
 * Rotations", ICLR 2018; Hinton, Osindero and Teh 2006 (DBN); Vincent et al. 2008 (denoising
 * auto-encoders); Kingma & Welling 2014 (VAE); Donahue, Krähenbühl & Darrell 2017 (BiGAN);
 * Doersch, Gupta & Efros, ICCV 2015 (context prediction); Noroozi and Favaro, "Unsupervised Learning
 * of Visual Representations by Solving Jigsaw Puzzles", ECCV 2016; van den Oord et al. 2018 (InfoNCE);
 * Chen et al., "A Simple Framework for Contrastive Learning of Visual Representations" (SimCLR), ICML
 * 2020; He et al. 2020 (MoCo); Devlin et al., "BERT", NAACL 2019; Radford et al. 2018 (GPT); He et al.,
 * "Masked Autoencoders Are Scalable Vision Learners", CVPR 2022; Radford et al., "Learning Transferable
 * Visual Models From Natural Language Supervision" (CLIP), ICML 2021; Ramesh et al. 2022 (DALL·E 2).
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

      <h2 id="self-supervision">Self-supervised learning</h2>
      <p>
        Labels are expensive; unlabelled images and text are almost free. <strong>Self-supervised learning</strong> trains on a <em>pretext task</em> whose
        targets are computed from the data themselves: hide part of an input and predict it, shuffle an image and predict the order, or make two views of one
        input and recognise that they belong together. Nobody cares about the pretext task itself. It is chosen so that solving it forces the network to learn
        what the data are about, and afterwards it is thrown away and the representation is kept — tested with a linear probe or fine-tuned on a downstream
        task.
      </p>
      <p>
        The lecture&apos;s eight strategies fall into three groups. <em>Predictive</em> tasks predict a target derived from the input (direct mapping, jigsaw
        puzzles, masked and autoregressive language models, masked auto-encoders). <em>Generative latent-variable</em> models explain the whole input through a
        hidden code. <em>Contrastive</em> tasks tell matching pairs from non-matching ones, within one modality or across two. Only direct mapping, in its
        classic supervised form, needs labels made for the purpose; the captions CLIP learns from come with the images.
      </p>

      <h2 id="direct-mapping">1. Direct mapping</h2>
      <p>
        The simplest recipe: train a network to map an input directly to a target, <Tex>{String.raw`f_\theta(x) \approx y`}</Tex>, by minimising a loss{" "}
        <Tex>{String.raw`\ell(f_\theta(x), y)`}</Tex>. With human labels this is supervised pre-training — for example classifying the 1.28 million images of
        ImageNet into 1000 classes and reusing the network&apos;s body for other vision tasks. It works well, but the labels are expensive and the features
        capture only what the labels ask about.
      </p>
      <p>The same recipe becomes self-supervised when the target is derived from the input itself:</p>
      <ul>
        <li>
          <strong>Colourisation</strong> (Zhang, Isola and Efros, 2016): map the lightness channel of a photo to its two colour channels;
        </li>
        <li>
          <strong>Inpainting</strong> with context encoders (Pathak et al., 2016): map an image with a missing region to the pixels of that region;
        </li>
        <li>
          <strong>Rotation prediction</strong> (Gidaris, Singh and Komodakis, 2018): rotate an image by 0°, 90°, 180° or 270° and classify which.
        </li>
      </ul>
      <p>
        A direct mapping gives one answer per input, and that is its limit when the target is uncertain. A ball in a grey photo could be red or blue; under a
        squared-error loss the best single prediction is the conditional mean <Tex>{String.raw`\mathbb{E}[y \mid x]`}</Tex>, a washed-out brown, and a regressed
        missing region comes out blurred. Zhang et al. therefore predict a <em>distribution</em> over 313 quantised colours instead of one colour, and Pathak et
        al. add an adversarial loss. Representing the spread of possible answers is exactly what generative models do — the next strategy.
      </p>

      <h2 id="latent">2. Latent variable models</h2>
      <p>
        A latent-variable model explains each input <Tex>{"x"}</Tex> through a hidden code <Tex>{"z"}</Tex>,{" "}
        <Tex>{String.raw`p_\theta(x) = \int p_\theta(x \mid z)\, p(z)\, dz`}</Tex>, and its inference network — the encoder{" "}
        <Tex>{String.raw`q_\phi(z \mid x)`}</Tex>, or the posterior itself — turns an input into a compact representation. No labels are needed: the training
        signal is the likelihood of the data, or a bound on it.
      </p>
      <ul>
        <li>
          <strong>Deep belief networks</strong> (Hinton, Osindero and Teh, 2006) were pre-trained as a stack of RBMs, one layer at a time, and then fine-tuned
          with labels — one of the results that restarted deep learning (see the RBM module).
        </li>
        <li>
          <strong>Auto-encoders</strong> compress <Tex>{"x"}</Tex> to a code and reconstruct it; <strong>denoising auto-encoders</strong> (Vincent et al., 2008)
          reconstruct a clean input from a corrupted one, so the code cannot simply copy the input.
        </li>
        <li>
          <strong>VAEs</strong> (Kingma and Welling, 2014) make the code probabilistic and train with the ELBO; <strong>BiGAN</strong> (Donahue, Krähenbühl and
          Darrell, 2017) learns an encoder alongside a GAN&apos;s generator.
        </li>
      </ul>
      <p>
        The cost of a generative objective is that the model must account for every detail of <Tex>{"x"}</Tex> — every pixel of texture and noise — whether or
        not a downstream task needs it. The next strategies avoid modelling <Tex>{"x"}</Tex> in full.
      </p>

      <h2 id="jigsaw">3. Solving jigsaw puzzles</h2>
      <p>
        A pretext task invented so that solving it requires understanding images. Doersch, Gupta and Efros (2015) had a network predict where one image patch
        lies relative to another (one of eight neighbours). Noroozi and Favaro (2016) went further: cut an image region into a 3 × 3 grid of tiles, shuffle the
        tiles with one of a fixed set of permutations, and train the network to say which permutation was used. There are <Tex>{String.raw`9! = 362\,880`}</Tex>{" "}
        orderings; they used a subset of 1000, chosen so that the permutations differ from each other in many positions (a large Hamming distance), turning the
        puzzle into a 1000-way classification.
      </p>
      <p>
        Their <em>context-free network</em> processes each tile separately with shared weights and combines the nine tile features only in the last layers, so
        the early layers must describe a tile on its own. Each tile is cut from its grid cell with a random gap around it, so that the network cannot cheat by
        matching edges or lines that continue across tile borders — a pretext task is only useful if it has no such low-level shortcut. Knowing that a wheel
        goes below a car door requires knowing about objects and their parts.
      </p>

      <h2 id="contrastive">4. Contrastive learning</h2>
      <p>
        Instead of predicting anything about the input, learn an embedding in which two views of the same image lie close together and views of different images
        lie far apart. SimCLR (Chen et al., 2020) works as follows. Take a minibatch of <Tex>{"N"}</Tex> images and apply two random augmentations to each (a
        random crop resized to full size with a random flip, a strong colour distortion, and a Gaussian blur), giving <Tex>{String.raw`2N`}</Tex> views. The two
        views of one image form a <em>positive pair</em>. An encoder <Tex>{String.raw`f`}</Tex> (a ResNet) maps each view to a representation{" "}
        <Tex>{String.raw`h = f(\tilde x)`}</Tex>, and a small MLP projection head <Tex>{String.raw`g`}</Tex> maps that to <Tex>{String.raw`z = g(h)`}</Tex>, on
        which the loss is computed. For a positive pair <Tex>{String.raw`(i, j)`}</Tex> the loss is
      </p>
      <Tex
        display
      >{String.raw`\ell_{i,j} = -\log \frac{\exp\big(\operatorname{sim}(z_i, z_j)/\tau\big)}{\sum_{k=1}^{2N} \mathbb{1}[k \ne i]\, \exp\big(\operatorname{sim}(z_i, z_k)/\tau\big)}, \qquad \operatorname{sim}(u, v) = \frac{u^\top v}{\lVert u \rVert\, \lVert v \rVert},`}</Tex>
      <ContrastiveLearningDiagram />
      <p>
        with a temperature <Tex>{String.raw`\tau > 0`}</Tex>. The denominator runs over the <Tex>{String.raw`2N - 1`}</Tex> views other than{" "}
        <Tex>{String.raw`i`}</Tex>: the one positive <Tex>{String.raw`j`}</Tex> and the <Tex>{String.raw`2N - 2`}</Tex> views of the other images, which act as{" "}
        <em>negatives</em>. So the loss is a softmax cross-entropy: among all other views, pick out your partner. The total loss averages{" "}
        <Tex>{String.raw`\ell_{i,j}`}</Tex> over all <Tex>{String.raw`2N`}</Tex> ordered positive pairs, <Tex>{String.raw`(i, j)`}</Tex> and{" "}
        <Tex>{String.raw`(j, i)`}</Tex> alike. This is the InfoNCE loss of van den Oord et al. (2018) (SimCLR calls it NT-Xent), and minimising it maximises a
        lower bound on the mutual information between the two views.
      </p>
      <p>
        A worked value: with <Tex>{String.raw`\tau = 0.5`}</Tex>, a positive similarity of 0.8 and two negatives at 0.2 and −0.4,{" "}
        <Tex>{String.raw`\ell = -\log \frac{e^{1.6}}{e^{1.6} + e^{0.4} + e^{-0.8}} = -\log \frac{4.953}{6.894} \approx 0.331`}</Tex>. Had all three similarities
        been equal, the loss would be <Tex>{String.raw`\log 3 \approx 1.099`}</Tex> — chance level. A small <Tex>{String.raw`\tau`}</Tex> sharpens the softmax
        and concentrates the gradient on the hardest negatives. More negatives make the task harder and the bound tighter, which is why SimCLR trains with large
        batches (4096 images by default); MoCo (He et al., 2020) instead keeps a queue of negatives from earlier batches, encoded by a slowly updated momentum
        encoder. After training, the projection head is discarded and <Tex>{String.raw`h`}</Tex> — not <Tex>{String.raw`z`}</Tex> — is used downstream: it keeps
        more information.
      </p>

      <h2 id="mlm">5. Masked language models</h2>
      <p>
        BERT (Devlin et al., 2019) hides some tokens of a text and predicts them from the context on <em>both</em> sides. In each training sequence, 15% of the
        token positions are chosen at random. Of the chosen positions, 80% are replaced by a special <code>[MASK]</code> token, 10% by a random token, and 10%
        are left unchanged. With <Tex>{String.raw`\mathcal{M}`}</Tex> the chosen positions and <Tex>{String.raw`\tilde{x}`}</Tex> the corrupted sequence, the
        loss is the cross-entropy at the chosen positions only — including those left unchanged:
      </p>
      <Tex display>{String.raw`\mathcal{L}_{\text{MLM}} = -\sum_{i \in \mathcal{M}} \log p_\theta\big(x_i \mid \tilde{x}\big).`}</Tex>
      <p>
        Why not always use <code>[MASK]</code>? The mask token never appears when the model is fine-tuned, so training only on masked inputs would create a
        mismatch. Because a chosen token may also be a random substitute or the original, the model cannot tell which positions will be graded and must keep a
        good representation of every token. For a 512-token sequence this means about 77 predicted positions: about 61 masked, 8 random and 8 unchanged. BERT
        also trained a second task, next-sentence prediction (is sentence B the one that follows A?). Bidirectional context makes these encoders strong for
        understanding tasks — classification, tagging, question answering, retrieval — but an MLM is not a generative model of whole sequences, and only 15% of
        the positions give a training signal.
      </p>

      <h2 id="ar-lm">6. Autoregressive language models</h2>
      <p>
        GPT (Radford et al., 2018) predicts each token from the ones before it, which factorises the probability of a whole sequence exactly (see the
        autoregressive-models module):
      </p>
      <Tex display>{String.raw`\log p_\theta(x_1, \dots, x_T) = \sum_{t=1}^{T} \log p_\theta(x_t \mid x_1, \dots, x_{t-1}).`}</Tex>
      <p>
        A Transformer decoder with a causal attention mask computes all <Tex>{String.raw`T`}</Tex> conditionals in one pass, so every position provides a
        training signal. The first GPT was pre-trained this way on a corpus of books and then fine-tuned on each downstream task. The model is generative by
        construction: sample a token, append it, repeat. Scaled up (GPT-2, GPT-3), the same objective produced models that perform new tasks from a prompt and a
        few examples without any fine-tuning; it is the strategy behind today&apos;s chat models. The trade-off against an MLM: context from the left only, but
        a training signal at every position and the ability to generate.
      </p>
      <p>
        The difference shows even in the smallest language model. Below, a count model of character pairs or triples fitted to real first names predicts one
        hidden character twice: from both sides, as a masked language model does, and from the left only, as a next-token model does.
      </p>
      <MaskedVsNextToken />

      <h2 id="mae">7. Masked auto-encoders</h2>
      <p>
        He et al. (2022) carried masked prediction over to images with the vision Transformer. Split the image into non-overlapping patches — a 224 × 224 image
        with 16 × 16 patches gives <Tex>{String.raw`14 \times 14 = 196`}</Tex> — and remove a random 75% of them. The{" "}
        <strong>encoder sees only the visible patches</strong> (49 here), with their position embeddings; no mask tokens enter it. A light{" "}
        <strong>decoder</strong> receives the encoded visible patches plus a shared, learnt mask token at every missing position, and predicts the pixel values
        of the missing patches. The loss is the mean squared error on the <em>masked</em> patches only.
      </p>
      <MaskedAutoencoderDiagram />
      <p>
        Two choices make it work. The masking ratio is high — 75%, against BERT&apos;s 15% — because images are redundant: with few patches missing, the network
        could fill them in by interpolating from neighbours without understanding anything. And running the encoder on a quarter of the patches makes
        pre-training about three times faster or more, which lets large encoders be trained. After pre-training the decoder is discarded and the encoder is
        applied to whole, unmasked images.
      </p>

      <h2 id="multimodal">8. Multimodal pre-training</h2>
      <p>
        Pair modalities that naturally occur together: images and their captions, video and its audio. CLIP (Radford et al., 2021) trains an image encoder and a
        text encoder on 400 million image–text pairs collected from the internet. Both embeddings are projected into one space and normalised to unit length;
        write <Tex>{String.raw`u_i`}</Tex> for image <Tex>{String.raw`i`}</Tex> and <Tex>{String.raw`w_j`}</Tex> for caption <Tex>{String.raw`j`}</Tex>, and{" "}
        <Tex>{String.raw`s_{ij} = u_i^\top w_j`}</Tex> for their cosine similarity. A batch of <Tex>{"N"}</Tex> pairs gives an{" "}
        <Tex>{String.raw`N \times N`}</Tex> similarity matrix whose diagonal holds the <Tex>{"N"}</Tex> true pairs and whose <Tex>{String.raw`N^2 - N`}</Tex>{" "}
        off-diagonal entries are mismatched pairs. The loss is a cross-entropy in <em>both</em> directions — each image must pick out its caption among the{" "}
        <Tex>{"N"}</Tex> captions (a row), and each caption its image among the <Tex>{"N"}</Tex> images (a column):
      </p>
      <Tex
        display
      >{String.raw`\mathcal{L}_{\text{CLIP}} = \frac{1}{2N} \sum_{i=1}^{N} \left[ -\log \frac{e^{s_{ii}/\tau}}{\sum_{j=1}^{N} e^{s_{ij}/\tau}} \;-\; \log \frac{e^{s_{ii}/\tau}}{\sum_{j=1}^{N} e^{s_{ji}/\tau}} \right].`}</Tex>

      <p>
        The temperature <Tex>{String.raw`\tau`}</Tex> is learnt (initialised at 0.07), and batches are very large (32 768 pairs). This is contrastive learning
        across modalities: the positive pair is an image and its own caption, the negatives are the other captions and images of the batch. The shared embedding
        space gives <strong>zero-shot classification</strong>: embed one text per class, such as “a photo of a dog” and “a photo of a cat”, and assign an image
        to the class whose text is most similar — no training on that task at all. CLIP embeddings also steer text-to-image generators such as DALL·E 2 (Ramesh
        et al., 2022).
      </p>

      <h2 id="summary">Choosing a strategy</h2>
      <ul>
        <li>Labels available in bulk: direct mapping (supervised pre-training).</li>
        <li>Unlabelled images: contrastive learning, masked auto-encoding, or a pretext task such as jigsaw puzzles or colourisation.</li>
        <li>Unlabelled text: a masked language model for understanding, an autoregressive language model for generation.</li>
        <li>A generative model of the data is wanted as well as features: a latent-variable model.</li>
        <li>Paired data across modalities: multimodal contrastive training.</li>
      </ul>

      <h2 id="references">References</h2>
      <ul className="text-sm">
        <li>J. Yosinski, J. Clune, Y. Bengio, H. Lipson. “How Transferable Are Features in Deep Neural Networks?” NeurIPS 2014.</li>
        <li>R. Zhang, P. Isola, A. A. Efros. “Colorful Image Colorization.” ECCV 2016.</li>
        <li>D. Pathak, P. Krähenbühl, J. Donahue, T. Darrell, A. A. Efros. “Context Encoders: Feature Learning by Inpainting.” CVPR 2016.</li>
        <li>S. Gidaris, P. Singh, N. Komodakis. “Unsupervised Representation Learning by Predicting Image Rotations.” ICLR 2018.</li>
        <li>G. E. Hinton, S. Osindero, Y.-W. Teh. “A Fast Learning Algorithm for Deep Belief Nets.” Neural Computation, 2006.</li>
        <li>P. Vincent, H. Larochelle, Y. Bengio, P.-A. Manzagol. “Extracting and Composing Robust Features with Denoising Autoencoders.” ICML 2008.</li>
        <li>D. P. Kingma, M. Welling. “Auto-Encoding Variational Bayes.” ICLR 2014.</li>
        <li>J. Donahue, P. Krähenbühl, T. Darrell. “Adversarial Feature Learning.” ICLR 2017.</li>
        <li>C. Doersch, A. Gupta, A. A. Efros. “Unsupervised Visual Representation Learning by Context Prediction.” ICCV 2015.</li>
        <li>M. Noroozi, P. Favaro. “Unsupervised Learning of Visual Representations by Solving Jigsaw Puzzles.” ECCV 2016.</li>
        <li>A. van den Oord, Y. Li, O. Vinyals. “Representation Learning with Contrastive Predictive Coding.” arXiv:1807.03748, 2018.</li>
        <li>T. Chen, S. Kornblith, M. Norouzi, G. Hinton. “A Simple Framework for Contrastive Learning of Visual Representations.” ICML 2020.</li>
        <li>K. He, H. Fan, Y. Wu, S. Xie, R. Girshick. “Momentum Contrast for Unsupervised Visual Representation Learning.” CVPR 2020.</li>
        <li>J. Devlin, M.-W. Chang, K. Lee, K. Toutanova. “BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding.” NAACL 2019.</li>
        <li>A. Radford, K. Narasimhan, T. Salimans, I. Sutskever. “Improving Language Understanding by Generative Pre-Training.” OpenAI, 2018.</li>
        <li>A. Radford, J. Wu, R. Child, D. Luan, D. Amodei, I. Sutskever. “Language Models are Unsupervised Multitask Learners.” OpenAI, 2019 (GPT-2).</li>
        <li>T. Brown et al. “Language Models are Few-Shot Learners.” NeurIPS 2020 (GPT-3).</li>
        <li>K. He, X. Chen, S. Xie, Y. Li, P. Dollár, R. Girshick. “Masked Autoencoders Are Scalable Vision Learners.” CVPR 2022.</li>
        <li>A. Radford et al. “Learning Transferable Visual Models From Natural Language Supervision.” ICML 2021.</li>
        <li>A. Ramesh, P. Dhariwal, A. Nichol, C. Chu, M. Chen. “Hierarchical Text-Conditional Image Generation with CLIP Latents.” arXiv:2204.06125, 2022.</li>
      </ul>
    </div>
  );
}

export const pretrainingStrategiesModule: ModuleContent = {
  slug: "pretraining-strategies",
  minutes: 18,
  Body: PretrainingStrategiesBody,
};
