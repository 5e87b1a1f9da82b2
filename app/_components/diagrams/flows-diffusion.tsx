import { Arrow, Block, box, circle, Diagram, Label, link, Node, type Circle } from "./primitives";

/*
 * An affine coupling layer in the notation of the normalizing-flows module (x = (x_a, x_b); RealNVP,
 * Dinh et al. 2017) and the diffusion chain of the hierarchical-VAE/diffusion module (Ho et al. 2020).
 */

/** x split into x_a and x_b; y_a = x_a; y_b = x_b ⊙ exp(s(x_a)) + t(x_a). */
export function CouplingLayerDiagram() {
  const id = "coupling-diagram";
  const x = box(34, 150, 44, 196);
  const xa = box(116, 72, 64, 44);
  const xb = box(116, 228, 64, 44);
  const s = box(262, 150, 76, 44);
  const t = box(392, 150, 76, 44);
  const mul = circle(262, 228, 18);
  const add = circle(392, 228, 18);
  const ya = box(520, 72, 64, 44);
  const yb = box(520, 228, 64, 44);
  const y = box(606, 150, 44, 196);
  return (
    <Diagram
      id={id}
      width={640}
      height={290}
      title="Diagram of an affine coupling layer"
      desc="An affine coupling layer. The input x is split into two halves, a first half xₐ and a second half. The first half passes through unchanged to the output, yₐ = xₐ. It is also fed to two networks, a scale network s and a shift network t. The second half is multiplied elementwise by exp(s(xₐ)) and then t(xₐ) is added. The two output halves are joined again into the output y."
      caption="An affine coupling layer (RealNVP). Half of the input passes through unchanged and sets a scale and a shift for the other half: $y_b = x_b ⊙ exp(s(x_a)) + t(x_a)$. Inverting needs no inverse of $s$ or $t$: $x_b = (y_b − t(y_a)) ⊙ exp(−s(y_a))$. The Jacobian is triangular, so $log |det|$ is simply the sum of the entries of $s(x_a)$."
    >
      <Arrow diagram={id} from={[x.right[0], xa.y]} to={xa.left} />
      <Arrow diagram={id} from={[x.right[0], xb.y]} to={xb.left} />
      <Arrow diagram={id} from={xa.right} to={ya.left} />
      <Arrow diagram={id} from={[s.x, xa.y]} to={s.top} />
      <Arrow diagram={id} from={[t.x, xa.y]} to={t.top} />
      <Arrow diagram={id} from={xb.right} to={[mul.x - mul.r - 2, mul.y]} />
      <Arrow diagram={id} {...link(mul, add)} />
      <Arrow diagram={id} from={[add.x + add.r + 2, add.y]} to={yb.left} />
      <Arrow diagram={id} from={s.bottom} to={[mul.x, mul.y - mul.r - 2]} />
      <Arrow diagram={id} from={t.bottom} to={[add.x, add.y - add.r - 2]} />
      <Arrow diagram={id} from={ya.right} to={[y.left[0], ya.y]} />
      <Arrow diagram={id} from={yb.right} to={[y.left[0], yb.y]} />
      <Label x={270} y={190} math="exp(s(x_a))" size={16} anchor="start" tone="muted" />
      <Label x={400} y={190} math="t(x_a)" size={16} anchor="start" tone="muted" />
      <Label x={327} y={56} text="unchanged" size={15} tone="muted" />
      <Block at={x} role="data" math="x" />
      <Block at={xa} role="data" math="x_a" />
      <Block at={xb} role="data" math="x_b" />
      <Block at={s} role="generator" title="scale" math="s" size={15} />
      <Block at={t} role="generator" title="shift" math="t" size={15} />
      <Node at={mul} math="⊙" />
      <Node at={add} math="+" />
      <Block at={ya} math="y_a" />
      <Block at={yb} math="y_b" />
      <Block at={y} math="y" />
    </Diagram>
  );
}

/** x₀ → x₁ → ⋯ → x_{t−1} → x_t → ⋯ → x_T: forward q(x_t | x_{t−1}) arcs above, learnt reverse p_θ(x_{t−1} | x_t) arcs below. */
export function DiffusionChainDiagram() {
  const id = "diffusion-diagram";
  const y = 112;
  const x0 = circle(46, y, 28);
  const x1 = circle(146, y, 28);
  const dots1 = circle(232, y, 14);
  const xPrev = circle(318, y, 30);
  const xt = circle(430, y, 30);
  const dots2 = circle(516, y, 14);
  const xT = circle(598, y, 28);
  const chain: Circle[] = [x0, x1, dots1, xPrev, xt, dots2, xT];
  const k = Math.SQRT1_2;
  return (
    <Diagram
      id={id}
      width={640}
      height={226}
      title="Diagram of the diffusion chain"
      desc="The diffusion chain x₀ → x₁ → … → xₜ₋₁ → xₜ → … up to the last step T. Dashed arrows along the top run forwards, from data to noise: the fixed forward process q(xₜ | xₜ₋₁) adds a little Gaussian noise at each step. Solid arrows along the bottom run backwards, from noise to data: the learnt reverse process pθ(xₜ₋₁ | xₜ) removes it. x₀ is a data point, and the last variable of the chain is close to pure noise N(0, I)."
      caption="Diffusion as a chain of latent variables. The forward process $q$ (dashed) is fixed and gradually turns a data point $x_0$ into noise; the model learns the reverse steps $p_θ$ (solid), so that sampling starts from $x_T ∼ N(0, I)$ and denoises step by step down to $x_0$."
    >
      {chain.slice(1).map((b, i) => {
        const a = chain[i];
        return (
          <g key={i}>
            <Arrow diagram={id} from={[a.x + a.r * k, y - a.r * k]} to={[b.x - b.r * k, y - b.r * k]} bend={22} dashed />
            <Arrow diagram={id} from={[b.x - b.r * k, y + b.r * k]} to={[a.x + a.r * k, y + a.r * k]} bend={22} />
          </g>
        );
      })}
      <Label x={374} y={46} math="q(x_t | x_{t−1})" size={17} />
      <Label x={374} y={182} math="p_θ(x_{t−1} | x_t)" size={17} />
      <Label x={dots1.x} y={y} math="⋯" />
      <Label x={dots2.x} y={y} math="⋯" />
      <Label x={x0.x} y={170} text="data" size={15} tone="muted" />
      <Label x={xT.x} y={170} text="noise" size={15} tone="muted" />
      <Node at={x0} math="x_0" observed />
      <Node at={x1} math="x_1" />
      <Node at={xPrev} math="x_{t−1}" />
      <Node at={xt} math="x_t" />
      <Node at={xT} math="x_T" />
    </Diagram>
  );
}
