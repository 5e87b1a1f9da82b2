"use client";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { Button } from "@/app/_components/Button";
import { useChartColours } from "@/app/_components/chart-colours";
import { api } from "@/app/_trpc/react";
import {
  accuracy,
  fitGaussianClassifier,
  fitLogisticRegression,
  gaussianPosterior1,
  type LabelledPoints,
  logisticPosterior1,
  sampleGaussianClassifier,
} from "@/lib/ml/classifiers/binary";
import type { Vec2 } from "@/lib/ml/density/gaussian";
import { mulberry32 } from "@/lib/ml/random";

const SPECIES = ["Adelie", "Chinstrap", "Gentoo"] as const;
const SIZE_PX = 260;
const GRID = 52;
const COLOURS = ["#3b82f6", "#ea580c"];
/** Axis ranges in mm: beak length (x) and flipper length (y) of the penguins data. */
const X_RANGE: [number, number] = [30, 62];
const Y_RANGE: [number, number] = [168, 235];

/** Posterior P(y=1|x) as a tinted background, the ½ contour (in `ink`) as the boundary, and the points. */
function draw(canvas: HTMLCanvasElement | null, posterior1: (x: Vec2) => number, data: LabelledPoints, ghost: LabelledPoints | null, ink: string) {
  const ctx = canvas?.getContext("2d");
  if (!ctx) return;
  // The tints are translucent: cleared first, so a redraw does not darken them.
  ctx.clearRect(0, 0, SIZE_PX, SIZE_PX);
  const px = (x: number) => ((x - X_RANGE[0]) / (X_RANGE[1] - X_RANGE[0])) * SIZE_PX;
  const py = (y: number) => SIZE_PX - ((y - Y_RANGE[0]) / (Y_RANGE[1] - Y_RANGE[0])) * SIZE_PX;
  const cell = SIZE_PX / GRID;
  for (let r = 0; r < GRID; r++) {
    for (let c = 0; c < GRID; c++) {
      const x = X_RANGE[0] + ((c + 0.5) / GRID) * (X_RANGE[1] - X_RANGE[0]);
      const y = Y_RANGE[1] - ((r + 0.5) / GRID) * (Y_RANGE[1] - Y_RANGE[0]);
      const p = posterior1([x, y]);
      ctx.fillStyle = p > 0.5 ? `rgba(234, 88, 12, ${0.08 + 0.3 * (p - 0.5)})` : `rgba(37, 99, 235, ${0.08 + 0.3 * (0.5 - p)})`;
      ctx.fillRect(c * cell, r * cell, cell, cell); // 260 / 52 = 5 px: cells tile exactly, no overlapping alpha
      // Boundary: cells whose right or lower neighbour is on the other side of ½.
      const right = posterior1([x + (X_RANGE[1] - X_RANGE[0]) / GRID, y]);
      const below = posterior1([x, y - (Y_RANGE[1] - Y_RANGE[0]) / GRID]);
      if (p > 0.5 !== right > 0.5 || p > 0.5 !== below > 0.5) {
        ctx.globalAlpha = 0.8;
        ctx.fillStyle = ink;
        ctx.fillRect(c * cell + cell / 2 - 1, r * cell + cell / 2 - 1, 2, 2);
        ctx.globalAlpha = 1;
      }
    }
  }
  const dots = (set: LabelledPoints, hollow: boolean) =>
    set.points.forEach(([x, y], i) => {
      ctx.beginPath();
      ctx.arc(px(x), py(y), hollow ? 2.5 : 3, 0, 2 * Math.PI);
      if (hollow) {
        ctx.strokeStyle = COLOURS[set.labels[i]];
        ctx.stroke();
      } else {
        ctx.fillStyle = COLOURS[set.labels[i]];
        ctx.fill();
      }
    });
  dots(data, false);
  if (ghost) dots(ghost, true);
}

/**
 * Part 1's comparison on real penguins: a generative classifier (one Gaussian per species + Bayes'
 * rule) and a discriminative one (logistic regression), trained on the same points, side by side.
 */
export function GenerativeVsDiscriminative() {
  const id = useId();
  const penguins = api.dataset.penguins.useQuery(undefined, { staleTime: Infinity });
  const [pair, setPair] = useState<[string, string]>(["Adelie", "Chinstrap"]);
  const [samples, setSamples] = useState<LabelledPoints | null>(null);
  const generativeCanvas = useRef<HTMLCanvasElement>(null);
  const discriminativeCanvas = useRef<HTMLCanvasElement>(null);

  const fitted = useMemo(() => {
    if (!penguins.data) return null;
    const rows = penguins.data.filter((p) => p.species === pair[0] || p.species === pair[1]);
    const data: LabelledPoints = {
      points: rows.map((p) => [p.beakLengthMm, p.flipperLengthMm] as const),
      labels: rows.map((p) => (p.species === pair[1] ? 1 : 0)),
    };
    const generative = fitGaussianClassifier(data);
    const discriminative = fitLogisticRegression(data, { iterations: 800 });
    return {
      data,
      generative,
      generativePosterior: (x: Vec2) => gaussianPosterior1(generative, x),
      discriminativePosterior: (x: Vec2) => logisticPosterior1(discriminative, x),
    };
  }, [penguins.data, pair]);

  const colours = useChartColours();
  useEffect(() => {
    if (!fitted || !colours) return;
    draw(generativeCanvas.current, fitted.generativePosterior, fitted.data, samples, colours.ink);
    draw(discriminativeCanvas.current, fitted.discriminativePosterior, fitted.data, null, colours.ink);
  }, [fitted, samples, colours]);

  const choose = (index: 0 | 1, species: string) => {
    setSamples(null);
    setPair((p) => (index === 0 ? [species, p[1] === species ? p[0] : p[1]] : [p[0] === species ? p[1] : p[0], species]));
  };

  const accG = fitted ? accuracy(fitted.generativePosterior, fitted.data) : 0;
  const accD = fitted ? accuracy(fitted.discriminativePosterior, fitted.data) : 0;
  return (
    <figure className="my-6 rounded-xl border border-line bg-white p-4 shadow-sm" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} className="text-base font-semibold text-ink">
        Try it: a generative and a discriminative classifier on real penguins
      </figcaption>
      <p className="mt-1 text-sm text-muted">
        Beak length (x axis, {X_RANGE[0]}–{X_RANGE[1]} mm) against flipper length (y axis, {Y_RANGE[0]}–{Y_RANGE[1]} mm) of the training penguins. The tint
        shows each model&apos;s P(species | x); the dotted line is its decision boundary.
      </p>
      <div className="mt-3 flex flex-wrap gap-4 text-sm">
        {([0, 1] as const).map((index) => (
          <label key={index} className="flex items-center gap-2">
            <span className="inline-block size-3 rounded-full" style={{ background: COLOURS[index] }} aria-hidden="true" />
            Class {index + 1}
            <select className="rounded-md border border-line bg-white px-2 py-1" value={pair[index]} onChange={(e) => choose(index, e.target.value)}>
              {SPECIES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
        ))}
      </div>
      {penguins.isPending && <p className="mt-3 text-sm text-muted">Loading the penguins…</p>}
      {penguins.error && (
        <p role="alert" className="mt-3 text-sm text-red-700">
          The penguins could not be loaded: {penguins.error.message}
        </p>
      )}
      {fitted && (
        <>
          <div className="mt-4 grid gap-4 sm:grid-cols-2">
            <div>
              <h3 className="text-sm font-semibold">Generative: Gaussian p(x | y) and Bayes&apos; rule</h3>
              <canvas
                ref={generativeCanvas}
                width={SIZE_PX}
                height={SIZE_PX}
                className="mt-2 w-full max-w-[260px] rounded border border-line"
                role="img"
                aria-label={`Generative classifier: quadratic decision boundary, training accuracy ${(100 * accG).toFixed(1)}%`}
              />
              <p className="mt-1 text-xs text-muted">
                Training accuracy {(100 * accG).toFixed(1)}%. The boundary can curve: each species has its own covariance.
              </p>
              <Button
                size="sm"
                variant="secondary"
                className="mt-2"
                onClick={() => setSamples(sampleGaussianClassifier(fitted.generative, 60, mulberry32(Date.now() % 1e9)))}
              >
                Draw 60 new penguins from the model
              </Button>
            </div>
            <div>
              <h3 className="text-sm font-semibold">Discriminative: logistic regression P(y | x)</h3>
              <canvas
                ref={discriminativeCanvas}
                width={SIZE_PX}
                height={SIZE_PX}
                className="mt-2 w-full max-w-[260px] rounded border border-line"
                role="img"
                aria-label={`Logistic regression: straight decision boundary, training accuracy ${(100 * accD).toFixed(1)}%`}
              />
              <p className="mt-1 text-xs text-muted">
                Training accuracy {(100 * accD).toFixed(1)}%. The boundary is a straight line, and the model cannot generate penguins.
              </p>
            </div>
          </div>
          <p className="mt-3 text-sm" aria-live="polite">
            {samples
              ? "Hollow circles: penguins sampled from the generative model — it models the inputs x, so it can create new ones."
              : "Only the generative model describes where penguins are, not just which side of a line they fall on."}
          </p>
        </>
      )}
    </figure>
  );
}
