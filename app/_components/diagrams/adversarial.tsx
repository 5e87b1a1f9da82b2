import { Arrow, Block, box, circle, Diagram, Edge, Label, link, Node, PatchGrid } from "./primitives";

/*
 * Adversarial models: GAN (Goodfellow et al. 2014), conditional GAN (Mirza & Osindero 2014), adversarial
 * auto-encoder (Makhzani et al. 2016), pix2pix (Isola et al. 2017) and CycleGAN (Zhu et al. 2017).
 * Generators blue, discriminators and encoders orange, data green.
 */

/** The boxes of the game: real data above, noise → generator below, both into the discriminator on the right. */
function ganLayout(top: number, bottom: number, discX: number) {
  const mid = (top + bottom) / 2;
  return {
    data: box(205, top, 170, 58),
    noise: box(72, bottom, 116, 58),
    gen: box(232, bottom, 104, 58),
    disc: box(discX, mid, 144, 66),
    out: box(discX + 132, mid, 76, 44),
  };
}

/** Data and generated samples, the discriminator and its output; `fake` labels the generated sample. */
function GanGame({ diagram, layout, joinX, fake }: { diagram: string; layout: ReturnType<typeof ganLayout>; joinX: number; fake: string }) {
  const { data, noise, gen, disc, out } = layout;
  return (
    <>
      <Arrow diagram={diagram} from={noise.right} to={gen.left} />
      {[data, gen].map((b, i) => {
        const y = disc.y + (i === 0 ? -16 : 16);
        return (
          <Arrow
            key={i}
            diagram={diagram}
            from={b.right}
            via={[
              [joinX, b.y],
              [joinX, y],
            ]}
            to={[disc.left[0], y]}
          />
        );
      })}
      <Arrow diagram={diagram} from={disc.right} to={out.left} />
      <Block at={data} role="data" title="Real data" math="x ∼ p_{data}" />
      <Block at={noise} title="Noise" math="z ∼ p_z" />
      <Block at={gen} role="generator" title="Generator" math="G" />
      <Block at={disc} role="critic" title="Discriminator" math="D" />
      <Block at={out} math="P(real)" />
      <Label x={joinX - 32} y={data.y - 16} math="x" tone="muted" />
      <Label x={gen.right[0] + 8} y={gen.y + 22} math={fake} tone="muted" anchor="start" />
    </>
  );
}

/** z ∼ p_z → G → G(z); real x and G(z) → D → probability that the input is real. */
export function GanDiagram() {
  const id = "gan-diagram";
  return (
    <Diagram
      id={id}
      width={640}
      height={236}
      title="Diagram of a generative adversarial network"
      desc="Noise z drawn from a simple prior enters the generator G, which outputs a fake sample G(z). The discriminator D receives either a real data point x or a fake sample G(z) and outputs D, its estimate of the probability that the input is real."
      caption="A GAN. The generator $G$ turns noise $z$ into samples $G(z)$; the discriminator $D$ sees real data and generated samples and outputs the probability that its input is real. $D$ is trained to tell them apart, $G$ to fool $D$."
    >
      <GanGame diagram={id} layout={ganLayout(58, 178, 456)} joinX={345} fake="G(z)" />
    </Diagram>
  );
}

/** The GAN with a label y given to both networks. */
export function ConditionalGanDiagram() {
  const id = "cgan-diagram";
  const layout = ganLayout(52, 160, 468);
  const label = box(232, 262, 104, 48);
  return (
    <Diagram
      id={id}
      width={640}
      height={300}
      title="Diagram of a conditional GAN"
      desc="A conditional GAN: the label y is fed to both networks. The generator G receives noise z and the label y and outputs G(z, y); the discriminator D receives a real pair (x, y) or a generated pair (G(z, y), y) and outputs D(x, y), the probability that the pair is real."
      caption="A conditional GAN. The label $y$ (a class, say) is an extra input to both networks, so that $G$ learns to generate data of the requested class and $D$ judges whether a sample is real and matches its label."
    >
      <Arrow diagram={id} from={label.top} to={layout.gen.bottom} />
      <Arrow diagram={id} from={label.right} via={[[layout.disc.x, label.y]]} to={layout.disc.bottom} />
      <GanGame diagram={id} layout={layout} joinX={352} fake="G(z, y)" />
      <Block at={label} role="data" title="Label" math="y" />
    </Diagram>
  );
}

/** x → encoder → z → decoder → x̂; D tells the encoder's codes from samples of the prior p(z). */
export function AdversarialAutoencoderDiagram() {
  const id = "aae-diagram";
  const x = box(48, 96, 56, 50);
  const enc = box(168, 96, 124, 62);
  const z = circle(306, 96, 26);
  const dec = box(444, 96, 124, 62);
  const xhat = box(590, 96, 56, 50);
  const prior = box(168, 236, 124, 58);
  const disc = box(444, 220, 150, 66);
  const out = box(590, 220, 84, 44);
  return (
    <Diagram
      id={id}
      width={640}
      height={280}
      title="Diagram of an adversarial auto-encoder"
      desc="An adversarial auto-encoder: an input x passes through the encoder qφ(z | x) to a code z and through the decoder gθ to a reconstruction x̂ = gθ(z), trained with a reconstruction loss. A discriminator D on the latent space receives codes z from the encoder as fakes and samples z′ from the prior p(z) as real ones, and outputs the probability that its input came from the prior."
      caption="An adversarial auto-encoder. The top row is an auto-encoder trained to reconstruct $x$. Below, a discriminator compares the encoder's codes with samples from the chosen prior $p(z)$; the encoder, acting as the generator, learns to make its codes indistinguishable from prior samples, so that decoding a prior sample gives a plausible $x$."
    >
      <Edge
        from={x.top}
        via={[
          [x.x, 26],
          [xhat.x, 26],
        ]}
        to={xhat.top}
        dashed
      />
      <Arrow diagram={id} from={x.right} to={enc.left} />
      <Arrow diagram={id} {...link(enc, z)} />
      <Arrow diagram={id} {...link(z, dec)} />
      <Arrow diagram={id} from={dec.right} to={xhat.left} />
      <Arrow diagram={id} from={[z.x, z.y + z.r + 2]} via={[[z.x, 204]]} to={[disc.left[0], 204]} />
      <Arrow diagram={id} from={prior.right} to={[disc.left[0], prior.y]} />
      <Label x={316} y={168} text="fake" size={15} tone="muted" anchor="start" />
      <Label x={296} y={250} text="real" size={15} tone="muted" />
      <Arrow diagram={id} from={disc.right} to={out.left} />
      <Label x={320} y={26} text="reconstruction loss" math="‖x − x̂‖^2" size={16} tone="muted" backdrop />
      <Block at={x} role="data" math="x" />
      <Block at={enc} role="critic" title="Encoder" math="q_φ(z | x)" />
      <Node at={z} math="z" />
      <Block at={dec} role="generator" title="Decoder" math="x̂ = g_θ(z)" />
      <Block at={xhat} role="data" math="x̂" />
      <Block at={prior} title="Prior sample" math="z′ ∼ p(z)" />
      <Block at={disc} role="critic" title="Discriminator" math="D" />
      <Block at={out} math="P(prior)" />
    </Diagram>
  );
}

/** Input x → U-Net G → G(x, z); PatchGAN D judges (x, G(x, z)) against (x, y), one score per patch; an L1 loss ties G(x, z) to the target y. */
export function Pix2PixDiagram() {
  const id = "pix2pix-diagram";
  const input = box(48, 150, 72, 58);
  const down = box(136, 150, 64, 96);
  const up = box(216, 150, 64, 96);
  const output = box(330, 150, 96, 58);
  const target = box(330, 46, 96, 58);
  const disc = box(474, 150, 132, 76);
  return (
    <Diagram
      id={id}
      width={640}
      height={280}
      title="Diagram of pix2pix image-to-image translation"
      desc="Pix2pix: an input image x passes through a U-Net generator, which downsamples and then upsamples, with skip connections joining layers of equal resolution, to an output image G(x, z). The PatchGAN discriminator D sees pairs: the input with the generator's output as fake, and the input with the real target y as real. It outputs a grid of real-or-fake scores, one per image patch. An L1 loss between the output and the target y is added to the generator's adversarial loss."
      caption="Pix2pix. The generator is a U-Net: an encoder–decoder whose skip connections (dashed) let detail bypass the bottleneck. The discriminator is shown pairs, so it judges whether the output fits the input, and scores each patch separately; an L1 loss keeps the output close to the paired target $y$."
    >
      <Arrow diagram={id} from={input.right} to={[down.left[0], down.y]} />
      <Arrow diagram={id} from={[down.right[0], down.y]} to={[up.left[0], up.y]} />
      <Arrow diagram={id} from={[up.right[0], up.y]} to={output.left} />
      <Arrow diagram={id} from={output.right} to={disc.left} />
      <Arrow diagram={id} from={target.right} via={[[disc.x + 40, target.y]]} to={[disc.x + 40, disc.y - disc.hh]} />
      <Arrow
        diagram={id}
        from={input.bottom}
        via={[
          [input.x, 250],
          [disc.x, 250],
        ]}
        to={disc.bottom}
      />
      <Arrow diagram={id} from={disc.right} to={[566, disc.y]} />
      <Edge from={target.bottom} to={output.top} dashed />
      <Label x={340} y={98} text="L1" math="‖y − G(x, z)‖_1" size={15} tone="muted" anchor="start" />
      <Label x={262} y={250} text="each pair includes the input" math="x" size={15} tone="muted" backdrop />
      <Label x={392} y={30} text="real pair" math="(x, y)" size={15} tone="muted" anchor="start" />
      <Label x={176} y={214} text="U-Net generator" math="G" size={15} tone="muted" />
      <Label x={596} y={194} text="patch" size={14} tone="muted" />
      <Label x={596} y={210} text="scores" size={14} tone="muted" />
      <Block at={input} role="data" title="Input" math="x" />
      <Block at={down} role="generator" taper="narrow" />
      <Block at={up} role="generator" taper="widen" />
      <Arrow diagram={id} from={[down.x - 14, 114]} to={[up.x + 14, 114]} dashed />
      <Arrow diagram={id} from={[down.x + 6, 132]} to={[up.x - 6, 132]} dashed />
      <Block at={output} title="Output" math="G(x, z)" />
      <Block at={target} role="data" title="Target" math="y" />
      <Block at={disc} role="critic" title="Discriminator" math="D" note="PatchGAN" />
      <PatchGrid x={596} y={150} cols={3} rows={3} cell={18} role="critic" />
    </Diagram>
  );
}

/** Domains X and Y, generators G: X → Y and F: Y → X, discriminators D_X and D_Y, and both cycles with their L1 losses. */
export function CycleGanDiagram() {
  const id = "cyclegan-diagram";
  const X = circle(180, 104, 36);
  const Y = circle(460, 104, 36);
  const dX = box(62, 104, 72, 44);
  const dY = box(578, 104, 72, 44);
  const G = box(320, 44, 60, 38);
  const F = box(320, 164, 60, 38);
  return (
    <Diagram
      id={id}
      width={640}
      height={420}
      title="Diagram of CycleGAN"
      desc="CycleGAN: two image domains X and Y, a generator G from X to Y and a generator F from Y to X. Each domain has its own discriminator, which judges whether an image of that domain is real: one for X and one for Y. Below, the two cycles: an image x is mapped by G to G(x) and back by F to F(G(x)), and an image y by F to F(y) and back by G to G(F(y)). The cycle-consistency losses, L1 distances, ask F(G(x)) to equal x and G(F(y)) to equal y."
      caption="CycleGAN learns translations between two domains without paired examples. Each generator is trained against the discriminator of its target domain ($D_Y$ for $G$, $D_X$ for $F$), and the cycle-consistency losses make the round trips $x → G(x) → F(G(x))$ and $y → F(y) → G(F(y))$ return to where they started."
    >
      <Arrow diagram={id} from={[X.x + 30, X.y - 20]} to={[Y.x - 30, Y.y - 20]} bend={110} />
      <Arrow diagram={id} from={[Y.x - 30, Y.y + 20]} to={[X.x + 30, X.y + 20]} bend={110} />
      <Arrow diagram={id} {...link(X, dX)} />
      <Arrow diagram={id} {...link(Y, dY)} />
      <Node at={X} math="X" role="data" />
      <Node at={Y} math="Y" role="data" />
      <Block at={dX} role="critic" math="D_X" />
      <Block at={dY} role="critic" math="D_Y" />
      <Block at={G} role="generator" math="G" />
      <Block at={F} role="generator" math="F" />
      <CycleRow diagram={id} y={250} start="x" first="G" second="F" />
      <CycleRow diagram={id} y={354} start="y" first="F" second="G" />
    </Diagram>
  );
}

/** One cycle of CycleGAN: start → first → first(start) → second → second(first(start)), with the L1 loss back to the start. */
function CycleRow({ diagram, y, start, first, second }: { diagram: string; y: number; start: string; first: string; second: string }) {
  const s = circle(60, y, 22);
  const g1 = box(132, y, 48, 38);
  const mid = box(224, y, 80, 40);
  const g2 = box(318, y, 48, 38);
  const end = box(426, y, 112, 40);
  const once = `${first}(${start})`;
  const twice = `${second}(${once})`;
  return (
    <g>
      <Arrow diagram={diagram} {...link(s, g1)} />
      <Arrow diagram={diagram} from={g1.right} to={mid.left} />
      <Arrow diagram={diagram} from={mid.right} to={g2.left} />
      <Arrow diagram={diagram} from={g2.right} to={end.left} />
      <Edge
        from={[s.x, y + s.r]}
        via={[
          [s.x, y + 40],
          [end.x, y + 40],
        ]}
        to={end.bottom}
        dashed
      />
      <Label x={243} y={y + 40} text="cycle loss" math={`‖${twice} − ${start}‖_1`} size={15} tone="muted" backdrop />
      <Label x={494} y={y} math={`≈ ${start}`} anchor="start" />
      <Node at={s} math={start} role="data" />
      <Block at={g1} role="generator" math={first} />
      <Block at={mid} math={once} />
      <Block at={g2} role="generator" math={second} />
      <Block at={end} math={twice} />
    </g>
  );
}
