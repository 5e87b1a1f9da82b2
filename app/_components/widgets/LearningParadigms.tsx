"use client";
import { type KeyboardEvent, type ReactNode, useId, useMemo, useRef, useState } from "react";
import { Button } from "@/app/_components/Button";
import { api } from "@/app/_trpc/react";
import { accuracy, fitLogisticRegression, type LabelledPoints, type LogisticModel, logisticLoss, logisticPosterior1 } from "@/lib/ml/classifiers/binary";
import { cholesky2, type Vec2 } from "@/lib/ml/density/gaussian";
import { emStep, fitGmmEm, type Gmm2, gmmMeanLogLikelihood, initialGmm } from "@/lib/ml/density/gmm";
import { bestMatchAgreement, gmmAssignments } from "@/lib/ml/density/gmm-assign";
import { mulberry32 } from "@/lib/ml/random";
import { type BanditState, newBanditState, playEpsilonGreedy, pullBernoulliArm, updateBandit } from "@/lib/ml/rl/bandit";
import { ClippedPlot } from "./ClippedPlot";

/*
 * The three paradigms of the module side by side, each with the signal its learner gets:
 * - supervised: Adélie and Gentoo penguins with their species; logistic regression (lib/ml/classifiers/binary.ts)
 *   trained step by step by gradient descent draws its decision boundary;
 * - unsupervised: the same penguins without species; a two-component Gaussian mixture fitted by EM
 *   (lib/ml/density/gmm.ts), one step at a time, finds two groups, compared at the end with the species it never saw;
 * - reinforcement: three slot machines with hidden pay-out rates; the student or an ε-greedy agent
 *   (lib/ml/rl/bandit.ts) pulls them, and the value estimates (mean reward per machine) approach the rates.
 */

const VIEWS = [
  { id: "supervised", label: "Supervised" },
  { id: "unsupervised", label: "Unsupervised" },
  { id: "reinforcement", label: "Reinforcement" },
] as const;
type ViewId = (typeof VIEWS)[number]["id"];

/** The species as the data name them, and as the page writes them. */
const SPECIES = ["Adelie", "Gentoo"] as const;
const SPECIES_NAMES = ["Adélie", "Gentoo"];
/** Species and group colours that read on both schemes (indigo-500, orange-600; green-600, purple-500). */
const SPECIES_COLOURS = ["#6366f1", "#ea580c"];
const GROUP_COLOURS = ["#16a34a", "#a855f7"];
/** Axis ranges in mm: beak length (x) and flipper length (y). */
const X_RANGE: Vec2 = [30, 62];
const Y_RANGE: Vec2 = [168, 235];
const W = 360;
const H = 250;
const PAD = { l: 40, r: 8, t: 8, b: 34 };
/** Plot coordinates to 0.01 unit: shorter markup, and the server's and the browser's last-bit rounding cannot differ. */
const round2 = (v: number) => Math.round(v * 100) / 100;
const px = (x: number) => round2(PAD.l + ((x - X_RANGE[0]) / (X_RANGE[1] - X_RANGE[0])) * (W - PAD.l - PAD.r));
const py = (y: number) => round2(H - PAD.b - ((y - Y_RANGE[0]) / (Y_RANGE[1] - Y_RANGE[0])) * (H - PAD.t - PAD.b));

const TRAIN_STEPS = 20;
const MAX_TRAIN_STEPS = 400;
const COVARIANCE_FLOOR = 0.05; // mm²: keeps a component from collapsing onto one penguin
const MAX_EM_STEPS = 200;

const MACHINES = ["A", "B", "C"];
/** The machines' pay-out probabilities, hidden until the student asks. */
const PAYOUT = [0.3, 0.5, 0.7];
const AGENT_ROUNDS = 50;

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
const signed = (v: number) => v.toFixed(2).replace("-", "−");

/** A point: a circle, or a square for the second class (shape as well as colour tells the classes apart). */
function Mark({ x, y, colour, square }: { x: number; y: number; colour: string; square?: boolean }) {
  return square ? (
    <rect x={px(x) - 2.7} y={py(y) - 2.7} width={5.4} height={5.4} fill={colour} fillOpacity={0.85} />
  ) : (
    <circle cx={px(x)} cy={py(y)} r={3} fill={colour} fillOpacity={0.85} />
  );
}

/** The plot frame, ticks and axis names around `children`, clipped to the plot area. */
function PenguinPlot({ label, children }: { label: string; children: ReactNode }) {
  const axes = (
    <>
      <rect x={PAD.l} y={PAD.t} width={W - PAD.l - PAD.r} height={H - PAD.t - PAD.b} className="fill-none stroke-slate-400" />
      {[35, 40, 45, 50, 55, 60].map((x) => (
        <text key={x} x={px(x)} y={H - PAD.b + 13} fontSize="9" textAnchor="middle" className="fill-slate-600">
          {x}
        </text>
      ))}
      {[170, 190, 210, 230].map((y) => (
        <text key={y} x={PAD.l - 4} y={py(y) + 3} fontSize="9" textAnchor="end" className="fill-slate-600">
          {y}
        </text>
      ))}
      <text x={(PAD.l + W - PAD.r) / 2} y={H - 4} fontSize="9" textAnchor="middle" className="fill-slate-600">
        beak length (mm)
      </text>
      <text
        x={10}
        y={(PAD.t + H - PAD.b) / 2}
        fontSize="9"
        textAnchor="middle"
        className="fill-slate-600"
        transform={`rotate(-90 10 ${(PAD.t + H - PAD.b) / 2})`}
      >
        flipper length (mm)
      </text>
    </>
  );
  return (
    <ClippedPlot width={W} height={H} pad={PAD} label={label} axes={axes}>
      {children}
    </ClippedPlot>
  );
}

/**
 * The part of the plot rectangle where f ≥ 0 (f affine), by clipping the rectangle against one
 * half-plane (one pass of Sutherland–Hodgman), and the points where the line f = 0 crosses its edges.
 */
function halfPlane(f: (p: Vec2) => number): { region: Vec2[]; crossings: Vec2[] } {
  const rect: Vec2[] = [
    [X_RANGE[0], Y_RANGE[0]],
    [X_RANGE[1], Y_RANGE[0]],
    [X_RANGE[1], Y_RANGE[1]],
    [X_RANGE[0], Y_RANGE[1]],
  ];
  const region: Vec2[] = [];
  const crossings: Vec2[] = [];
  rect.forEach((p, i) => {
    const q = rect[(i + 1) % rect.length];
    const [fp, fq] = [f(p), f(q)];
    if (fp >= 0) region.push(p);
    if (fp >= 0 !== fq >= 0) {
      const t = fp / (fp - fq);
      const cross: Vec2 = [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])];
      region.push(cross);
      crossings.push(cross);
    }
  });
  return { region, crossings };
}

const polygon = (points: Vec2[]) => points.map(([x, y]) => `${px(x)},${py(y)}`).join(" ");

function SignalNote({ children }: { children: ReactNode }) {
  return <p className="!my-2 rounded-md bg-slate-100 px-3 py-2 text-slate-800">{children}</p>;
}

function SupervisedView({ data }: { data: LabelledPoints }) {
  const [steps, setSteps] = useState(0);
  const model: LogisticModel | null = useMemo(() => (steps > 0 ? fitLogisticRegression(data, { iterations: steps }) : null), [data, steps]);
  // The log-odds w·u + b (u: the standardised point) are affine in x: ≥ 0 on the Gentoo side.
  const logOdds = (m: LogisticModel) => (p: Vec2) => m.w[0] * ((p[0] - m.centre[0]) / m.scale[0]) + m.w[1] * ((p[1] - m.centre[1]) / m.scale[1]) + m.b;
  const gentoo = model ? halfPlane(logOdds(model)) : null;
  const adelie = model ? halfPlane((p) => -logOdds(model)(p)) : null;
  const gentooSide = gentoo?.region ?? [];
  const adelieSide = adelie?.region ?? [];
  const boundary = gentoo?.crossings ?? [];
  const acc = model ? accuracy((p) => logisticPosterior1(model, p), data) : 0;
  const loss = model ? logisticLoss(model, data) : Math.log(2);
  const result = model
    ? `After ${steps} gradient steps: average cross-entropy ${loss.toFixed(3)} nats, and ${pct(acc)} of the training penguins lie on the side of the line that matches their species.`
    : "Not trained yet: the model gives every penguin a 50 : 50 chance of either species (cross-entropy ln 2 ≈ 0.693 nats).";
  return (
    <>
      <SignalNote>
        <strong>Signal: a label for every example.</strong> Each penguin comes with its species, and training pushes the model to reproduce it.
      </SignalNote>
      <p className="!my-1 text-slate-700">
        Logistic regression P(Gentoo | x) = σ(w·x + b), trained by gradient descent on the cross-entropy. The line is where the model says 50 : 50; the tint
        shows which species it predicts on each side.
      </p>
      <PenguinPlot label={`${data.points.length} penguins by species; ${model ? `decision boundary after ${steps} gradient steps` : "no boundary yet"}.`}>
        {gentooSide.length > 2 && <polygon points={polygon(gentooSide)} fill={SPECIES_COLOURS[1]} fillOpacity={0.1} />}
        {adelieSide.length > 2 && <polygon points={polygon(adelieSide)} fill={SPECIES_COLOURS[0]} fillOpacity={0.1} />}
        {data.points.map(([x, y], i) => (
          <Mark key={i} x={x} y={y} colour={SPECIES_COLOURS[data.labels[i]]} square={data.labels[i] === 1} />
        ))}
        {boundary.length === 2 && (
          <line x1={px(boundary[0][0])} y1={py(boundary[0][1])} x2={px(boundary[1][0])} y2={py(boundary[1][1])} className="stroke-slate-900" strokeWidth={2} />
        )}
      </PenguinPlot>
      <Legend items={SPECIES_NAMES.map((s, k) => ({ label: s, colour: SPECIES_COLOURS[k], square: k === 1 }))} />
      <div className="mt-2 flex flex-wrap gap-2">
        <Button size="sm" onClick={() => setSteps((s) => Math.min(MAX_TRAIN_STEPS, s + TRAIN_STEPS))} disabled={steps >= MAX_TRAIN_STEPS}>
          Train {TRAIN_STEPS} gradient steps
        </Button>
        <Button size="sm" variant="ghost" onClick={() => setSteps(0)} disabled={steps === 0}>
          Reset
        </Button>
      </div>
      <p className="!my-2 text-slate-800" aria-live="polite" data-testid="supervised-result">
        {result}
      </p>
    </>
  );
}

interface EmRun {
  seed: number;
  model: Gmm2;
  iteration: number;
  converged: boolean;
}

function startRun(points: readonly Vec2[], seed: number): EmRun {
  return { seed, model: initialGmm(points, { components: 2, seed, minEigenvalue: COVARIANCE_FLOOR }), iteration: 0, converged: false };
}

/** The ellipse where a component's density is two standard deviations from its mean: μ + 2 L (cos t, sin t), L Lᵀ = Σ. */
function ellipse(mean: Vec2, covariance: Gmm2["covariances"][number]): Vec2[] {
  const chol = cholesky2(covariance);
  if (!chol) return [];
  return Array.from({ length: 48 }, (_, i) => {
    const t = (2 * Math.PI * i) / 48;
    const [u, v] = [2 * Math.cos(t), 2 * Math.sin(t)];
    return [mean[0] + chol.l11 * u, mean[1] + chol.l21 * u + chol.l22 * v] as Vec2;
  });
}

function UnsupervisedView({ data }: { data: LabelledPoints }) {
  const [run, setRun] = useState<EmRun>(() => startRun(data.points, 1));
  const [reveal, setReveal] = useState(false);
  const groups = useMemo(() => gmmAssignments(data.points, run.model), [data, run.model]);
  const meanLogLikelihood = useMemo(() => gmmMeanLogLikelihood(data.points, run.model), [data, run.model]);
  const sizes = [0, 1].map((k) => groups.filter((g) => g === k).length);
  const agreement = bestMatchAgreement(groups, data.labels, 2);

  const step = () =>
    setRun((r) => {
      const { model, logLikelihood } = emStep(data.points, r.model, COVARIANCE_FLOOR);
      const after = gmmMeanLogLikelihood(data.points, model) * data.points.length;
      return { ...r, model, iteration: r.iteration + 1, converged: Math.abs(after - logLikelihood) < 1e-8 * Math.abs(after) };
    });
  const runToEnd = () =>
    setRun((r) => {
      const fit = fitGmmEm(data.points, { components: 2, iterations: MAX_EM_STEPS, seed: r.seed, minEigenvalue: COVARIANCE_FLOOR });
      return { ...r, model: fit.model, iteration: fit.logLikelihoods.length - 1, converged: fit.converged };
    });

  const result =
    `${run.iteration === 0 ? "Starting guess" : `After ${run.iteration} EM step${run.iteration === 1 ? "" : "s"}${run.converged ? " (converged)" : ""}`}: ` +
    `average log-likelihood ${signed(meanLogLikelihood)} nats per penguin; groups of ${sizes[0]} and ${sizes[1]} penguins.`;
  return (
    <>
      <SignalNote>
        <strong>Signal: none.</strong> The same penguins without their species, and no feedback at all: the model has to find structure in the measurements
        themselves.
      </SignalNote>
      <p className="!my-1 text-slate-700">
        A mixture of two Gaussians fitted by expectation–maximisation. Each step first works out how well each group explains every penguin (E-step; a
        penguin&apos;s colour is the group that explains it best), then moves each group&apos;s centre and shape to fit the penguins it explains (M-step). The
        ellipses reach two standard deviations from each centre.
      </p>
      <PenguinPlot
        label={`${data.points.length} penguins coloured by the group the mixture assigns them to${reveal ? ", drawn by species (circle Adélie, square Gentoo)" : ""}; two ellipses show the groups.`}
      >
        {data.points.map(([x, y], i) => (
          <Mark key={i} x={x} y={y} colour={GROUP_COLOURS[groups[i]]} square={reveal && data.labels[i] === 1} />
        ))}
        {run.model.means.map((mean, k) => (
          <g key={k}>
            <polygon points={polygon(ellipse(mean, run.model.covariances[k]))} fill="none" stroke={GROUP_COLOURS[k]} strokeWidth={2} />
            <path d={`M ${px(mean[0]) - 5} ${py(mean[1])} h 10 M ${px(mean[0])} ${py(mean[1]) - 5} v 10`} className="stroke-slate-900" strokeWidth={1.5} />
          </g>
        ))}
      </PenguinPlot>
      <Legend
        items={[
          { label: `Group 1 (weight ${run.model.weights[0].toFixed(2)})`, colour: GROUP_COLOURS[0] },
          { label: `Group 2 (weight ${run.model.weights[1].toFixed(2)})`, colour: GROUP_COLOURS[1] },
        ]}
      />
      <div className="mt-2 flex flex-wrap gap-2">
        <Button size="sm" onClick={step} disabled={run.converged}>
          One EM step
        </Button>
        <Button size="sm" variant="secondary" onClick={runToEnd} disabled={run.converged}>
          Run EM to convergence
        </Button>
        <Button size="sm" variant="ghost" onClick={() => setRun((r) => startRun(data.points, r.seed + 1))}>
          New starting guess
        </Button>
      </div>
      <p className="!my-2 text-slate-800" aria-live="polite" data-testid="unsupervised-result">
        {result}
      </p>
      <label className="mt-1 inline-flex items-center gap-2">
        <input type="checkbox" checked={reveal} onChange={(e) => setReveal(e.target.checked)} />
        Show the species the model was never told
      </label>
      {reveal && (
        <p className="!my-2 text-slate-800" aria-live="polite" data-testid="unsupervised-agreement">
          The two groups match the two species for {pct(agreement)} of the penguins (squares are Gentoo, circles Adélie). The model found them without a single
          label — but it cannot name them: which group is “Gentoo” only the labels can say.
        </p>
      )}
    </>
  );
}

function Legend({ items }: { items: { label: string; colour: string; square?: boolean }[] }) {
  return (
    <ul className="!my-1 flex flex-wrap gap-x-4 !pl-0 text-xs" style={{ listStyle: "none" }}>
      {items.map((item) => (
        <li key={item.label} className="inline-flex items-center gap-1.5">
          <span aria-hidden="true" className={`inline-block size-2.5 ${item.square ? "" : "rounded-full"}`} style={{ background: item.colour }} />
          {item.label}
        </li>
      ))}
    </ul>
  );
}

interface BanditRun {
  state: BanditState;
  /** What happened last, in words. */
  last: string | null;
}

function BanditView() {
  const uid = useId();
  const rng = useRef(mulberry32(7));
  const [run, setRun] = useState<BanditRun>({ state: newBanditState(MACHINES.length), last: null });
  const [epsilon, setEpsilon] = useState(0.1);
  const [showRates, setShowRates] = useState(false);
  const { state } = run;

  // The draws happen here, in the event, not in a state updater (which React may call twice).
  const pull = (arm: number) => {
    const reward = pullBernoulliArm(PAYOUT, arm, rng.current);
    setRun({ state: updateBandit(state, arm, reward), last: `You pulled machine ${MACHINES[arm]}: ${reward ? "it paid 1 point" : "no pay-out"}.` });
  };
  const playAgent = (rounds: number) => {
    const { state: next, pulls } = playEpsilonGreedy(PAYOUT, state, epsilon, rounds, rng.current);
    const perMachine = MACHINES.map((m, a) => `${m} ${pulls.filter((p) => p.arm === a).length}×`).join(", ");
    const won = pulls.reduce((s, p) => s + p.reward, 0);
    setRun({ state: next, last: `The agent played ${rounds} round${rounds === 1 ? "" : "s"} (${perMachine}) and won ${won} point${won === 1 ? "" : "s"}.` });
  };
  const reset = () => {
    rng.current = mulberry32(7 + state.steps);
    setRun({ state: newBanditState(MACHINES.length), last: null });
  };

  const BW = 360;
  const BH = 170;
  const pad = { l: 34, r: 8, t: 10, b: 40 };
  const slot = (BW - pad.l - pad.r) / MACHINES.length;
  const by = (v: number) => round2(BH - pad.b - v * (BH - pad.t - pad.b));
  const best = state.values.indexOf(Math.max(...state.values));
  const estimates = MACHINES.map(
    (m, a) => `machine ${m}: ${state.counts[a] ? `${state.values[a].toFixed(2)} from ${state.counts[a]} pulls` : "not pulled yet"}`,
  );

  return (
    <>
      <SignalNote>
        <strong>Signal: a reward after each action.</strong> Nobody says which machine is best; the learner only sees what each pull pays, and must balance
        trying machines (exploring) against using the best one so far (exploiting).
      </SignalNote>
      <p className="!my-1 text-slate-700">
        Three slot machines pay 1 point with different hidden probabilities. The value estimate of a machine is the average reward of its pulls so far. Pull
        them yourself, or let an ε-greedy agent play: it pulls the machine with the highest estimate, except that with probability ε it tries a random one.
      </p>
      <svg viewBox={`0 0 ${BW} ${BH}`} className="mt-2 h-auto w-full max-w-md" role="img" aria-label={`Value estimates: ${estimates.join("; ")}.`}>
        <line x1={pad.l} y1={by(0)} x2={BW - pad.r} y2={by(0)} className="stroke-slate-400" />
        {[0, 0.5, 1].map((v) => (
          <text key={v} x={pad.l - 4} y={by(v) + 3} fontSize="9" textAnchor="end" className="fill-slate-600">
            {v}
          </text>
        ))}
        {MACHINES.map((m, a) => {
          const x = pad.l + a * slot + slot * 0.25;
          return (
            <g key={m}>
              <rect x={x} y={by(state.values[a])} width={slot * 0.5} height={by(0) - by(state.values[a])} className="fill-brand-600" fillOpacity={0.75} />
              {showRates && (
                <line
                  x1={x - 6}
                  x2={x + slot * 0.5 + 6}
                  y1={by(PAYOUT[a])}
                  y2={by(PAYOUT[a])}
                  className="stroke-slate-900"
                  strokeWidth={2}
                  strokeDasharray="4 3"
                />
              )}
              <text x={x + slot * 0.25} y={by(state.values[a]) - 4} fontSize="10" textAnchor="middle" className="fill-slate-800">
                {state.counts[a] ? state.values[a].toFixed(2) : "–"}
              </text>
              <text x={x + slot * 0.25} y={BH - pad.b + 14} fontSize="10" textAnchor="middle" className="fill-slate-800">
                Machine {m}
              </text>
              <text x={x + slot * 0.25} y={BH - pad.b + 27} fontSize="9" textAnchor="middle" className="fill-slate-600">
                {state.counts[a]} pull{state.counts[a] === 1 ? "" : "s"}
              </text>
            </g>
          );
        })}
      </svg>
      <div className="mt-2 flex flex-wrap gap-2">
        {MACHINES.map((m, a) => (
          <Button key={m} size="sm" variant="secondary" onClick={() => pull(a)}>
            Pull machine {m}
          </Button>
        ))}
      </div>
      <div className="mt-3">
        <label htmlFor={`${uid}-epsilon`} className="text-slate-700">
          Exploration rate ε: <span className="font-semibold tabular-nums">{epsilon.toFixed(2)}</span>
        </label>
        <input
          id={`${uid}-epsilon`}
          type="range"
          className="block w-full max-w-sm"
          min={0}
          max={0.5}
          step={0.05}
          value={epsilon}
          onChange={(e) => setEpsilon(Number(e.target.value))}
        />
      </div>
      <div className="mt-2 flex flex-wrap gap-2">
        <Button size="sm" onClick={() => playAgent(1)}>
          Agent: play 1 round
        </Button>
        <Button size="sm" onClick={() => playAgent(AGENT_ROUNDS)}>
          Agent: play {AGENT_ROUNDS} rounds
        </Button>
        <Button size="sm" variant="ghost" onClick={reset} disabled={state.steps === 0}>
          Reset
        </Button>
      </div>
      <p className="!my-2 text-slate-800" aria-live="polite" data-testid="bandit-result">
        {run.last ? `${run.last} ` : "No pulls yet. "}
        Total: <span data-testid="bandit-reward">{state.totalReward}</span> point{state.totalReward === 1 ? "" : "s"} from{" "}
        <span data-testid="bandit-pulls">{state.steps}</span> pull{state.steps === 1 ? "" : "s"}.
        {state.steps > 0 && ` Highest estimate: machine ${MACHINES[best]} (${state.values[best].toFixed(2)}).`}
      </p>
      <label className="mt-1 inline-flex items-center gap-2">
        <input type="checkbox" checked={showRates} onChange={(e) => setShowRates(e.target.checked)} />
        Show the true pay-out rates (dashed lines)
      </label>
      {showRates && (
        <p className="!my-1 text-slate-700">
          True rates: {MACHINES.map((m, a) => `${m} ${PAYOUT[a]}`).join(", ")}. The more often a machine is pulled, the closer its estimate gets to its rate.
        </p>
      )}
    </>
  );
}

/** One small data set seen by a supervised, an unsupervised and a reinforcement learner (tabs). */
export function LearningParadigms() {
  const uid = useId();
  const penguins = api.dataset.penguins.useQuery(undefined, { staleTime: Infinity });
  const [view, setView] = useState<ViewId>("supervised");
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);

  const data: LabelledPoints | null = useMemo(() => {
    if (!penguins.data) return null;
    const rows = penguins.data.filter((p) => p.species === SPECIES[0] || p.species === SPECIES[1]);
    return { points: rows.map((p) => [p.beakLengthMm, p.flipperLengthMm] as const), labels: rows.map((p) => (p.species === SPECIES[1] ? 1 : 0)) };
  }, [penguins.data]);

  const onTabKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const at = VIEWS.findIndex((v) => v.id === view);
    const to =
      event.key === "ArrowRight"
        ? (at + 1) % VIEWS.length
        : event.key === "ArrowLeft"
          ? (at + VIEWS.length - 1) % VIEWS.length
          : event.key === "Home"
            ? 0
            : event.key === "End"
              ? VIEWS.length - 1
              : -1;
    if (to < 0) return;
    event.preventDefault();
    setView(VIEWS[to].id);
    tabs.current[to]?.focus();
  };

  const needsData = (children: ReactNode) =>
    data ? (
      children
    ) : penguins.error ? (
      <p role="alert" className="!my-2 text-red-700">
        The penguins could not be loaded: {penguins.error.message}
      </p>
    ) : (
      <p role="status" className="!my-2 text-slate-700">
        Loading the penguins…
      </p>
    );

  return (
    <figure className="my-6 rounded-lg border border-line bg-white p-4 text-sm" aria-labelledby={`${uid}-title`} data-testid="learning-paradigms">
      <figcaption id={`${uid}-title`} className="font-semibold text-ink">
        Try it: one data set, three kinds of learning
      </figcaption>
      <div role="tablist" aria-label="Learning paradigm" className="mt-3 grid grid-cols-3 gap-1 border-b border-line" onKeyDown={onTabKey}>
        {VIEWS.map((v, i) => (
          <button
            key={v.id}
            ref={(el) => {
              tabs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${uid}-tab-${v.id}`}
            aria-selected={view === v.id}
            aria-controls={`${uid}-panel-${v.id}`}
            tabIndex={view === v.id ? 0 : -1}
            onClick={() => setView(v.id)}
            className={`-mb-px rounded-t-md border px-1 py-1.5 text-xs font-medium sm:text-sm ${view === v.id ? "border-line border-b-white bg-white text-ink" : "border-transparent text-slate-600 hover:text-ink"}`}
          >
            {v.label}
          </button>
        ))}
      </div>
      {VIEWS.map((v) => (
        <div key={v.id} role="tabpanel" id={`${uid}-panel-${v.id}`} aria-labelledby={`${uid}-tab-${v.id}`} hidden={view !== v.id} className="pt-2">
          {v.id === "supervised" && needsData(data && <SupervisedView data={data} />)}
          {v.id === "unsupervised" && needsData(data && <UnsupervisedView data={data} />)}
          {v.id === "reinforcement" && <BanditView />}
        </div>
      ))}
    </figure>
  );
}
