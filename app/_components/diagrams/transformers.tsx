import { Arrow, Block, box, circle, Diagram, Label, Node, PatchGrid, Plate } from "./primitives";

/*
 * Attention and transformers: Bahdanau et al. 2015 (encoder–decoder attention, in the notation of the
 * encoder-decoder-attention module), Vaswani et al. 2017 (the block, drawn post-norm as in the paper),
 * Dosovitskiy et al. 2021 (ViT) and the three families (Devlin et al. 2019; Radford et al. 2018;
 * Raffel et al. 2020). Encoders orange, decoders blue, data green.
 */

/** Encoder states h₁ … h_n, weights α_{t,i} from a(s_{t−1}, h_i), context c_t = Σ α_{t,i} h_i into the decoder state s_t. */
export function EncoderDecoderAttentionDiagram() {
  const id = "attention-diagram";
  const hx = [56, 146, 236, 376];
  const h = hx.map((x) => box(x, 266, 64, 44));
  const names = ["1", "2", "3", "n"];
  const c = box(206, 64, 188, 50);
  const sPrev = box(556, 266, 80, 44);
  const s = box(556, 64, 80, 44);
  const score = box(556, 166, 120, 56);
  const alphaAt = (x: number) => [x + (c.x - x) * 0.32, 244 - (244 - 89) * 0.32] as const;
  return (
    <Diagram
      id={id}
      width={640}
      height={320}
      title="Diagram of attention in an encoder–decoder"
      desc="Attention in an encoder–decoder network. The encoder's states h₁, h₂, h₃, …, hₙ sit in a row. A score a(sₜ₋₁, hᵢ) compares the previous decoder state sₜ₋₁ with each encoder state, and a softmax turns the scores into weights αₜ,ᵢ that sum to one. The context vector cₜ is the weighted sum of the encoder states, and it enters the new decoder state sₜ, which is also computed from sₜ₋₁."
      caption="Attention: at each output step $t$ the decoder scores every encoder state against its previous state $s_{t−1}$, normalises the scores with a softmax into weights $α_{t,i}$, and reads the weighted sum $c_t$. The context is recomputed at every step, so no single vector has to carry the whole input."
    >
      {h.map((b, i) => (
        <Arrow key={i} diagram={id} from={b.top} to={[c.x + (b.x - c.x) * 0.25, c.y + c.hh + 2]} />
      ))}
      <Arrow diagram={id} from={c.right} to={s.left} />
      <Arrow diagram={id} from={sPrev.top} to={score.bottom} />
      <Arrow diagram={id} from={score.left} to={[356, 196]} bend={16} dashed />
      <Arrow
        diagram={id}
        from={sPrev.right}
        via={[
          [626, sPrev.y],
          [626, s.y],
        ]}
        to={s.right}
      />
      {hx.map((x, i) => {
        const [lx, ly] = alphaAt(x);
        return <Label key={i} x={lx} y={ly} math={`α_{t,${names[i]}}`} size={17} backdrop />;
      })}
      <Label x={306} y={266} math="⋯" />
      <Label x={216} y={306} text="encoder states" size={15} tone="muted" />
      <Block at={c} math="c_t = Σ_i α_{t,i} h_i" />
      {h.map((b, i) => (
        <Block key={i} at={b} role="critic" math={`h_${names[i]}`} />
      ))}
      <Block at={score} title="softmax of" math="a(s_{t−1}, h_i)" size={14} />
      <Block at={sPrev} role="generator" math="s_{t−1}" />
      <Block at={s} role="generator" math="s_t" />
    </Diagram>
  );
}

/** Input embeddings + positional encoding → [multi-head self-attention → add & norm → feed-forward → add & norm] × N. */
export function TransformerBlockDiagram() {
  const id = "transformer-block-diagram";
  const input = box(200, 524, 200, 40);
  const plus = circle(200, 460, 14);
  const pe = box(362, 460, 112, 52);
  const mha = box(200, 364, 220, 52);
  const norm1 = box(200, 288, 220, 38);
  const ffn = box(200, 208, 220, 52);
  const norm2 = box(200, 132, 220, 38);
  return (
    <Diagram
      id={id}
      width={440}
      height={560}
      title="Diagram of a transformer encoder block"
      desc="A transformer encoder block, read from the bottom up. Input embeddings are added to positional encodings. The sum goes into multi-head self-attention; a residual connection carries the sum around the attention to an add-and-normalise step. Its output goes into a position-wise feed-forward network, again with a residual connection around it to a second add-and-normalise step. The block from attention to the second normalisation is repeated N times."
      caption="A transformer block as in the original paper (post-norm): each sub-layer — multi-head self-attention, then a position-wise feed-forward network — is wrapped in a residual connection followed by layer normalisation, and the block is stacked N times. Most current models move the normalisation before each sub-layer (pre-norm)."
    >
      <Plate at={box(204, 254, 328, 324)} label="× N" />
      <Arrow diagram={id} from={input.top} to={[plus.x, plus.y + plus.r + 2]} />
      <Arrow diagram={id} from={pe.left} to={[plus.x + plus.r + 2, plus.y]} />
      <Arrow diagram={id} from={[plus.x, plus.y - plus.r]} to={mha.bottom} />
      <Arrow diagram={id} from={mha.top} to={norm1.bottom} />
      <Arrow diagram={id} from={norm1.top} to={ffn.bottom} />
      <Arrow diagram={id} from={ffn.top} to={norm2.bottom} />
      <Arrow diagram={id} from={norm2.top} to={[200, 60]} />
      <Arrow
        diagram={id}
        from={[200, 402]}
        via={[
          [64, 402],
          [64, norm1.y],
        ]}
        to={norm1.left}
      />
      <Arrow
        diagram={id}
        from={[200, 250]}
        via={[
          [64, 250],
          [64, norm2.y],
        ]}
        to={norm2.left}
      />
      <Label x={200} y={42} text="output" size={15} tone="muted" />
      <Block at={input} role="data" title="Input embeddings" />
      <Node at={plus} math="+" />
      <Block at={pe} title="Positional" note="encoding" size={15} />
      <Block at={mha} role="generator" title="Multi-head" note="self-attention" />
      <Block at={norm1} title="Add & Norm" />
      <Block at={ffn} role="generator" title="Feed-forward" note="two linear layers" />
      <Block at={norm2} title="Add & Norm" />
    </Diagram>
  );
}

/** Image → patches → linear projection → [CLS] + patch tokens + position embeddings → transformer encoder → MLP head on [CLS]. */
export function VitDiagram() {
  const id = "vit-diagram";
  const proj = box(300, 144, 300, 40);
  const cls = box(168, 224, 56, 34);
  const tokens = Array.from({ length: 9 }, (_, i) => box(216 + i * 28, 224, 24, 34));
  const enc = box(300, 318, 300, 48);
  const head = box(546, 318, 100, 48);
  const out = box(546, 224, 100, 40);
  return (
    <Diagram
      id={id}
      width={640}
      height={376}
      title="Diagram of a vision transformer"
      desc="A vision transformer. An image is cut into a 3 by 3 grid of patches, and the nine patches are laid out as a sequence. A linear projection maps each flattened patch to a token. A learnable [CLS] token is put in front, position embeddings are added, and the ten tokens pass through a transformer encoder. The encoder's output at the [CLS] position goes to an MLP head, which predicts the class."
      caption="A vision transformer (ViT). The image becomes a sequence of patch tokens; a learnable [CLS] token is prepended and position embeddings are added, since attention itself ignores order. After the encoder, a small MLP head reads the [CLS] output and predicts the class."
    >
      <PatchGrid x={64} y={62} cols={3} rows={3} cell={26} />
      <PatchGrid x={330} y={62} cols={9} rows={1} cell={26} />
      <Arrow diagram={id} from={[106, 62]} to={[210, 62]} />
      <Arrow diagram={id} from={[330, 78]} to={[330, proj.y - proj.hh - 2]} />
      <Arrow diagram={id} from={[330, proj.y + proj.hh]} to={[330, 205]} />
      <Arrow diagram={id} from={[300, 243]} to={enc.top} />
      <Arrow diagram={id} from={enc.right} to={head.left} />
      <Arrow diagram={id} from={head.top} to={out.bottom} />
      <Label x={64} y={116} text="image" size={15} tone="muted" />
      <Label x={342} y={186} text="+ position embeddings" size={15} tone="muted" anchor="start" />
      <Label x={470} y={300} text="[CLS]" size={14} tone="muted" />
      <Block at={proj} title="Linear projection of patches" size={15} />
      <Block at={cls} role="critic" title="[CLS]" size={14} />
      {tokens.map((t, i) => (
        <Block key={i} at={t} role="data" title={String(i + 1)} size={14} />
      ))}
      <Block at={enc} role="critic" title="Transformer encoder" />
      <Block at={head} role="generator" title="MLP head" size={15} />
      <Block at={out} title="class" size={15} />
    </Diagram>
  );
}

/** Row-major indices of the forbidden cells of an n × n causal mask (key j after query i). */
function causalMask(n: number): number[] {
  return Array.from({ length: n * n }, (_, k) => k).filter((k) => k % n > Math.floor(k / n));
}

/** Encoder-only (bidirectional), decoder-only (causal) and encoder–decoder (with cross-attention), each with its attention pattern. */
export function TransformerFamiliesDiagram() {
  const id = "transformer-families-diagram";
  const enc = box(106, 142, 150, 60);
  const dec = box(318, 142, 150, 60);
  const enc2 = box(470, 142, 92, 60);
  const dec2 = box(584, 142, 92, 60);
  const causal = causalMask(5);
  return (
    <Diagram
      id={id}
      width={640}
      height={340}
      title="Diagram comparing the three transformer families"
      desc="Three transformer families side by side. Encoder-only, as in BERT: a stack of encoder blocks with bidirectional attention, where every token attends to every token; its attention pattern is a full square. Decoder-only, as in GPT: a stack of decoder blocks with causal attention, where each token attends only to itself and earlier tokens; its pattern is lower triangular. Encoder–decoder, as in T5 and BART: a bidirectional encoder whose outputs feed, through cross-attention, a causal decoder."
      caption="The three families share the transformer block and differ in who may attend to whom. Below each stack, row $i$ of the grid shows which tokens token $i$ attends to (filled: allowed, grey: masked): all of them in an encoder, only earlier ones in a decoder."
    >
      <Label x={106} y={24} text="Encoder-only" bold />
      <Label x={318} y={24} text="Decoder-only" bold />
      <Label x={527} y={24} text="Encoder–decoder" bold />
      <Label x={106} y={48} text="BERT" size={15} tone="muted" />
      <Label x={318} y={48} text="GPT" size={15} tone="muted" />
      <Label x={527} y={48} text="T5, BART" size={15} tone="muted" />
      {[enc, dec, enc2, dec2].map((b, i) => (
        <Arrow key={i} diagram={id} from={[b.x, 206]} to={b.bottom} />
      ))}
      {[enc, dec, dec2].map((b, i) => (
        <Arrow key={i} diagram={id} from={b.top} to={[b.x, 74]} />
      ))}
      <Arrow diagram={id} from={enc2.right} to={dec2.left} />
      <Label x={527} y={84} text="cross-" size={14} tone="muted" />
      <Label x={527} y={100} text="attention" size={14} tone="muted" />
      <Block at={enc} role="critic" title="Encoder" note="bidirectional" />
      <Block at={dec} role="generator" title="Decoder" note="causal" />
      <Block at={enc2} role="critic" title="Encoder" size={15} />
      <Block at={dec2} role="generator" title="Decoder" size={15} />
      <PatchGrid x={106} y={266} cols={5} rows={5} cell={12} role="critic" />
      <PatchGrid x={318} y={266} cols={5} rows={5} cell={12} role="generator" hidden={causal} />
      <PatchGrid x={470} y={266} cols={5} rows={5} cell={12} role="critic" />
      <PatchGrid x={584} y={266} cols={5} rows={5} cell={12} role="generator" hidden={causal} />
      <Label x={318} y={318} text="attention patterns" size={14} tone="muted" />
    </Diagram>
  );
}
