import { Arrow, Diagram, Label } from "./primitives";
import { Axes, Curve, curve, Dot, Guide, polyline, scale, Tick } from "./plot";

/*
 * Plots for the probability modules, in their notation: the inverse-CDF transform of the sampling module
 * (Devroye 1986, ch. 2; the lecture's discrete sampler with errata 2: return the first value whose cumulative
 * probability exceeds u) and maximum likelihood for a Gaussian mean in the parametric-density-estimation
 * module (Bishop 2006, §2.3.4; LL for the log-likelihood). Every curve is computed from its formula.
 */

/** The uniform draw shared by both panels, the module's worked example: u = 0.63 gives b. */
const U = 0.63;

/** Left: F(x) = 1 − e^{−x} with u on the vertical axis and x = F⁻¹(u) below; right: the staircase CDF of a, b, c with u landing in b's step. */
export function InverseCdfDiagram() {
  const id = "inverse-cdf-diagram";
  const base = 226;
  const sy = scale(0, 1, base, 76);
  // Continuous panel: the exponential distribution with rate 1.
  const left = 70;
  const sx = scale(0, 3.6, left, 300);
  const F = (x: number) => 1 - Math.exp(-x);
  const xu = -Math.log(1 - U);
  // Discrete panel: the module's example, values a, b, c with probabilities 0.2, 0.5, 0.3.
  const dLeft = 400;
  const dx = scale(0, 4, dLeft, 610);
  const probs = [0.2, 0.5, 0.3];
  const cum = probs.map((_, k) => probs.slice(0, k + 1).reduce((s, p) => s + p, 0));
  const names = ["a", "b", "c"];
  const hit = cum.findIndex((c) => U < c);
  const level = (k: number) => (k === 0 ? 0 : cum[k - 1]);
  return (
    <Diagram
      id={id}
      width={640}
      height={262}
      title="Diagram of the inverse-CDF transform, continuous and discrete"
      desc={`Two plots of a cumulative distribution function F against x, with the same uniform draw u = ${U} marked on each vertical axis. Left: the CDF of the exponential distribution with rate 1, F(x) = 1 − e to the power −x, a curve rising from 0 towards 1. A dashed line runs from u horizontally to the curve and then down to the horizontal axis, at x = F inverse of u = −ln(1 − u), about ${xu.toFixed(2)}. Right: the CDF of a discrete variable taking the values a, b and c with probabilities 0.2, 0.5 and 0.3, a staircase with steps up to 0.2 at a, 0.7 at b and 1 at c. The dashed line from u meets the staircase in the jump at b, from 0.2 to 0.7, and drops to b: the first value whose cumulative probability exceeds u.`}
      caption={`The inverse-CDF transform. A uniform draw $u$ on the vertical axis is carried across to the CDF and down to the sample. Left, the exponential distribution with rate 1: $F(x) = 1 − e^{−x}$, so $x = F^{−1}(u) = −ln(1 − u)$, here $−ln 0.37 ≈ ${xu.toFixed(2)}$ for $u = ${U}$. Right, the discrete example with probabilities 0.2, 0.5, 0.3: the CDF is a staircase, and $u = ${U}$ falls in the jump from 0.2 to 0.7, whose length is the probability of $b$; the sampler returns the first value whose cumulative probability exceeds $u$.`}
    >
      <Label x={185} y={20} text="continuous: exponential, rate 1" size={15} tone="muted" />
      <Label x={505} y={20} text="discrete: a, b, c" size={15} tone="muted" />

      {/* continuous */}
      <Guide from={[left, sy(1)]} to={[sx(3.6), sy(1)]} />
      <Curve d={curve(F, 0, 3.6, sx, sy)} tone="model" />
      <Axes diagram={id} origin={[left, base]} right={312} top={52} xLabel="x" yLabel="F(x)" />
      <Tick at={[left, sy(1)]} axis="y" />
      <Tick at={[left, sy(U)]} axis="y" />
      <Label x={left - 12} y={sy(1)} math="1" anchor="end" size={16} />
      <Label x={left - 12} y={sy(U)} math="u" anchor="end" />
      <Label x={left - 12} y={base + 4} math="0" anchor="end" size={16} />
      <Arrow diagram={id} from={[left + 2, sy(U)]} via={[[sx(xu), sy(U)]]} to={[sx(xu), base - 2]} dashed />
      <Dot at={[sx(xu), sy(U)]} tone="model" />
      <Label x={sx(xu)} y={base + 20} math="F^{−1}(u)" size={16} />
      <Label x={176} y={158} math="F(x) = 1 − e^{−x}" size={17} anchor="start" />

      {/* discrete */}
      <Axes diagram={id} origin={[dLeft, base]} right={612} top={52} xLabel="x" />
      <Label x={dLeft + 12} y={56} math="F(x)" anchor="start" />
      {names.map((name, k) => {
        const x = dx(k + 1);
        const lo = sy(level(k));
        const hi = sy(cum[k]);
        const end = k + 1 < names.length ? dx(k + 2) : dx(3.8);
        return (
          <g key={name}>
            {k === hit ? (
              <path
                d={polyline([
                  [x, lo],
                  [x, hi],
                ])}
                className="fill-none stroke-sky-300"
                strokeWidth={7}
                strokeLinecap="round"
              />
            ) : (
              <Guide from={[x, lo]} to={[x, hi]} />
            )}
            <Tick at={[x, base]} axis="x" />
            <Label x={x} y={base + 20} math={name} size={17} bold={k === hit} tone={k === hit ? "strong" : "normal"} />
            <path
              d={polyline([
                [x, hi],
                [end, hi],
              ])}
              className="fill-none stroke-sky-700"
              strokeWidth={2.5}
            />
            <Label x={(x + end) / 2 + 4} y={hi - 14} math={String(cum[k] === 1 ? 1 : Number(cum[k].toFixed(2)))} size={15} tone="muted" />
          </g>
        );
      })}
      <path
        d={polyline([
          [dLeft, base],
          [dx(1), base],
        ])}
        className="fill-none stroke-sky-700"
        strokeWidth={2.5}
      />
      <Tick at={[dLeft, sy(U)]} axis="y" />
      <Label x={dLeft - 12} y={sy(U)} math="u" anchor="end" />
      <Label x={dLeft - 12} y={base + 4} math="0" anchor="end" size={16} />
      <Arrow diagram={id} from={[dLeft + 2, sy(U)]} via={[[dx(hit + 1), sy(U)]]} to={[dx(hit + 1), base - 2]} dashed />
      {names.map((name, k) => (
        <g key={name}>
          <Dot at={[dx(k + 1), sy(level(k))]} tone="open" r={4.5} />
          <Dot at={[dx(k + 1), sy(cum[k])]} tone="model" />
        </g>
      ))}
    </Diagram>
  );
}

/** The data set of the module's worked example, whose MLE is μ̂ = 5. */
const DATA = [2, 4, 9];
/** σ is held fixed so that the likelihood is a function of μ alone. */
const SIGMA = 3;
/** Candidate means: two poor fits either side and the sample mean. */
const CANDIDATES = [2, 5, 8];

const gauss = (x: number, mu: number) => Math.exp(-((x - mu) ** 2) / (2 * SIGMA ** 2)) / (SIGMA * Math.sqrt(2 * Math.PI));
/** LL(μ) = Σ_k ln N(x_k | μ, σ²): a parabola in μ with its top at the sample mean. */
const logLik = (mu: number) => DATA.reduce((s, x) => s + Math.log(gauss(x, mu)), 0);

/** Above: the data on an axis under N(μ, σ²) for three candidate μ; below: LL(μ), maximal at the sample mean. */
export function LikelihoodDiagram() {
  const id = "likelihood-diagram";
  const mean = DATA.reduce((s, x) => s + x, 0) / DATA.length;
  const [lo, hi] = [-3, 13];
  const sx = scale(lo, hi, 60, 590);
  // Top panel: densities over the data.
  const top = 152;
  const peak = gauss(0, 0);
  const sp = scale(0, peak, top, 44);
  // Bottom panel: the log-likelihood, from its value at the ends of the range to its maximum.
  const bottom = 366;
  const llMax = logLik(mean);
  const llMin = Math.min(logLik(lo), logLik(hi));
  const sl = scale(llMin, llMax, bottom - 16, 236);
  const fmt = (v: number) => v.toFixed(1).replace("-", "−");
  return (
    <Diagram
      id={id}
      width={640}
      height={400}
      title="Diagram of maximum likelihood for the mean of a Gaussian"
      desc={`Above, three data points at ${DATA.join(", ")} on a horizontal axis, with three candidate Gaussian densities of standard deviation ${SIGMA} drawn over them, centred at μ = ${CANDIDATES.join(", ")}. The curve centred at ${mean}, the sample mean, is solid and passes highest over the data taken together; the others are dashed. Below, on the same horizontal scale, the log-likelihood LL(μ), the sum of the log densities of the three points, plotted against μ: a downward parabola whose maximum, about ${fmt(llMax)}, is at μ = ${mean}. The three candidates are marked on it; the two at ${CANDIDATES[0]} and ${CANDIDATES[2]} score ${fmt(logLik(CANDIDATES[0]))}.`}
      caption={`Maximum likelihood for the mean of a Gaussian, with $σ = ${SIGMA}$ held fixed, on the data {${DATA.join(", ")}}. Above, three candidate densities $N(x | μ, σ^2)$; the dotted lines are the densities of the three points under the best one, whose product is the likelihood. Below, $LL(μ) = Σ_k ln N(x_k | μ, σ^2)$, a parabola in $μ$ with its maximum at the sample mean $μ̂ = ${mean}$.`}
    >
      {/* top: candidate densities over the data */}
      {CANDIDATES.map((mu) => (
        <g key={mu}>
          <Curve d={curve((x) => gauss(x, mu), lo, hi, sx, sp)} tone={mu === mean ? "model" : "faint"} dashed={mu !== mean} width={mu === mean ? 3 : 2} />
          <Label x={sx(mu)} y={sp(peak) - 16} math={`μ = ${mu}`} size={16} tone={mu === mean ? "strong" : "muted"} />
        </g>
      ))}
      {DATA.map((x) => (
        <Guide key={x} from={[sx(x), top]} to={[sx(x), sp(gauss(x, mean))]} />
      ))}
      <Arrow diagram={id} from={[sx(lo) - 14, top]} to={[sx(hi) + 14, top]} />
      <Label x={sx(hi) + 22} y={top} math="x" anchor="start" />
      {DATA.map((x, k) => (
        <g key={x}>
          <Dot at={[sx(x), top]} tone="data" r={7} />
          <Label x={sx(x)} y={top + 22} math={`x_${k + 1} = ${x}`} size={16} />
        </g>
      ))}

      {/* bottom: the log-likelihood as a function of μ */}
      {CANDIDATES.map((mu) => (
        <Guide key={mu} from={[sx(mu), sl(logLik(mu))]} to={[sx(mu), bottom]} />
      ))}
      <Curve d={curve(logLik, lo, hi, sx, sl)} tone="plain" />
      <Arrow diagram={id} from={[sx(lo) - 14, bottom]} to={[sx(hi) + 14, bottom]} />
      <Label x={sx(hi) + 22} y={bottom} math="μ" anchor="start" />
      <Label x={sx(-1.2)} y={sl(logLik(-1.2)) - 22} math="LL(μ)" anchor="end" />
      {CANDIDATES.map((mu) => (
        <g key={mu}>
          <Tick at={[sx(mu), bottom]} axis="x" />
          <Label x={sx(mu)} y={bottom + 20} math={mu === mean ? `μ̂ = ${mu}` : String(mu)} size={16} tone={mu === mean ? "strong" : "normal"} />
          <Dot at={[sx(mu), sl(logLik(mu))]} tone={mu === mean ? "model" : "plain"} r={mu === mean ? 6 : 5} />
          <Label
            x={sx(mu) + (mu === mean ? 0 : mu < mean ? -12 : 12)}
            y={sl(logLik(mu)) - (mu === mean ? 18 : 4)}
            math={fmt(logLik(mu))}
            size={15}
            tone="muted"
            anchor={mu === mean ? "middle" : mu < mean ? "end" : "start"}
          />
        </g>
      ))}
    </Diagram>
  );
}
