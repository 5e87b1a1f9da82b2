import { EncoderDecoderAttentionDiagram } from "@/app/_components/diagrams/transformers";
import { Tex } from "@/app/_components/Tex";
import { AttentionRetrieval } from "@/app/_components/widgets/AttentionRetrieval";
import type { ModuleContent } from "./index";

/*
 * Module text: encoder–decoder models and the attention mechanism, read as soft information
 * retrieval (lecture Part 2, "Attention is all you need", "Encoder-decoder architecture",
 * "Attention mechanism", "Information retrieval system").
 * References: Sutskever, Vinyals and Le, "Sequence to Sequence Learning with Neural Networks",
 * NeurIPS 2014; Cho et al., "On the Properties of Neural Machine Translation: Encoder–Decoder
 * Approaches", SSST 2014; Bahdanau, Cho and Bengio, "Neural Machine Translation by Jointly Learning
 * to Align and Translate", ICLR 2015; Luong, Pham and Manning, EMNLP 2015; Vaswani et al.,
 * "Attention Is All You Need", NeurIPS 2017, §3.2.
 */

function EncoderDecoderAttentionBody() {
  return (
    <div className="prose-genlab">
      <p>
        The transformer was built for machine translation. Its core is <strong>self-attention</strong>, which lets it process all tokens of a sequence in
        parallel rather than one after another as a recurrent network does. The price of that parallelism is not a large number of parameters, as a lecture
        slide puts it: the attention operation itself has none, and a layer&apos;s learnt projections do not grow with the sequence. The price is computation —
        every token is compared with every other, so time and memory grow with the square of the sequence length. (Today&apos;s transformers are large because
        they are made wide and deep, not because attention needs it.) To understand self-attention we first need the architecture it grew out of, the
        encoder–decoder, and the idea of attention itself.
      </p>

      <h2 id="encoder-decoder">The encoder–decoder architecture</h2>
      <p>
        Translation maps a source sequence <Tex>{String.raw`x_1, \dots, x_n`}</Tex> to a target sequence <Tex>{String.raw`y_1, \dots, y_m`}</Tex> of a different
        length. The sequence-to-sequence models of 2014 split the job in two recurrent networks:
      </p>
      <ul>
        <li>
          the <strong>encoder</strong> reads the source and produces hidden states <Tex>{String.raw`h_1, \dots, h_n`}</Tex>, one per token;
        </li>
        <li>
          the <strong>decoder</strong> generates the target one token at a time, each conditioned on the tokens already produced and on a summary{" "}
          <Tex>{"c"}</Tex> of the source:
        </li>
      </ul>
      <Tex display>{String.raw`p(y_1, \dots, y_m \mid x) = \prod_{t=1}^{m} p\big(y_t \mid y_1, \dots, y_{t-1},\, c\big).`}</Tex>
      <p>
        In the first models the summary was a single vector, usually the last encoder state, <Tex>{String.raw`c = h_n`}</Tex>. That is a{" "}
        <strong>bottleneck</strong>: a whole sentence, however long, must be squeezed into one fixed-size vector, and translation quality dropped sharply for
        long sentences.
      </p>

      <h2 id="attention">Attention: a new summary for every output step</h2>
      <p>
        Bahdanau, Cho and Bengio (2014) let the decoder look back at <em>all</em> encoder states. At output step <Tex>{"t"}</Tex>, with decoder state{" "}
        <Tex>{String.raw`s_{t-1}`}</Tex>:
      </p>
      <Tex
        display
      >{String.raw`e_{t,i} = a\big(s_{t-1}, h_i\big), \qquad \alpha_{t,i} = \frac{\exp(e_{t,i})}{\sum_{j=1}^{n} \exp(e_{t,j})}, \qquad c_t = \sum_{i=1}^{n} \alpha_{t,i}\, h_i .`}</Tex>
      <p>
        The score <Tex>{String.raw`a`}</Tex> measures how relevant source position <Tex>{"i"}</Tex> is right now. Bahdanau et al. used <em>additive</em>{" "}
        attention, a network with one hidden layer whose only parameters are the matrices <Tex>{String.raw`W_a, U_a`}</Tex> and the vector{" "}
        <Tex>{String.raw`v_a`}</Tex>, trained with the rest of the translator:
      </p>
      <Tex display>{String.raw`a(s_{t-1}, h_i) = v_a^\top \tanh\big(W_a s_{t-1} + U_a h_i\big).`}</Tex>
      <p>
        Luong et al. (2015) later scored with the dot product <Tex>{String.raw`s_t^\top h_i`}</Tex> of the current decoder state and the encoder state, which
        has no parameters of its own (their “general” score <Tex>{String.raw`s_t^\top W_a h_i`}</Tex> adds one matrix). Either way, attention adds few or no
        weights to the network. The softmax turns the scores into weights that are positive and sum to one, and the context <Tex>{String.raw`c_t`}</Tex> is a
        weighted average of the encoder states. When translating a noun, the weights concentrate on the corresponding source noun: the model learns a soft{" "}
        <em>alignment</em> without ever being told one.
      </p>

      <EncoderDecoderAttentionDiagram />

      <h2 id="retrieval">Attention as information retrieval</h2>
      <p>
        A retrieval system stores items as <strong>key–value</strong> pairs <Tex>{String.raw`(k_i, v_i)`}</Tex>. You send a <strong>query</strong>{" "}
        <Tex>{"q"}</Tex> (a vector — not the inference distribution <Tex>{String.raw`q_\phi(z \mid x)`}</Tex> of the latent-variable modules; the letter is the
        transformer paper&apos;s); the system compares it with every key and returns the value whose key matches. A dictionary lookup is the extreme case:
        exactly one key matches and you get exactly its value.
      </p>
      <p>
        Attention is the soft, differentiable version. Every key gets a similarity score with the query, the scores become weights through a softmax, and the
        answer is the weighted mix of <em>all</em> values:
      </p>
      <Tex
        display
      >{String.raw`\operatorname{Attention}(q, K, V) = \sum_{i=1}^{n} \alpha_i\, v_i, \qquad \alpha_i = \frac{\exp\big(\operatorname{score}(q, k_i)\big)}{\sum_{j} \exp\big(\operatorname{score}(q, k_j)\big)} .`}</Tex>
      <p>
        Because nothing is chosen by a hard rule, gradients flow into the query, the keys and the values, so the network learns what to ask for and what to
        store. In Bahdanau attention the query is the decoder state and the keys and values are both the encoder states; in the transformer&apos;s
        encoder–decoder (“cross”) attention the queries come from the decoder and the keys and values from the encoder.
      </p>

      <h2 id="scaled-dot-product">Scaled dot-product attention</h2>
      <p>
        The transformer uses the dot product as the score and stacks the queries as rows of a matrix <Tex>{"Q"}</Tex>, the keys of <Tex>{"K"}</Tex> and the
        values of <Tex>{"V"}</Tex>:
      </p>
      <Tex display>{String.raw`\operatorname{Attention}(Q, K, V) = \operatorname{softmax}\!\left(\frac{Q K^\top}{\sqrt{d_k}}\right) V ,`}</Tex>
      <p>
        with the softmax taken along each row and <Tex>{String.raw`d_k`}</Tex> the length of a key. Why divide by <Tex>{String.raw`\sqrt{d_k}`}</Tex>? If the
        components of <Tex>{"q"}</Tex> and <Tex>{"k"}</Tex> are independent with mean 0 and variance 1, then{" "}
        <Tex>{String.raw`q^\top k = \sum_{l=1}^{d_k} q_l k_l`}</Tex> has variance <Tex>{String.raw`d_k`}</Tex>. For <Tex>{String.raw`d_k = 64`}</Tex> the raw
        scores spread over tens of units, the softmax becomes almost one-hot and its gradients vanish. Dividing by the standard deviation{" "}
        <Tex>{String.raw`\sqrt{d_k}`}</Tex> brings the scores back to unit scale.
      </p>

      <h2 id="worked-example">A worked example</h2>
      <p>
        Take <Tex>{String.raw`d_k = 4`}</Tex> (so <Tex>{String.raw`\sqrt{d_k} = 2`}</Tex>), the query <Tex>{String.raw`q = (1, 1, 0, 0)`}</Tex> and three
        key–value pairs:
      </p>
      <ul>
        <li>
          <Tex>{String.raw`k_1 = (2, 2, 0, 0)`}</Tex>, <Tex>{String.raw`v_1 = (1, 0)`}</Tex>: scaled score <Tex>{String.raw`4/2 = 2`}</Tex>;
        </li>
        <li>
          <Tex>{String.raw`k_2 = (0, 0, 2, 2)`}</Tex>, <Tex>{String.raw`v_2 = (0, 1)`}</Tex>: scaled score <Tex>{String.raw`0/2 = 0`}</Tex>;
        </li>
        <li>
          <Tex>{String.raw`k_3 = (1, 1, 1, 1)`}</Tex>, <Tex>{String.raw`v_3 = (1, 1)`}</Tex>: scaled score <Tex>{String.raw`2/2 = 1`}</Tex>.
        </li>
      </ul>
      <Tex
        display
      >{String.raw`\alpha = \operatorname{softmax}(2, 0, 1) = \frac{(e^{2},\, e^{0},\, e^{1})}{e^{2} + 1 + e} \approx (0.665,\; 0.090,\; 0.245)`}</Tex>
      <Tex display>{String.raw`\text{output} = 0.665\,(1,0) + 0.090\,(0,1) + 0.245\,(1,1) \approx (0.910,\; 0.335).`}</Tex>
      <p>
        The best-matching key dominates, but every value contributes. Scale the query up and the weights sharpen towards a hard lookup; scale it towards zero
        and they flatten to a plain average.
      </p>
      <AttentionRetrieval />

      <h2 id="references">References</h2>
      <ul className="text-sm">
        <li>I. Sutskever, O. Vinyals, Q. V. Le. “Sequence to Sequence Learning with Neural Networks.” NeurIPS 2014.</li>
        <li>D. Bahdanau, K. Cho, Y. Bengio. “Neural Machine Translation by Jointly Learning to Align and Translate.” ICLR 2015.</li>
        <li>M.-T. Luong, H. Pham, C. D. Manning. “Effective Approaches to Attention-based Neural Machine Translation.” EMNLP 2015.</li>
        <li>A. Vaswani et al. “Attention Is All You Need.” NeurIPS 2017.</li>
      </ul>
    </div>
  );
}

export const encoderDecoderAttentionModule: ModuleContent = {
  slug: "encoder-decoder-attention",
  minutes: 9,
  Body: EncoderDecoderAttentionBody,
};
