import { Arrow, Block, box, circle, Diagram, Edge, Label, link, Node } from "./primitives";

/*
 * Sequence models in the notation of the autoregressive-models module (data x_t; the lecture's y_t): the
 * RNN unrolled in time (h_t = f_θ(h_{t−1}, x_{t−1}); Graves 2013), one step of the VRNN (Chung et al.
 * 2015) and the Kalman VAE (Fraccaro et al. 2017).
 */

/** h_{t−1} → h_t → h_{t+1}, each fed the previous element x_{t−1} and giving the distribution of x_t. */
export function RnnUnrolledDiagram() {
  const id = "rnn-diagram";
  const cols = [130, 300, 470];
  const steps = ["t−1", "t", "t+1"];
  const inputs = ["t−2", "t−1", "t"];
  const h = cols.map((x) => box(x, 150, 88, 48));
  const out = cols.map((x) => box(x, 46, 144, 44));
  const inp = cols.map((x) => circle(x, 256, 28));
  return (
    <Diagram
      id={id}
      width={600}
      height={300}
      title="Diagram of a recurrent neural network unrolled in time"
      desc="A recurrent neural network unrolled over three steps. The hidden states hₜ₋₁, hₜ and hₜ₊₁ form a chain, each computed from the previous state and the previous element of the sequence: hₜ = fθ(hₜ₋₁, xₜ₋₁). Each state outputs the distribution of the next element, p(xₜ | hₜ). Dashed arrows show that, when generating, the element sampled at one step is fed in as the input of the next."
      caption="An RNN unrolled in time. The same function $f_θ$ updates the hidden state at every step from the previous state and the previous element; the state gives the distribution of the current element. During generation the sample is fed back as the next input (dashed); during training the true previous element is fed in (teacher forcing)."
    >
      <Arrow diagram={id} from={[22, 150]} to={h[0].left} />
      <Arrow diagram={id} from={h[0].right} to={h[1].left} />
      <Arrow diagram={id} from={h[1].right} to={h[2].left} />
      <Arrow diagram={id} from={h[2].right} to={[578, 150]} />
      <Label x={204} y={134} math="f_θ" size={17} tone="muted" />
      <Label x={374} y={134} math="f_θ" size={17} tone="muted" />
      {cols.map((x, i) => (
        <g key={x}>
          <Arrow diagram={id} {...link(inp[i], h[i])} />
          <Arrow diagram={id} from={h[i].top} to={out[i].bottom} />
          <Block at={out[i]} math={`p(x_{${steps[i]}} | h_{${steps[i]}})`} size={15} />
          <Block at={h[i]} role="generator" math={`h_{${steps[i]}}`} />
          <Node at={inp[i]} math={`x_{${inputs[i]}}`} observed />
        </g>
      ))}
      {[0, 1].map((i) => {
        const vx = 234 + i * 170;
        return (
          <g key={i}>
            <Arrow
              diagram={id}
              from={out[i].right}
              via={[
                [vx, 46],
                [vx, 216],
              ]}
              to={[inp[i + 1].x - 22, 238]}
              dashed
            />
            <Label x={vx + 6} y={100} text="sample" size={14} tone="muted" anchor="start" />
          </g>
        );
      })}
    </Diagram>
  );
}

/** One VRNN step: prior h_{t−1} → z_t, encoder (x_t, h_{t−1}) → z_t, decoder (z_t, h_{t−1}) → x_t, recurrence → h_t. */
export function VrnnDiagram() {
  const id = "vrnn-diagram";
  const hPrev = box(76, 170, 92, 50);
  const hNext = box(544, 170, 80, 50);
  const z = circle(310, 64, 28);
  const obs = circle(310, 276, 28);
  return (
    <Diagram
      id={id}
      width={620}
      height={350}
      title="Diagram of one step of a variational RNN"
      desc="One time step of a variational recurrent neural network. The previous recurrent state hₜ₋₁ gives the prior p(zₜ | hₜ₋₁) over the latent zₜ. The decoder p(xₜ | zₜ, hₜ₋₁) generates the observation xₜ from zₜ and hₜ₋₁. The encoder q(zₜ | xₜ, hₜ₋₁), drawn dashed, infers zₜ from xₜ and hₜ₋₁. The recurrence hₜ = f(hₜ₋₁, xₜ, zₜ) combines all three into the next state hₜ."
      caption="One step of a VRNN: a VAE whose prior, encoder and decoder all read the recurrent state. Solid arrows generate (prior, then decoder); the dashed arrow is the encoder, which infers $z_t$ from $x_t$ and $h_{t−1}$ in training; the arrows into $h_t$ update the state, $h_t = f(h_{t−1}, x_t, z_t)$."
    >
      <Arrow diagram={id} {...link(hPrev, z)} />
      <Arrow diagram={id} {...link(hPrev, obs)} />
      <Arrow diagram={id} {...link(z, obs)} />
      <Arrow diagram={id} from={[obs.x + 22, obs.y - 18]} to={[z.x + 22, z.y + 18]} bend={-34} dashed />
      <Arrow diagram={id} {...link(z, hNext)} />
      <Arrow diagram={id} {...link(obs, hNext)} />
      <Arrow
        diagram={id}
        from={hPrev.bottom}
        via={[
          [hPrev.x, 334],
          [hNext.x, 334],
        ]}
        to={hNext.bottom}
      />
      <Label x={150} y={80} text="prior" math="p(z_t | h_{t−1})" size={15} />
      <Label x={300} y={170} text="decoder" math="p(x_t | z_t, h_{t−1})" size={15} anchor="end" backdrop />
      <Label x={352} y={152} text="encoder" size={15} anchor="start" backdrop />
      <Label x={352} y={176} math="q(z_t | x_t, h_{t−1})" size={16} anchor="start" backdrop />
      <Label x={310} y={334} text="recurrence" math="h_t = f(h_{t−1}, x_t, z_t)" size={15} backdrop />
      <Label x={348} y={40} text="KL between encoder and prior" size={14} tone="muted" anchor="start" />
      <Block at={hPrev} role="generator" math="h_{t−1}" />
      <Block at={hNext} role="generator" math="h_t" />
      <Node at={z} math="z_t" />
      <Node at={obs} math="x_t" observed />
    </Diagram>
  );
}

/**
 * Latent states z_{t−1} → z_t (linear-Gaussian, through A_t), codes a_t emitted through C_t, frames x_t decoded
 * from the codes and encoded back to them, and the LSTM over the past codes that picks A_t and C_t.
 */
export function KalmanVaeDiagram() {
  const id = "kvae-diagram";
  const cols = [170, 420];
  const steps = ["t−1", "t"];
  const z = cols.map((x) => circle(x, 60, 28));
  const a = cols.map((x) => circle(x, 176, 28));
  const frames = cols.map((x) => circle(x, 292, 28));
  const lstm = box(295, 176, 84, 40);
  return (
    <Diagram
      id={id}
      width={600}
      height={340}
      title="Diagram of the Kalman variational auto-encoder"
      desc="The Kalman VAE over two time steps. At the top, latent states zₜ₋₁ → zₜ follow a linear-Gaussian state-space model, zₜ = Aₜ zₜ₋₁ + noise. Each state emits a low-dimensional code aₜ = Cₜ zₜ + noise. Each code aₜ is decoded into the observed frame xₜ by a VAE decoder pθ(xₜ | aₜ), and a VAE encoder qφ(aₜ | xₜ), drawn dashed, maps each frame back to its code. An LSTM reading the past codes outputs the mixture weights that select the matrices Aₜ and Cₜ."
      caption="The Kalman VAE separates two layers. A VAE compresses each frame $x_t$ into a code $a_t$ (encoder dashed, decoder solid); a linear-Gaussian state-space model describes how the codes move, so the Kalman filter and smoother give exact inference over the states $z_t$ given the codes. An LSTM over the past codes chooses $A_t$ and $C_t$ as mixtures of a few learnt matrices."
    >
      <Arrow diagram={id} from={[100, 60]} to={[z[0].x - 30, 60]} />
      <Arrow diagram={id} {...link(z[0], z[1])} />
      <Arrow diagram={id} from={[z[1].x + 30, 60]} to={[500, 60]} />
      <Label x={295} y={42} math="A_t" size={17} tone="muted" />
      <Arrow diagram={id} {...link(a[0], lstm)} />
      <Arrow diagram={id} from={lstm.top} to={[lstm.x, 66]} dashed />
      <Label x={305} y={114} math="α_t" size={17} tone="muted" anchor="start" />
      {cols.map((x, i) => (
        <g key={x}>
          <Arrow diagram={id} {...link(z[i], a[i])} />
          <Arrow diagram={id} from={[x - 12, 202]} to={[x - 12, 266]} bend={-18} />
          <Arrow diagram={id} from={[x + 12, 266]} to={[x + 12, 202]} bend={-18} dashed />
          <Node at={z[i]} math={`z_{${steps[i]}}`} />
          <Node at={a[i]} math={`a_{${steps[i]}}`} />
          <Node at={frames[i]} math={`x_{${steps[i]}}`} observed />
        </g>
      ))}
      <Block at={lstm} title="LSTM" size={15} />
      <Label x={436} y={118} math="C_t" size={17} tone="muted" anchor="start" />
      <Label x={94} y={60} math="⋯" anchor="end" />
      <Label x={512} y={60} math="⋯" anchor="start" />
      <Label x={16} y={60} text="state" anchor="start" tone="muted" size={15} />
      <Label x={16} y={176} text="code" anchor="start" tone="muted" size={15} />
      <Label x={16} y={292} text="frame" anchor="start" tone="muted" size={15} />
      <Edge from={[548, 40]} to={[548, 192]} />
      <Edge from={[564, 160]} to={[564, 312]} />
      <Label x={540} y={106} text="state-" anchor="end" size={15} tone="muted" />
      <Label x={540} y={126} text="space" anchor="end" size={15} tone="muted" />
      <Label x={572} y={236} text="VAE" anchor="start" size={15} tone="muted" />
    </Diagram>
  );
}
