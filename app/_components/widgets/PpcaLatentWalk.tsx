"use client";
import { type KeyboardEvent, type PointerEvent, useEffect, useId, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { Button } from "@/app/_components/Button";
import { DigitGrid, type DigitGridHandle } from "@/app/_components/trainer/deep/DigitGrid";
import { LABEL_COLORS } from "@/app/_components/trainer/deep/LatentMap";
import { loadDigitSplit } from "@/app/_lib/digits";
import { DIGIT_PIXELS, digitsToFloat } from "@/lib/ml/datasets/digits";
import { fitPpca, type PpcaModel, ppcaDecode, ppcaEncode, ppcaReconstruct } from "@/lib/ml/models/ppca";
import { explainedVarianceShare, nearestLabelCounts, truncatePpca } from "@/lib/ml/models/ppca-explore";

/*
 * Probabilistic PCA (Tipping & Bishop 1999, closed form: lib/ml/models/ppca.ts) on 500 public
 * validation digits, fitted in the browser once the student asks (the digits download then, not
 * with the page). One fit with q = 20 latent dimensions holds the fit for every smaller q
 * (ppca-explore.ts). The q = 2 model places each digit at its posterior mean E[z | x] in a latent
 * plane; a ring there, dragged or moved with the arrow keys, is decoded to W z + μ: a walk through
 * the latent space. A slider for q shows the explained variance, σ² and reconstructions.
 */

const N_DIGITS = 500;
const Q_MAX = 20;
/** The latent plane shown: [−3, 3]², where the prior N(0, I) puts almost all its mass. */
const Z_LIMIT = 3;
const KEY_STEP = 0.1;
const NEIGHBOURS = 10;
/** Digits shown with their reconstructions: the first of each class among the 500. */
const SHOWN_CLASSES = 10;

const VB = 300;
const PAD = { l: 26, b: 24, t: 6, r: 6 };
const PLOT = { w: VB - PAD.l - PAD.r, h: VB - PAD.t - PAD.b };
const round2 = (v: number) => Math.round(v * 100) / 100;
const sx = (z: number) => round2(PAD.l + ((z + Z_LIMIT) / (2 * Z_LIMIT)) * PLOT.w);
const sy = (z: number) => round2(PAD.t + ((Z_LIMIT - z) / (2 * Z_LIMIT)) * PLOT.h);
const clampZ = (v: number) => Math.max(-Z_LIMIT, Math.min(Z_LIMIT, Math.round(v * 100) / 100));
const signed = (v: number) => v.toFixed(2).replace("-", "−");

type Phase =
  { kind: "idle" } | { kind: "loading"; fraction: number } | { kind: "fitting"; message: string } | { kind: "ready" } | { kind: "error"; message: string };

interface Fit {
  big: PpcaModel;
  two: PpcaModel;
  /** N × 2 posterior means under the q = 2 model. */
  codes: Float64Array;
  labels: Uint8Array;
  /** The shown digits (SHOWN_CLASSES × 784, floats in [0, 1]). */
  shown: Float32Array;
  seconds: number;
}

/** Lets the browser paint (the progress message) before the next piece of work; a hidden tab paints no frames, so a timer stands in. */
const nextPaint = () =>
  new Promise<void>((resolve) => {
    const fallback = setTimeout(resolve, 100);
    requestAnimationFrame(() => {
      clearTimeout(fallback);
      setTimeout(resolve, 0);
    });
  });

const noSubscription = () => () => {};
/** False while rendering on the server and hydrating, true after: the button works only once React does. */
const useHydrated = () =>
  useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );

async function loadAndFit(report: (phase: Phase) => void): Promise<Fit> {
  report({ kind: "loading", fraction: 0 });
  const set = await loadDigitSplit("validation", (fraction) => report({ kind: "loading", fraction }));
  report({ kind: "fitting", message: `Computing the pixel covariance of ${N_DIGITS} digits and its ${Q_MAX} principal directions…` });
  await nextPaint();
  const t0 = performance.now();
  const x = digitsToFloat(set.images, 0, N_DIGITS);
  const big = fitPpca(x, N_DIGITS, DIGIT_PIXELS, Q_MAX, { tolerance: 1e-6 });
  const seconds = (performance.now() - t0) / 1000;
  report({ kind: "fitting", message: "Placing every digit in the latent plane…" });
  await nextPaint();
  const two = truncatePpca(big, 2);
  const labels = set.labels.slice(0, N_DIGITS);
  const firstOfClass = Array.from({ length: SHOWN_CLASSES }, (_, c) => labels.indexOf(c)).filter((i) => i >= 0);
  const shown = new Float32Array(firstOfClass.length * DIGIT_PIXELS);
  firstOfClass.forEach((i, k) => shown.set(x.subarray(i * DIGIT_PIXELS, (i + 1) * DIGIT_PIXELS), k * DIGIT_PIXELS));
  return { big, two, codes: ppcaEncode(two, x), labels, shown, seconds };
}

export function PpcaLatentWalk() {
  const uid = useId();
  const hydrated = useHydrated();
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const [fit, setFit] = useState<Fit | null>(null);
  const [z, setZ] = useState<[number, number]>([0, 0]);
  const [q, setQ] = useState(2);

  const start = () => {
    loadAndFit(setPhase).then(
      (result) => {
        setFit(result);
        setPhase({ kind: "ready" });
      },
      (error: unknown) => setPhase({ kind: "error", message: error instanceof Error ? error.message : String(error) }),
    );
  };

  return (
    <figure className="my-6 rounded-lg border border-line bg-white p-4 text-sm" aria-labelledby={`${uid}-title`} data-testid="ppca-latent-walk">
      <figcaption id={`${uid}-title`} className="font-semibold text-ink">
        Try it: probabilistic PCA of handwritten digits, and a walk through its latent space
      </figcaption>
      {!fit && (
        <>
          <p className="!my-2 text-slate-700">
            The widget downloads {N_DIGITS.toLocaleString("en")} handwritten digits (28 × 28 pixels, about 0.8 MB) and fits PPCA to them in your browser, in
            closed form: the top principal directions of the pixel covariance give W, the discarded variance gives σ².
          </p>
          <Button size="sm" onClick={start} disabled={!hydrated || phase.kind === "loading" || phase.kind === "fitting"} data-testid="ppca-start">
            Load {N_DIGITS} digits and fit PPCA
          </Button>
        </>
      )}
      <div role="status" className="!my-2 text-slate-700" data-testid="ppca-status">
        {phase.kind === "loading" && (
          <span className="inline-flex items-center gap-2">
            Downloading the digits… {Math.round(100 * phase.fraction)}%
            <progress max={1} value={phase.fraction} className="w-32" aria-label="Download progress" />
          </span>
        )}
        {phase.kind === "fitting" && phase.message}
        {phase.kind === "ready" &&
          fit &&
          `Fitted PPCA to ${N_DIGITS} digits in ${fit.seconds.toFixed(2)} s: μ is the average digit, and W's columns are the top principal directions.`}
      </div>
      {phase.kind === "error" && (
        <p role="alert" className="!my-2 text-red-700">
          The digits could not be loaded or fitted: {phase.message}
        </p>
      )}
      {fit && <Explorer fit={fit} z={z} setZ={setZ} q={q} setQ={setQ} />}
    </figure>
  );
}

function Explorer({ fit, z, setZ, q, setQ }: { fit: Fit; z: [number, number]; setZ: (z: [number, number]) => void; q: number; setQ: (q: number) => void }) {
  const uid = useId();
  const map = useRef<SVGSVGElement>(null);
  const dragging = useRef(false);
  const decoded = useRef<DigitGridHandle>(null);
  const recon = useRef<DigitGridHandle>(null);

  // The digits inside the view (a handful of codes lie beyond ±3).
  const dots = useMemo(
    () =>
      Array.from(fit.labels, (label, i) => {
        const [a, b] = [fit.codes[2 * i], fit.codes[2 * i + 1]];
        return Math.abs(a) <= Z_LIMIT && Math.abs(b) <= Z_LIMIT ? (
          <circle key={i} cx={sx(a)} cy={sy(b)} r={2.2} fill={LABEL_COLORS[label]} fillOpacity={0.75} />
        ) : null;
      }).filter((dot) => dot !== null),
    [fit],
  );
  const neighbours = nearestLabelCounts(fit.codes, fit.labels, z, NEIGHBOURS)
    .map(([label, count]) => `digit ${label}: ${count}`)
    .join(", ");
  const zText = `z = (${signed(z[0])}, ${signed(z[1])})`;

  const model = useMemo(() => truncatePpca(fit.big, q), [fit, q]);
  const share = explainedVarianceShare(model);

  // The start button is gone once the fit is there: the focus goes on to the map rather than back to the page.
  useEffect(() => {
    map.current?.focus();
  }, []);
  useEffect(() => {
    decoded.current?.draw(ppcaDecode(fit.two, z), 1);
  }, [fit, z]);
  useEffect(() => {
    const n = fit.shown.length / DIGIT_PIXELS;
    const both = new Float64Array(2 * n * DIGIT_PIXELS);
    both.set(fit.shown);
    both.set(ppcaReconstruct(model, fit.shown), n * DIGIT_PIXELS);
    recon.current?.draw(both, 2 * n);
  }, [fit, model]);

  const fromPointer = (event: PointerEvent<SVGSVGElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const vx = ((event.clientX - rect.left) / rect.width) * VB;
    const vy = ((event.clientY - rect.top) / rect.height) * VB;
    setZ([clampZ(((vx - PAD.l) / PLOT.w) * 2 * Z_LIMIT - Z_LIMIT), clampZ(Z_LIMIT - ((vy - PAD.t) / PLOT.h) * 2 * Z_LIMIT)]);
  };
  const onKey = (event: KeyboardEvent<SVGSVGElement>) => {
    const step = event.shiftKey ? 5 * KEY_STEP : KEY_STEP;
    const moves: Record<string, [number, number]> = { ArrowRight: [step, 0], ArrowLeft: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    if (event.key === "Home") setZ([0, 0]);
    else if (moves[event.key]) setZ([clampZ(z[0] + moves[event.key][0]), clampZ(z[1] + moves[event.key][1])]);
    else return;
    event.preventDefault();
  };

  return (
    <>
      <h3 className="!mb-1 !mt-4 text-sm font-semibold text-ink">The latent plane (two latent dimensions)</h3>
      <p className="!my-1 text-slate-700">
        Each dot is a digit at its posterior mean E[z | x] = M⁻¹Wᵀ(x − μ), coloured by its label (the model never saw the labels). Drag the ring, or focus the
        map and use the arrow keys (Shift for bigger steps, Home for the centre): the image shows the decoded mean W z + μ.
      </p>
      <div className="mt-2 flex flex-wrap items-start gap-4">
        <svg
          ref={map}
          viewBox={`0 0 ${VB} ${VB}`}
          className="h-auto w-full max-w-[300px] cursor-crosshair touch-none rounded border border-line focus:outline-2 focus:outline-brand-600"
          role="application"
          aria-label={`Latent plane from −3 to 3 on both axes, ${dots.length} of the ${fit.labels.length} digits as dots coloured by label; the ring is at ${zText}. Arrow keys move it.`}
          tabIndex={0}
          data-testid="ppca-map"
          onKeyDown={onKey}
          onPointerDown={(event) => {
            event.currentTarget.setPointerCapture(event.pointerId);
            dragging.current = true;
            fromPointer(event);
          }}
          onPointerMove={(event) => {
            if (dragging.current) fromPointer(event);
          }}
          onPointerUp={() => {
            dragging.current = false;
          }}
          onPointerCancel={() => {
            dragging.current = false;
          }}
        >
          <rect x={PAD.l} y={PAD.t} width={PLOT.w} height={PLOT.h} className="fill-white stroke-slate-400" />
          <line x1={sx(0)} y1={PAD.t} x2={sx(0)} y2={PAD.t + PLOT.h} className="stroke-slate-200" />
          <line x1={PAD.l} y1={sy(0)} x2={PAD.l + PLOT.w} y2={sy(0)} className="stroke-slate-200" />
          {[-3, 0, 3].map((t) => (
            <g key={t}>
              <text x={sx(t)} y={VB - PAD.b + 12} fontSize="9" textAnchor="middle" className="fill-slate-600">
                {signed(t).replace(".00", "")}
              </text>
              <text x={PAD.l - 4} y={sy(t) + 3} fontSize="9" textAnchor="end" className="fill-slate-600">
                {signed(t).replace(".00", "")}
              </text>
            </g>
          ))}
          <text x={PAD.l + PLOT.w / 2} y={VB - 3} fontSize="9" textAnchor="middle" className="fill-slate-600">
            z₁
          </text>
          <text x={8} y={PAD.t + PLOT.h / 2} fontSize="9" textAnchor="middle" className="fill-slate-600">
            z₂
          </text>
          {dots}
          <circle cx={sx(z[0])} cy={sy(z[1])} r={8} fill="none" className="stroke-slate-900" strokeWidth={2.5} />
          <circle cx={sx(z[0])} cy={sy(z[1])} r={8} fill="none" className="stroke-white" strokeWidth={1} />
        </svg>
        <div className="min-w-0">
          <div data-testid="ppca-decoded">
            <DigitGrid ref={decoded} columns={1} rows={1} scale={4} label={`The decoded mean W z + μ at ${zText}`} />
          </div>
          <p className="!my-1 tabular-nums" aria-live="polite" data-testid="ppca-z">
            {zText}
          </p>
          <p className="!my-1 text-xs text-slate-600" aria-live="polite">
            Nearest {NEIGHBOURS} digits in the plane: {neighbours}.
          </p>
          {(["z₁", "z₂"] as const).map((name, a) => (
            <div key={name} className="mt-1">
              <label htmlFor={`${uid}-z${a}`} className="text-slate-700">
                {name}
              </label>
              <input
                id={`${uid}-z${a}`}
                type="range"
                className="block w-40"
                min={-Z_LIMIT}
                max={Z_LIMIT}
                step={0.05}
                value={z[a]}
                onChange={(e) => setZ(a === 0 ? [Number(e.target.value), z[1]] : [z[0], Number(e.target.value)])}
              />
            </div>
          ))}
        </div>
      </div>
      <ul className="!my-2 flex flex-wrap gap-x-3 gap-y-1 !pl-0 text-xs" style={{ listStyle: "none" }} aria-label="Colour of each label">
        {LABEL_COLORS.map((colour, label) => (
          <li key={label} className="flex items-center gap-1">
            <span aria-hidden="true" className="inline-block size-2.5 rounded-full" style={{ backgroundColor: colour }} />
            <span className="sr-only">digit</span> {label}
          </li>
        ))}
      </ul>

      <h3 className="!mb-1 !mt-4 text-sm font-semibold text-ink">How many latent dimensions?</h3>
      <label htmlFor={`${uid}-q`} className="text-slate-700">
        Latent dimensions: <span className="font-semibold tabular-nums">{q}</span>
      </label>
      <input
        id={`${uid}-q`}
        type="range"
        className="block w-full max-w-sm"
        min={2}
        max={Q_MAX}
        step={1}
        value={q}
        onChange={(e) => setQ(Number(e.target.value))}
        data-testid="ppca-q"
      />
      <p className="!my-1 text-slate-800" aria-live="polite" data-testid="ppca-q-result">
        With {q} latent dimensions, the {q} principal directions explain <span data-testid="ppca-explained">{(100 * share).toFixed(1)}</span>% of the pixel
        variance, and σ² = <span data-testid="ppca-sigma2">{model.sigma2.toFixed(4)}</span>: the noise variance per pixel (pixels from 0 to 1), the average
        variance of the {DIGIT_PIXELS - q} directions the model leaves out.
      </p>
      <div className="mt-2">
        <DigitGrid
          ref={recon}
          columns={fit.shown.length / DIGIT_PIXELS}
          rows={2}
          scale={2}
          label={`Top row: one digit of each class; bottom row: its reconstruction W E[z | x] + μ with ${q} latent dimensions`}
        />
        <p className="!my-1 text-xs text-slate-600">Top: original digits. Bottom: their reconstructions W E[z | x] + μ with {q} latent dimensions.</p>
      </div>
    </>
  );
}
