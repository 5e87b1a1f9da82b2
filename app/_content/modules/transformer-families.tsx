import { Tex } from "@/app/_components/Tex";
import { TransformerFamiliesDiagram } from "@/app/_components/diagrams/transformers";
import { AttentionMasks } from "@/app/_components/widgets/AttentionMasks";
import type { ModuleContent } from "./index";

/*
 * Module text: encoder-only, decoder-only and encoder–decoder transformers.
 * References: Vaswani et al. 2017, "Attention is all you need"; Devlin et al. 2019, "BERT";
 * Radford et al. 2018/2019 (GPT, GPT-2); Brown et al. 2020, "Language models are few-shot
 * learners" (GPT-3); Raffel et al. 2020, "Exploring the limits of transfer learning with a unified
 * text-to-text transformer" (T5); Lewis et al. 2020, "BART".
 */

function TransformerFamiliesBody() {
  return (
    <div className="prose-genlab">
      <p>
        The original transformer (Vaswani et al., 2017) was an encoder–decoder for machine translation. Its two halves turned out to be useful on their own, and
        three families of pre-trained models grew from them. They share the same building block — multi-head self-attention plus a feed-forward layer — and
        differ mainly in <strong>which tokens may attend to which</strong>, and in the pre-training task that follows from it.
      </p>

      <h2 id="masks">One block, different masks</h2>
      <p>
        Self-attention over <Tex>{String.raw`n`}</Tex> tokens computes, for queries <Tex>{String.raw`Q`}</Tex>, keys <Tex>{String.raw`K`}</Tex> and values{" "}
        <Tex>{String.raw`V`}</Tex>,
      </p>
      <Tex display>{String.raw`\operatorname{Attention}(Q, K, V) = \operatorname{softmax}\!\Big(\frac{QK^\top}{\sqrt{d_k}} + M\Big)V,`}</Tex>
      <p>
        where the mask <Tex>{String.raw`M`}</Tex> adds <Tex>{String.raw`0`}</Tex> where attention is allowed and <Tex>{String.raw`-\infty`}</Tex> where it is
        forbidden (the softmax then gives those positions weight 0).
      </p>
      <ul>
        <li>
          <strong>Bidirectional</strong> (no mask, <Tex>{String.raw`M = 0`}</Tex>): every token sees every other token.
        </li>
        <li>
          <strong>Causal</strong>: <Tex>{String.raw`M_{ij} = 0`}</Tex> if <Tex>{String.raw`j \le i`}</Tex> and <Tex>{String.raw`-\infty`}</Tex> if{" "}
          <Tex>{String.raw`j > i`}</Tex>. Token <Tex>{String.raw`i`}</Tex> sees only itself and earlier tokens — a lower-triangular pattern with{" "}
          <Tex>{String.raw`n(n+1)/2`}</Tex> allowed pairs (21 for <Tex>{String.raw`n = 6`}</Tex>, against 36 without a mask).
        </li>
      </ul>
      <TransformerFamiliesDiagram />

      <p>The three masks side by side, on one short translation: focus a query token to see which keys it may attend to.</p>
      <AttentionMasks />

      <h2 id="encoder-only">Encoder-only: BERT</h2>
      <p>
        BERT (Devlin et al., 2019) is a stack of bidirectional encoder blocks. Because every token sees the whole input, it cannot be trained to predict the
        next token — the answer would be visible. Instead it uses <strong>masked language modelling</strong>: 15% of the input tokens are selected, most of them
        replaced by a <code>[MASK]</code> symbol (80%; 10% by a random token, 10% left unchanged), and the model predicts the originals from context on both
        sides. The original BERT added next-sentence prediction; later variants (RoBERTa) dropped it.
      </p>
      <p>
        The output is a contextual vector per token, plus a summary vector at a special <code>[CLS]</code> position. Fine-tuned with a small head, this suits{" "}
        <strong>understanding</strong> tasks: sentence classification and sentiment, named-entity tagging, extractive question answering (pointing at a span),
        retrieval embeddings. It is not a natural generator: it predicts masked tokens in parallel, not a sequence left to right.
      </p>

      <h2 id="decoder-only">Decoder-only: GPT</h2>
      <p>
        GPT models (Radford et al., 2018, 2019; Brown et al., 2020) use causal self-attention only. Pre-training is the autoregressive objective of the previous
        module, next-token prediction:
      </p>
      <Tex display>{String.raw`\max_\theta \sum_{t=1}^{T} \log p_\theta(y_t \mid y_{<t}).`}</Tex>
      <p>
        Thanks to the causal mask, one forward pass trains all <Tex>{String.raw`T`}</Tex> positions at once (teacher forcing). Generation appends one sampled
        token at a time, caching the keys and values of earlier tokens so they are not recomputed. Every task can be phrased as “continue this text”, so one
        model handles open-ended generation, dialogue, code and — at scale — new tasks from instructions or a few examples in the prompt (in-context learning).
        This generality, and the simplicity of scaling one objective, made decoder-only the dominant design for large language models.
      </p>

      <h2 id="encoder-decoder">Encoder–decoder: T5 and BART</h2>
      <p>
        The encoder reads the input bidirectionally; the decoder generates the output causally and, in each block, also attends to the encoder&apos;s outputs
        through <strong>cross-attention</strong> (queries from the decoder, keys and values from the encoder). The input and output are separate sequences.
      </p>
      <ul>
        <li>
          <strong>T5</strong> (Raffel et al., 2020) casts every task as text-to-text (“translate English to German: …”) and pre-trains with{" "}
          <em>span corruption</em>: contiguous spans are replaced by sentinel tokens and the decoder outputs the missing spans.
        </li>
        <li>
          <strong>BART</strong> (Lewis et al., 2020) is a denoising auto-encoder: corrupt a text (mask spans, shuffle sentences) and train the decoder to
          reconstruct the original.
        </li>
      </ul>
      <p>
        This family suits <strong>sequence-to-sequence</strong> tasks where a whole input conditions a new output: translation, summarisation, rewriting,
        generative question answering.
      </p>

      <h2 id="which">Which family for which task?</h2>
      <ul>
        <li>Label or embed a given text (classification, tagging, search): encoder-only.</li>
        <li>Transform one text into another of different length (translation, summary): encoder–decoder.</li>
        <li>Open-ended generation, chat, or one model for everything: decoder-only.</li>
      </ul>
      <p>
        The boundaries are soft. Large decoder-only models translate and classify well when prompted, and a <em>prefix LM</em> — bidirectional attention over a
        prompt, causal over the continuation — sits between the decoder-only and encoder–decoder designs. The same three patterns appear beyond text: vision
        transformers are encoders, and image generators pair a text encoder with a decoder.
      </p>

      <h2 id="references">References</h2>
      <ul className="text-sm">
        <li>A. Vaswani et al. “Attention Is All You Need.” NeurIPS 2017.</li>
        <li>J. Devlin et al. “BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding.” NAACL 2019.</li>
        <li>
          A. Radford et al. “Improving Language Understanding by Generative Pre-Training.” 2018; “Language Models are Unsupervised Multitask Learners.” 2019.
        </li>
        <li>T. Brown et al. “Language Models are Few-Shot Learners.” NeurIPS 2020.</li>
        <li>C. Raffel et al. “Exploring the Limits of Transfer Learning with a Unified Text-to-Text Transformer.” JMLR 2020.</li>
        <li>M. Lewis et al. “BART: Denoising Sequence-to-Sequence Pre-training for Natural Language Generation, Translation, and Comprehension.” ACL 2020.</li>
      </ul>
    </div>
  );
}

export const transformerFamiliesModule: ModuleContent = { slug: "transformer-families", minutes: 10, Body: TransformerFamiliesBody };
