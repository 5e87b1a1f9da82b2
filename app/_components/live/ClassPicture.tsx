"use client";
import { useEffect, useMemo, useRef, useState } from "react";
import { type ChartColours, useChartColours } from "@/app/_components/chart-colours";
import { pointView, type View } from "@/app/_components/SampleThumbnail";
import { api } from "@/app/_trpc/react";
import { base64ToBytes } from "@/lib/ml/datasets/digits";
import { CLASS_PICTURE_REFRESH_MS, targetSamples, type ClassPictureStudent } from "@/lib/live/class-picture";
import type { LiveGridEntry } from "@/lib/realtime/protocol";

const SIZE = 280;
const BINS = 56;
/** A highlighted student's samples: a series colour that reads on light and dark surfaces. */
const HIGHLIGHT = "#f97316";

interface Layer {
  userId: string;
  name: string;
  /** Flattened [x0, y0, …]. */
  points: ArrayLike<number>;
  /** "submitted" (scored, ranked) or "training" (the live grid's thumbnail: not submitted yet). */
  source: "submitted" | "training";
  rank: number | null;
}

/** All layers' samples as one density (square-root shading, so a few points still show), the highlighted layer's samples on top. */
function drawDensity(
  canvas: HTMLCanvasElement,
  view: View,
  layers: readonly { points: ArrayLike<number> }[],
  colours: ChartColours,
  highlight?: ArrayLike<number>,
) {
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  const dpr = window.devicePixelRatio || 1;
  canvas.width = SIZE * dpr;
  canvas.height = SIZE * dpr;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = colours.surface;
  ctx.fillRect(0, 0, SIZE, SIZE);
  const counts = new Float32Array(BINS * BINS);
  const binOf = (x: number, y: number) => {
    const i = Math.floor(((x - view.xMin) / (view.xMax - view.xMin)) * BINS);
    const j = Math.floor(((view.yMax - y) / (view.yMax - view.yMin)) * BINS);
    return i >= 0 && i < BINS && j >= 0 && j < BINS ? j * BINS + i : -1;
  };
  for (const { points } of layers) {
    for (let k = 0; k + 1 < points.length; k += 2) {
      const bin = binOf(points[k], points[k + 1]);
      if (bin >= 0) counts[bin]++;
    }
  }
  const max = Math.max(1, ...counts);
  const cell = SIZE / BINS;
  ctx.fillStyle = colours.accent;
  for (let bin = 0; bin < counts.length; bin++) {
    if (!counts[bin]) continue;
    ctx.globalAlpha = 0.15 + 0.85 * Math.sqrt(counts[bin] / max);
    ctx.fillRect((bin % BINS) * cell, Math.floor(bin / BINS) * cell, cell, cell);
  }
  ctx.globalAlpha = 1;
  for (const [cx, cy] of view.centres ?? []) {
    ctx.strokeStyle = colours.axis;
    ctx.beginPath();
    ctx.arc(((cx - view.xMin) / (view.xMax - view.xMin)) * SIZE, ((view.yMax - cy) / (view.yMax - view.yMin)) * SIZE, 6, 0, 2 * Math.PI);
    ctx.stroke();
  }
  if (highlight) {
    ctx.fillStyle = HIGHLIGHT;
    for (let k = 0; k + 1 < highlight.length; k += 2) {
      const x = ((highlight[k] - view.xMin) / (view.xMax - view.xMin)) * SIZE;
      const y = ((view.yMax - highlight[k + 1]) / (view.yMax - view.yMin)) * SIZE;
      ctx.fillRect(x - 2, y - 2, 4, 4);
    }
  }
}

function DensityCanvas({
  layers,
  view,
  highlight,
  label,
  onPick,
}: {
  layers: readonly Layer[] | { points: ArrayLike<number> }[];
  view: View;
  highlight?: ArrayLike<number>;
  label: string;
  onPick?: (x: number, y: number) => void;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  const colours = useChartColours();
  useEffect(() => {
    if (ref.current && colours) drawDensity(ref.current, view, layers, colours, highlight);
  }, [layers, view, highlight, colours]);
  return (
    <canvas
      ref={ref}
      role="img"
      aria-label={label}
      style={{ width: SIZE, height: SIZE }}
      className="block rounded border border-line"
      onMouseMove={
        onPick &&
        ((event) => {
          const box = event.currentTarget.getBoundingClientRect();
          onPick(
            view.xMin + ((event.clientX - box.left) / box.width) * (view.xMax - view.xMin),
            view.yMax - ((event.clientY - box.top) / box.height) * (view.yMax - view.yMin),
          );
        })
      }
    />
  );
}

/** The student whose sample lies nearest (x, y), within a few bins. */
function nearestLayer(layers: readonly Layer[], view: View, x: number, y: number): Layer | null {
  const reach = ((view.xMax - view.xMin) / BINS) * 2;
  let best: Layer | null = null;
  let bestDistance = reach * reach;
  for (const layer of layers) {
    for (let k = 0; k + 1 < layer.points.length; k += 2) {
      const d = (layer.points[k] - x) ** 2 + (layer.points[k + 1] - y) ** 2;
      if (d < bestDistance) [best, bestDistance] = [layer, d];
    }
  }
  return best;
}

function DigitCell({ student }: { student: ClassPictureStudent }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext("2d");
    const pixels = student.digit ? base64ToBytes(student.digit) : null;
    if (!ctx || !pixels) return;
    const image = ctx.createImageData(28, 28);
    for (let p = 0; p < 28 * 28; p++) {
      const grey = 255 - (pixels[p] ?? 0);
      image.data.set([grey, grey, grey, 255], 4 * p);
    }
    ctx.putImageData(image, 0, 0);
  }, [student.digit]);
  return (
    <figure className="flex flex-col items-center" title={student.name}>
      <canvas
        ref={ref}
        width={28}
        height={28}
        role="img"
        aria-label={`A digit by ${student.name}, rank ${student.rank}`}
        className="rounded border border-line"
        style={{ width: 48, height: 48, imageRendering: "pixelated" }}
      />
      <figcaption className="mt-0.5 max-w-[4rem] truncate text-[10px] text-muted">
        {student.rank}. {student.name}
      </figcaption>
    </figure>
  );
}

/**
 * Every student's latest samples at once, beside the target: during a round, submitted samples and
 * the live training thumbnails of those who have not submitted; afterwards, what was submitted.
 * Pointing at the picture (or a name in the list) shows whose samples are where.
 */
export function ClassPicture({ sessionId, running, grid }: { sessionId: string; running: boolean; grid: ReadonlyMap<string, LiveGridEntry> }) {
  const picture = api.live.classPicture.useQuery({ sessionId }, { refetchInterval: running ? CLASS_PICTURE_REFRESH_MS : false });
  const [highlighted, setHighlighted] = useState<string | null>(null);
  const data = picture.data;
  const layers = useMemo<Layer[]>(() => {
    if (!data) return [];
    const submitted = data.students.flatMap((s): Layer[] =>
      s.points ? [{ userId: s.userId, name: s.name, points: s.points, source: "submitted", rank: s.rank }] : [],
    );
    const done = new Set(submitted.map((l) => l.userId));
    const training = running
      ? [...grid.values()].flatMap((t): Layer[] =>
          t.thumbnail && t.thumbnailKind !== "curve" && !done.has(t.userId)
            ? [{ userId: t.userId, name: t.name, points: t.thumbnail, source: "training", rank: null }]
            : [],
        )
      : [];
    return [...submitted, ...training];
  }, [data, grid, running]);
  const view = data ? pointView(data.exerciseSlug) : null;
  const target = useMemo(() => (data ? targetSamples(data.exerciseSlug) : null), [data]);

  if (!data) return null;
  const digits = data.students.filter((s) => s.digit);
  const focus = layers.find((l) => l.userId === highlighted) ?? null;
  return (
    <section aria-labelledby="class-picture-heading" data-testid="class-picture">
      <h3 id="class-picture-heading" className="font-semibold">
        Class picture
      </h3>
      {layers.length > 0 && view ? (
        <>
          <p className="text-sm text-muted">
            {layers.filter((l) => l.source === "submitted").length} submitted, {layers.filter((l) => l.source === "training").length} still training: all their
            samples as one density. Point at it, or at a name, to see one student&apos;s samples in orange.
          </p>
          <div className="mt-2 flex flex-wrap items-start gap-4">
            <figure>
              <DensityCanvas
                layers={layers}
                view={view}
                highlight={focus?.points}
                label={`Density of ${layers.length} students' samples${focus ? `; ${focus.name}'s highlighted` : ""}`}
                onPick={(x, y) => setHighlighted(nearestLayer(layers, view, x, y)?.userId ?? null)}
              />
              <figcaption className="mt-1 text-sm" aria-live="polite" data-testid="class-picture-focus">
                {focus ? `${focus.name}: ${focus.source === "submitted" ? `submitted, rank ${focus.rank}` : "still training"}` : "The class"}
              </figcaption>
            </figure>
            {target && (
              <figure>
                <DensityCanvas layers={[{ points: target }]} view={view} label="The target distribution" />
                <figcaption className="mt-1 text-sm">The target</figcaption>
              </figure>
            )}
            <ol className="max-h-72 min-w-[12rem] overflow-y-auto rounded border border-line p-2 text-sm" aria-label="Students in the picture">
              {layers.map((l) => (
                <li key={l.userId}>
                  <button
                    type="button"
                    className={`w-full rounded px-1 text-left ${l.userId === highlighted ? "bg-orange-100 text-orange-900" : "hover:bg-slate-100"}`}
                    onMouseEnter={() => setHighlighted(l.userId)}
                    onFocus={() => setHighlighted(l.userId)}
                    aria-pressed={l.userId === highlighted}
                  >
                    {l.rank !== null ? `${l.rank}. ` : ""}
                    {l.name}
                    {l.source === "training" && <span className="text-xs text-muted"> (training)</span>}
                  </button>
                </li>
              ))}
            </ol>
          </div>
        </>
      ) : digits.length > 0 ? (
        <>
          <p className="text-sm text-muted">One digit from each student&apos;s latest submission, best by the metric first.</p>
          <div className="mt-2 flex flex-wrap gap-2" data-testid="class-picture-digits">
            {digits.map((s) => (
              <DigitCell key={s.userId} student={s} />
            ))}
          </div>
        </>
      ) : data.students.length > 0 ? (
        <p className="text-sm text-muted">The class picture draws 2-D samples and digits; this exercise&apos;s entries are neither (see its leaderboard).</p>
      ) : (
        <p className="text-sm text-muted">Nothing to show yet: samples appear here as students train and submit in the round.</p>
      )}
    </section>
  );
}
