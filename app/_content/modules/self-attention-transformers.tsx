import { Tex } from "@/app/_components/Tex";
import { TransformerBlockDiagram, VitDiagram } from "@/app/_components/diagrams/transformers";
import { SelfAttentionMatrix } from "@/app/_components/widgets/SelfAttentionMatrix";
import type { ModuleContent } from "./index";

/*
 * Module text: self-attention, multi-head attention, positional encodings and the vision
 * transformer (lecture Part 2, "Self-attention mechanism", "Vision transformers (ViT)").
 * References: Vaswani et al., "Attention Is All You Need", NeurIPS 2017 (§3.2–3.5, Table 3 base
 * model); Dosovitskiy et al., "An Image is Worth 16x16 Words: Transformers for Image Recognition at
 * Scale", ICLR 2021 (§3.1, Table 1); Xiong et al., "On Layer Normalization in the Transformer
 * Architecture", ICML 2020 (pre-LN).
 */

function SelfAttentionTransformersBody() {
  return (
    <div className="prose-genlab">
      <p>
        In encoder–decoder attention the queries come from one sequence and the keys and values from another. In <strong>self-attention</strong> all three come
        from the <em>same</em> sequence: every token asks every other token what it has to offer and rebuilds its own representation from the answers. A
        transformer is little more than this operation, stacked.
      </p>

      <h2 id="self-attention">The self-attention matrix</h2>
      <p>
        Stack the <Tex>{"n"}</Tex> token vectors of a sequence as the rows of <Tex>{String.raw`X \in \mathbb{R}^{n \times d_{\text{model}}}`}</Tex>. Three
        learned matrices project every token into a query, a key and a value:
      </p>
      <Tex
        display
      >{String.raw`Q = X W^{Q}, \qquad K = X W^{K}, \qquad V = X W^{V}, \qquad W^{Q}, W^{K} \in \mathbb{R}^{d_{\text{model}} \times d_k},\; W^{V} \in \mathbb{R}^{d_{\text{model}} \times d_v}.`}</Tex>
      <p>Scaled dot-product attention then gives</p>
      <Tex
        display
      >{String.raw`A = \operatorname{softmax}\!\left(\frac{Q K^\top}{\sqrt{d_k}}\right) \in \mathbb{R}^{n \times n}, \qquad Z = A V \in \mathbb{R}^{n \times d_v}.`}</Tex>
      <p>
        <Tex>{"A"}</Tex> is the <strong>self-attention matrix</strong>. Row <Tex>{"i"}</Tex> holds the weights with which token <Tex>{"i"}</Tex> attends to
        every token (itself included); each row is non-negative and sums to one, and the new vector of token <Tex>{"i"}</Tex> is the matching mix of values. In
        “The animal didn&apos;t cross the street because it was too tired”, a trained model puts much of the weight of <em>it</em> on <em>animal</em>: context
        decides what a word means.
      </p>
      <ul>
        <li>
          <strong>Parallel.</strong> All rows are computed at once by matrix products — no recurrence, unlike an RNN.
        </li>
        <li>
          <strong>Short paths.</strong> Any two tokens interact directly, in one layer, however far apart they are.
        </li>
        <li>
          <strong>Quadratic cost.</strong> The matrix has <Tex>{String.raw`n^2`}</Tex> entries, so time and memory grow as <Tex>{String.raw`O(n^2 d)`}</Tex> —
          the price of long contexts.
        </li>
      </ul>
      <p>
        In a decoder that generates text left to right, token <Tex>{"i"}</Tex> must not see later tokens. A <strong>causal mask</strong> sets the scores with{" "}
        <Tex>{String.raw`j > i`}</Tex> to <Tex>{String.raw`-\infty`}</Tex> before the softmax, so <Tex>{"A"}</Tex> becomes lower-triangular.
      </p>
      <SelfAttentionMatrix />

      <h2 id="multi-head">Multi-head attention</h2>
      <p>
        One attention pattern per layer is limiting: a token may need its syntactic head, its coreferent and its neighbour all at once.{" "}
        <strong>Multi-head attention</strong> runs <Tex>{"h"}</Tex> attentions in parallel, each with its own smaller projections, and concatenates the results:
      </p>
      <Tex
        display
      >{String.raw`\operatorname{head}_j = \operatorname{Attention}\big(X W_j^{Q},\, X W_j^{K},\, X W_j^{V}\big), \qquad \operatorname{MultiHead}(X) = \big[\operatorname{head}_1; \dots; \operatorname{head}_h\big]\, W^{O}.`}</Tex>
      <p>
        With <Tex>{String.raw`d_k = d_v = d_{\text{model}}/h`}</Tex> the total cost is about that of one full-width head. The original transformer used{" "}
        <Tex>{String.raw`d_{\text{model}} = 512`}</Tex> and <Tex>{"h = 8"}</Tex> heads, so <Tex>{String.raw`d_k = 64`}</Tex>.
      </p>

      <h2 id="positional-encoding">Positional encodings</h2>
      <p>
        Self-attention ignores order. If you permute the rows of <Tex>{"X"}</Tex>, the rows of the output are permuted in the same way and nothing else changes
        — the operation is <em>permutation-equivariant</em>, so “dog bites man” and “man bites dog” would look alike. Position has to be added to the input. The
        original transformer adds fixed sinusoids to the token embeddings:
      </p>
      <Tex
        display
      >{String.raw`PE_{(pos,\,2i)} = \sin\!\left(\frac{pos}{10000^{2i/d_{\text{model}}}}\right), \qquad PE_{(pos,\,2i+1)} = \cos\!\left(\frac{pos}{10000^{2i/d_{\text{model}}}}\right).`}</Tex>
      <p>
        Each pair of dimensions is a clock with its own frequency, from fast to very slow, and a shift by a fixed offset acts on each pair as a rotation, which
        makes relative positions easy to read off. BERT, GPT and ViT instead learn one position-embedding vector per position; many recent language models use
        relative or rotary schemes.
      </p>

      <h2 id="block">The transformer block</h2>
      <p>
        A layer combines multi-head self-attention with a position-wise feed-forward network (two linear maps with a non-linearity, usually 4 times wider
        inside), each wrapped in a residual connection and layer normalisation. In the now common pre-norm form:
      </p>
      <Tex
        display
      >{String.raw`X' = X + \operatorname{MultiHead}\big(\operatorname{LN}(X)\big), \qquad X'' = X' + \operatorname{FFN}\big(\operatorname{LN}(X')\big).`}</Tex>
      <p>The original paper applied the normalisation after each residual addition instead (post-norm).</p>
      <TransformerBlockDiagram />

      <h2 id="vit">Vision transformers</h2>
      <p>Dosovitskiy et al. (2020) asked whether a plain transformer could read images. The trick is to turn an image into a sequence of “words”:</p>
      <ol>
        <li>
          Cut the image of size <Tex>{String.raw`H \times W`}</Tex> with <Tex>{"C"}</Tex> channels into non-overlapping <Tex>{String.raw`P \times P`}</Tex>{" "}
          patches: <Tex>{String.raw`N = HW/P^2`}</Tex> of them.
        </li>
        <li>
          Flatten each patch into a vector of length <Tex>{String.raw`P^2 C`}</Tex> and map it linearly to the model width <Tex>{"D"}</Tex> (the patch
          embedding).
        </li>
        <li>
          Prepend a learnable <code>[CLS]</code> token and add learned position embeddings, giving <Tex>{String.raw`N + 1`}</Tex> tokens.
        </li>
        <li>
          Run a standard transformer encoder; a small head on the final <code>[CLS]</code> vector predicts the class.
        </li>
      </ol>
      <VitDiagram />
      <p>
        For a 224 × 224 RGB image and 16 × 16 patches: <Tex>{String.raw`N = 224^2/16^2 = 196`}</Tex> patches, each a vector of{" "}
        <Tex>{String.raw`16 \cdot 16 \cdot 3 = 768`}</Tex> numbers, and 197 tokens with <code>[CLS]</code>. ViT-Base uses <Tex>{"D = 768"}</Tex>, 12 layers and
        12 heads (about 86 million parameters).
      </p>
      <p>
        A CNN builds in locality and translation equivariance; a ViT has to learn them, since every patch can attend to every other from the first layer on.
        With ImageNet alone ViT trails comparable CNNs; pre-trained on much larger collections (ImageNet-21k, JFT-300M) it matches or beats them. Pre-training
        with masked auto-encoding or contrastive objectives, from the previous module, is now the usual remedy.
      </p>

      <h2 id="references">References</h2>
      <ul className="text-sm">
        <li>A. Vaswani et al. “Attention Is All You Need.” NeurIPS 2017.</li>
        <li>A. Dosovitskiy et al. “An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale.” ICLR 2021.</li>
      </ul>
    </div>
  );
}

export const selfAttentionTransformersModule: ModuleContent = {
  slug: "self-attention-transformers",
  minutes: 9,
  Body: SelfAttentionTransformersBody,
};
