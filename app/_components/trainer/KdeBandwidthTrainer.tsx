"use client";
import { useEffect, useMemo, useRef, useState } from "react";
import { Button } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { api } from "@/app/_trpc/react";
import { kdeLeaveOneOutMeanLogLikelihood, kdeLogDensity, silvermanBandwidth } from "@/lib/ml/density/kde";
import { LineChart } from "./LineChart";
import { type ExerciseInfo, SubmitPanel } from "./SubmitPanel";

type Selection = "manual" | "leave-one-out" | "silverman";
const MIN_H = 0.01;
const MAX_H = 2;
const GRID_POINTS = 40;
const WIDTH = 560;
const HEIGHT = 220;
const BINS = 30;
/** Slider position (0–1000) ↔ bandwidth on a log scale. */
const toH = (position: number) => MIN_H * (MAX_H / MIN_H) ** (position / 1000);
const toPosition = (h: number) => Math.round((1000 * Math.log(h / MIN_H)) / Math.log(MAX_H / MIN_H));
const BANDWIDTH_GRID = Array.from({ length: GRID_POINTS }, (_, i) => toH((1000 * i) / (GRID_POINTS - 1)));

/** Histogram of the training masses with the KDE for the chosen bandwidth drawn over it. */
function drawKde(canvas: HTMLCanvasElement | null, data: number[], h: number) {
  const ctx = canvas?.getContext("2d");
  if (!ctx || data.length === 0) return;
  const lo = Math.min(...data) - 0.5;
  const hi = Math.max(...data) + 0.5;
  const binWidth = (hi - lo) / BINS;
  const counts = new Array<number>(BINS).fill(0);
  for (const x of data) counts[Math.min(BINS - 1, Math.floor((x - lo) / binWidth))]++;
  const densities = counts.map((c) => c / (data.length * binWidth));
  const curve = Array.from({ length: 200 }, (_, i) => {
    const x = lo + ((hi - lo) * i) / 199;
    return [x, Math.exp(kdeLogDensity(x, data, h))] as const;
  });
  const top = Math.max(...densities, ...curve.map(([, y]) => y)) * 1.1;
  const px = (x: number) => ((x - lo) / (hi - lo)) * WIDTH;
  const py = (y: number) => HEIGHT - 20 - (y / top) * (HEIGHT - 30);
  ctx.clearRect(0, 0, WIDTH, HEIGHT);
  ctx.fillStyle = "rgba(100, 116, 139, 0.35)";
  densities.forEach((d, i) => ctx.fillRect(px(lo + i * binWidth) + 1, py(d), px(lo + binWidth) - px(lo) - 2, py(0) - py(d)));
  ctx.strokeStyle = "#4f46e5";
  ctx.lineWidth = 2;
  ctx.beginPath();
  curve.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(px(x), py(y)) : ctx.lineTo(px(x), py(y))));
  ctx.stroke();
  ctx.fillStyle = "#475569";
  ctx.font = "11px sans-serif";
  for (let kg = Math.ceil(lo); kg <= hi; kg++) ctx.fillText(`${kg} kg`, px(kg) - 10, HEIGHT - 5);
}

/**
 * kde-bandwidth: choose the Parzen window's bandwidth by eye, by Silverman's rule, or by the
 * leave-one-out likelihood of the training penguins (the held-out ones stay on the server).
 */
export function KdeBandwidthTrainer(exercise: ExerciseInfo) {
  const training = api.exercise.trainingData.useQuery({ courseId: exercise.courseId, exerciseSlug: exercise.exerciseSlug });
  const data = useMemo(() => (training.data?.kind === "numbers" ? training.data.values : []), [training.data]);
  const [h, setH] = useState(0.5);
  const [selection, setSelection] = useState<Selection>("manual");
  const [curve, setCurve] = useState<number[][]>([[], []]);
  const [progress, setProgress] = useState(0);
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => drawKde(canvas.current, data, h), [data, h]);

  const looAtH = useMemo(() => (data.length > 1 ? kdeLeaveOneOutMeanLogLikelihood(data, h) : NaN), [data, h]);
  const silverman = useMemo(() => (data.length > 1 ? silvermanBandwidth(data) : NaN), [data]);

  /** Leave-one-out likelihood over the bandwidth grid, a few bandwidths per frame; picks the best. */
  const searchBestBandwidth = async () => {
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i < BANDWIDTH_GRID.length; i++) {
      xs.push(BANDWIDTH_GRID[i]);
      ys.push(kdeLeaveOneOutMeanLogLikelihood(data, BANDWIDTH_GRID[i]));
      if (i % 4 === 3) {
        setProgress((i + 1) / BANDWIDTH_GRID.length);
        setCurve([[...xs], [...ys]]);
        await new Promise((resolve) => requestAnimationFrame(resolve));
      }
    }
    setProgress(1);
    setCurve([xs, ys]);
    const best = xs[ys.indexOf(Math.max(...ys))];
    setH(best);
    setSelection("leave-one-out");
  };

  if (training.isPending) return <p className="text-muted">Loading the training penguins…</p>;
  if (training.error) return <p role="alert" className="text-red-700">The training data could not be loaded: {training.error.message}</p>;

  return (
    <div className="space-y-6">
      <Card className="p-4">
        <h2 className="font-semibold">Body masses of {data.length} training penguins and the Parzen estimate</h2>
        <div className="mt-3 overflow-x-auto">
          <canvas ref={canvas} width={WIDTH} height={HEIGHT} className="w-full max-w-[560px]" role="img" aria-label={`Histogram of penguin body masses with a Gaussian kernel density estimate of bandwidth ${h.toFixed(3)} kg`} />
        </div>
        <label className="mt-4 block text-sm">
          <span className="flex justify-between">
            <span>Bandwidth h (log scale)</span>
            <span className="font-mono">{h.toFixed(3)} kg</span>
          </span>
          <input
            type="range"
            min={0}
            max={1000}
            value={toPosition(h)}
            onChange={(e) => {
              setH(toH(Number(e.target.value)));
              setSelection("manual");
            }}
            className="mt-1 w-full"
          />
        </label>
        <div className="mt-3 flex flex-wrap gap-2">
          <Button onClick={() => void searchBestBandwidth()} data-testid="run-default" disabled={data.length < 2}>
            Find the best h by leave-one-out
          </Button>
          <Button
            variant="secondary"
            onClick={() => {
              setH(silverman);
              setSelection("silverman");
            }}
          >
            Silverman&apos;s rule ({Number.isFinite(silverman) ? silverman.toFixed(3) : "–"} kg)
          </Button>
        </div>
        <p className="mt-3 text-sm" aria-live="polite">
          Leave-one-out mean log-likelihood on the training penguins at h = {h.toFixed(3)} kg: <strong className="font-mono">{Number.isFinite(looAtH) ? looAtH.toFixed(4) : "–"}</strong> nats per penguin.
          Too small an h memorises each penguin; too large blurs the species together.
        </p>
        {progress > 0 && progress < 1 && <progress className="mt-2 h-2 w-full" value={progress} max={1} aria-label="Searching bandwidths" />}
      </Card>
      {curve[0].length > 0 && (
        <Card className="p-4">
          <h2 className="mb-2 font-semibold">Leave-one-out likelihood against the bandwidth</h2>
          <LineChart data={curve} series={[{ label: "mean log-likelihood", stroke: "#4f46e5" }]} xLabel="bandwidth h (kg)" yLabel="nats per penguin" description="Leave-one-out mean log-likelihood for each bandwidth" version={curve[0].length} />
        </Card>
      )}
      <SubmitPanel
        {...exercise}
        label={`Submit h = ${h.toFixed(3)} kg`}
        description="The server builds the KDE on the training penguins with your bandwidth and scores it on penguins you have not seen."
        canSubmit={h >= MIN_H && h <= MAX_H}
        build={async () => ({ body: { bandwidth: h }, config: { bandwidth: h, selection } })}
      />
    </div>
  );
}
