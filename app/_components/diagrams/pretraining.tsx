import { Arrow, Block, box, circle, Diagram, Edge, Label, link, Node, PatchGrid } from "./primitives";

/*
 * Self-supervised pre-training, in the notation of the pretraining-strategies module: contrastive
 * learning as in SimCLR (Chen et al. 2020; InfoNCE, van den Oord et al. 2018) and the masked
 * auto-encoder (He et al. 2022). Encoders orange, decoders and heads blue, data green.
 */

/** x → two augmentations → shared encoder f_θ → h → projection g_ψ → z; the loss attracts z_i and z_j and repels other images' embeddings. */
export function ContrastiveLearningDiagram() {
  const id = "contrastive-diagram";
  const x = box(30, 140, 44, 48);
  const rows = [60, 220];
  const names = ["i", "j"];
  const view = rows.map((y) => box(112, y, 56, 46));
  const f = rows.map((y) => box(214, y, 92, 56));
  const h = rows.map((y) => circle(302, y, 21));
  const g = rows.map((y) => box(394, y, 100, 56));
  const z = rows.map((y) => circle(486, y, 22));
  const other = circle(598, 140, 22);
  return (
    <Diagram
      id={id}
      width={640}
      height={280}
      title="Diagram of contrastive learning"
      desc="Contrastive learning in the style of SimCLR. An image x is augmented twice at random, giving two views x̃ᵢ and x̃ⱼ. Both views pass through the same encoder f with parameters θ, giving representations hᵢ and hⱼ, and through the same projection head g with parameters ψ, giving embeddings zᵢ and zⱼ. The InfoNCE loss attracts zᵢ and zⱼ to each other and repels them from the embeddings of the other images in the batch."
      caption="Contrastive learning (SimCLR). Two random augmentations of one image form a positive pair; the encoder and projection head are shared between the two branches (dashed lines). The InfoNCE loss pulls the pair's embeddings together and pushes them away from those of the other images in the batch, the negatives. After pre-training the head is dropped and $h = f_θ(x)$ is the representation."
    >
      {rows.map((y, i) => (
        <g key={y}>
          <Arrow diagram={id} from={[x.x, i === 0 ? x.y - x.hh : x.y + x.hh]} via={[[x.x, y]]} to={view[i].left} />
          <Arrow diagram={id} from={view[i].right} to={f[i].left} />
          <Arrow diagram={id} {...link(f[i], h[i])} />
          <Arrow diagram={id} {...link(h[i], g[i])} />
          <Arrow diagram={id} {...link(g[i], z[i])} />
          <Arrow diagram={id} {...link(z[i], other, 3)} both dashed />
        </g>
      ))}
      <Arrow diagram={id} {...link(z[0], z[1], 3)} both />
      <Edge from={f[0].bottom} to={f[1].top} dashed />
      <Edge from={g[0].bottom} to={g[1].top} dashed />
      <Label x={214} y={140} text="shared" size={14} tone="muted" backdrop />
      <Label x={394} y={140} text="shared" size={14} tone="muted" backdrop />
      <Label x={494} y={140} text="attract" size={15} tone="muted" anchor="start" />
      <Label x={598} y={92} text="repel" size={15} tone="muted" />
      <Label x={598} y={184} text="other" size={14} tone="muted" />
      <Label x={598} y={200} text="images" size={14} tone="muted" />
      <Label x={40} y={86} math="t" size={17} anchor="start" tone="muted" />
      <Label x={40} y={194} math="t′" size={17} anchor="start" tone="muted" />
      <Block at={x} role="data" math="x" />
      {rows.map((y, i) => (
        <g key={y}>
          <Block at={view[i]} role="data" math={`x̃_${names[i]}`} />
          <Block at={f[i]} role="critic" title="encoder" math="f_θ" size={14} />
          <Node at={h[i]} math={`h_${names[i]}`} />
          <Block at={g[i]} role="generator" title="projection" math="g_ψ" size={14} />
          <Node at={z[i]} math={`z_${names[i]}`} />
        </g>
      ))}
      <Node at={other} math="z_k" />
    </Diagram>
  );
}

/** Patches with 75 % masked → encoder on the visible ones → add mask tokens → light decoder → pixels, loss on the masked patches. */
export function MaskedAutoencoderDiagram() {
  const id = "mae-diagram";
  const visible = [1, 6, 8, 15];
  const masked = Array.from({ length: 16 }, (_, k) => k).filter((k) => !visible.includes(k));
  const enc = box(246, 150, 92, 140);
  const dec = box(436, 150, 92, 140);
  return (
    <Diagram
      id={id}
      width={640}
      height={300}
      title="Diagram of a masked auto-encoder"
      desc="A masked auto-encoder. An image is cut into a 4 by 4 grid of patches and 12 of the 16, that is 75 per cent, are masked at random. Only the 4 visible patches go through the encoder. Its outputs are put back in their positions among 12 shared mask tokens, and a light decoder reconstructs the pixels of every patch. The loss is the squared error on the masked patches only."
      caption="A masked auto-encoder (MAE). The encoder sees only the visible quarter of the patches, which makes it cheap; the decoder fills in the mask tokens and predicts the missing pixels. The squared-error loss counts only the masked patches. After pre-training the decoder is dropped and the encoder is kept."
    >
      <Edge
        from={[66, 104]}
        via={[
          [66, 28],
          [574, 28],
        ]}
        to={[574, 104]}
        dashed
      />
      <Label x={320} y={28} text="squared error on the masked patches" size={15} tone="muted" backdrop />
      <Arrow diagram={id} from={[114, 150]} to={[148, 150]} />
      <Arrow diagram={id} from={[174, 150]} to={enc.left} />
      <Arrow diagram={id} from={enc.right} to={[330, 150]} />
      <Arrow diagram={id} from={[352, 150]} to={dec.left} />
      <Arrow diagram={id} from={dec.right} to={[522, 150]} />
      <PatchGrid x={66} y={150} cols={4} rows={4} cell={22} hidden={masked} />
      <PatchGrid x={161} y={150} cols={1} rows={4} cell={22} />
      <PatchGrid x={341} y={150} cols={1} rows={16} cell={13} role="critic" hidden={masked} />
      <PatchGrid x={574} y={150} cols={4} rows={4} cell={22} role="generator" />
      <Block at={enc} role="critic" title="Encoder" note="visible only" size={15} />
      <Block at={dec} role="generator" title="Decoder" note="light" size={15} />
      <Label x={66} y={212} text="75 % masked" size={14} tone="muted" />
      <Label x={341} y={276} text="+ mask tokens" size={14} tone="muted" />
      <Label x={574} y={212} text="reconstruction" size={14} tone="muted" />
    </Diagram>
  );
}
