import { Arrow, Block, box, circle, Diagram, Edge, Label, link, Node, Plate } from "./primitives";

/*
 * Auto-encoders (Hinton & Salakhutdinov 2006), the VAE (Kingma & Welling 2014; Rezende et al. 2014) and a
 * two-level hierarchical VAE. Encoders orange, decoders blue, data green, as in the adversarial diagrams.
 */

/** x → encoder f → code z → decoder g → x̂, with the reconstruction loss between x and x̂. */
export function AutoencoderDiagram() {
  const id = "autoencoder-diagram";
  const x = box(40, 124, 52, 120);
  const enc = box(166, 124, 148, 124);
  const z = box(296, 124, 56, 62);
  const dec = box(426, 124, 148, 124);
  const xhat = box(552, 124, 52, 120);
  return (
    <Diagram
      id={id}
      width={600}
      height={200}
      title="Diagram of an auto-encoder"
      desc="An auto-encoder: the input x passes through an encoder that narrows to a small code z = f(x), then through a decoder that widens again to the reconstruction x̂ = g(z). Training minimises the reconstruction loss between x and x̂."
      caption="An auto-encoder. The encoder $f$ compresses the input into a code $z$ with fewer dimensions (the bottleneck); the decoder $g$ rebuilds the input from the code. Both are trained together to make the reconstruction $x̂$ close to $x$."
    >
      <Edge
        from={x.top}
        via={[
          [x.x, 28],
          [xhat.x, 28],
        ]}
        to={xhat.top}
        dashed
      />
      <Label x={296} y={28} text="reconstruction loss" math="‖x − x̂‖^2" tone="muted" backdrop />
      <Arrow diagram={id} from={x.right} to={enc.left} />
      <Arrow diagram={id} from={[enc.right[0], enc.y]} to={z.left} />
      <Arrow diagram={id} from={z.right} to={[dec.left[0], dec.y]} />
      <Arrow diagram={id} from={dec.right} to={xhat.left} />
      <Block at={x} role="data" math="x" />
      <Block at={enc} role="critic" taper="narrow" title="Encoder" math="z = f(x)" />
      <Block at={z} math="z" note="code" />
      <Block at={dec} role="generator" taper="widen" title="Decoder" math="x̂ = g(z)" />
      <Block at={xhat} role="data" math="x̂" />
    </Diagram>
  );
}

/** x → encoder → (μ, σ) → z = μ + σ ⊙ ε with ε ∼ N(0, I) → decoder; the KL and reconstruction terms of the ELBO. */
export function VaeDiagram() {
  const id = "vae-diagram";
  const x = box(34, 140, 44, 116);
  const enc = box(132, 140, 124, 124);
  const mu = box(228, 106, 40, 40);
  const sigma = box(228, 174, 40, 40);
  const z = box(344, 140, 132, 52);
  const eps = box(344, 244, 132, 44);
  const dec = box(482, 140, 124, 124);
  const out = box(598, 140, 56, 116);
  const kl = box(150, 288, 184, 40);
  return (
    <Diagram
      id={id}
      width={640}
      height={320}
      title="Diagram of a variational auto-encoder"
      desc="A variational auto-encoder: the encoder qφ(z | x) maps the input x to a mean μ and a standard deviation σ. A code is sampled as z = μ + σ ⊙ ε, where the noise ε is drawn from N(0, I), and the decoder pθ(x | z) maps z back to data space. The loss has two terms: the KL divergence between qφ(z | x) and the prior p(z), computed from μ and σ, and the reconstruction term −log pθ(x | z)."
      caption="A VAE with the reparameterisation trick. The randomness enters from the side as $ε$, so gradients flow from the loss back through $z$ to $μ$, $σ$ and the encoder. Minus the ELBO is the reconstruction term plus the KL term; to generate, sample $z ∼ N(0, I)$ and decode."
    >
      <Edge
        from={x.top}
        via={[
          [x.x, 28],
          [out.x, 28],
        ]}
        to={out.top}
        dashed
      />
      <Label x={330} y={28} text="reconstruction" math="−log p_θ(x | z)" tone="muted" backdrop />
      <Plate at={box(228, 140, 60, 120)} dashed />
      <Edge from={[sigma.x, 200]} to={[sigma.x, kl.y - kl.hh]} dashed />
      <Arrow diagram={id} from={x.right} to={enc.left} />
      <Arrow diagram={id} from={[enc.right[0], mu.y]} to={mu.left} />
      <Arrow diagram={id} from={[enc.right[0], sigma.y]} to={sigma.left} />
      <Arrow diagram={id} from={mu.right} to={[z.left[0], 128]} />
      <Arrow diagram={id} from={sigma.right} to={[z.left[0], 152]} />
      <Arrow diagram={id} from={eps.top} to={z.bottom} />
      <Arrow diagram={id} from={z.right} to={[dec.left[0], dec.y]} />
      <Arrow diagram={id} from={[dec.right[0], dec.y]} to={out.left} />
      <Block at={x} role="data" math="x" />
      <Block at={enc} role="critic" taper="narrow" title="Encoder" math="q_φ(z | x)" />
      <Block at={mu} math="μ" />
      <Block at={sigma} math="σ" />
      <Block at={z} math="z = μ + σ ⊙ ε" />
      <Block at={eps} math="ε ∼ N(0, I)" />
      <Block at={dec} role="generator" taper="widen" title="Decoder" math="p_θ(x | z)" />
      <Block at={out} role="data" math="x̂" />
      <Block at={kl} role="loss" math="KL(q_φ(z | x) ‖ p(z))" size={15} />
    </Diagram>
  );
}

/** Two latent levels: inference x → z₁ → z₂ on the left, generation z₂ → z₁ → x on the right. */
export function HierarchicalVaeDiagram() {
  const id = "hierarchical-vae-diagram";
  const [qx, qz1, qz2] = [circle(130, 276), circle(130, 168), circle(130, 60)];
  const [px, pz1, pz2] = [circle(390, 276), circle(390, 168), circle(390, 60)];
  return (
    <Diagram
      id={id}
      width={560}
      height={330}
      title="Diagram of a hierarchical VAE with two latent levels"
      desc="A hierarchical VAE with two latent levels. On the left, the inference network runs upwards: from the observed x to z₁ with qφ(z₁ | x), and from z₁ to z₂ with qφ(z₂ | z₁). On the right, the generative model runs downwards: z₂ is drawn from the prior p(z₂), then z₁ from pθ(z₁ | z₂), then x from pθ(x | z₁)."
      caption="A hierarchical VAE with two levels of latent variables. The encoder infers the codes bottom-up (left); the decoder generates top-down (right), each level conditioned on the one above. With $L$ levels the chain simply grows."
    >
      <Label x={130} y={312} text="inference (encoder)" size={15} tone="muted" />
      <Label x={390} y={312} text="generation (decoder)" size={15} tone="muted" />
      <Arrow diagram={id} {...link(qx, qz1)} />
      <Arrow diagram={id} {...link(qz1, qz2)} />
      <Arrow diagram={id} {...link(pz2, pz1)} />
      <Arrow diagram={id} {...link(pz1, px)} />
      <Label x={146} y={222} math="q_φ(z_1 | x)" anchor="start" size={17} />
      <Label x={146} y={114} math="q_φ(z_2 | z_1)" anchor="start" size={17} />
      <Label x={406} y={114} math="p_θ(z_1 | z_2)" anchor="start" size={17} />
      <Label x={406} y={222} math="p_θ(x | z_1)" anchor="start" size={17} />
      <Label x={424} y={60} math="p(z_2)" anchor="start" size={17} />
      <Node at={qx} math="x" observed />
      <Node at={qz1} math="z_1" role="critic" />
      <Node at={qz2} math="z_2" role="critic" />
      <Node at={px} math="x" observed />
      <Node at={pz1} math="z_1" role="generator" />
      <Node at={pz2} math="z_2" role="generator" />
    </Diagram>
  );
}
