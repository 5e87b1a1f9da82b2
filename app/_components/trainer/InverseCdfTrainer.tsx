"use client";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { ksStatistic } from "@/lib/ml/sampling/ks";
import { laplaceCdf } from "@/lib/ml/sampling/laplace";
import { type ExerciseInfo, SubmitPanel } from "./SubmitPanel";

/** Mirrors lib/exercises/inverse-cdf.ts (pages may not import exercise files at run time). */
const SAMPLE_COUNT = 5000;
const TIME_LIMIT_MS = 2000;
const WIDTH = 520;
const HEIGHT = 200;
const RANGE: [number, number] = [-6, 6];
const BINS = 48;

const STARTER = `// Return one draw from Laplace(0, 1) using only uniform(), which returns a number in (0, 1).
// Hint: invert the CDF F(x) = ½·e^x for x < 0 and 1 − ½·e^(−x) for x ≥ 0.
const u = uniform();
return u; // replace me`;

const SOLUTION = `// Worked solution: the inverse CDF of Laplace(0, 1).
const u = uniform() - 0.5;
return -Math.sign(u) * Math.log(1 - 2 * Math.abs(u));`;

/**
 * Runs the student's code in a Web Worker made from a Blob: it cannot touch the page, gets a seeded
 * uniform() (Math.random is replaced by it, so runs repeat), and is terminated after the time limit.
 */
function runInSandbox(code: string, count: number, seed: number): Promise<Float64Array> {
  const source = `
    let state = ${seed >>> 0};
    const uniform = () => { // mulberry32, open interval (0, 1)
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967297;
    };
    Math.random = uniform;
    self.fetch = undefined; self.XMLHttpRequest = undefined; self.importScripts = undefined; self.WebSocket = undefined;
    onmessage = () => {
      try {
        const sample = new Function("uniform", ${JSON.stringify(code)});
        const out = new Float64Array(${count});
        for (let i = 0; i < ${count}; i++) {
          const x = sample(uniform);
          if (typeof x !== "number" || !Number.isFinite(x)) throw new Error("draw " + (i + 1) + " returned " + String(x) + ", not a finite number");
          out[i] = x;
        }
        postMessage({ ok: true, samples: out }, [out.buffer]);
      } catch (error) {
        postMessage({ ok: false, error: String(error && error.message || error) });
      }
    };`;
  const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  const worker = new Worker(url);
  return new Promise<Float64Array>((resolve, reject) => {
    const timer = setTimeout(() => {
      worker.terminate();
      reject(new Error(`Your code ran longer than ${TIME_LIMIT_MS / 1000} s for ${count} draws and was stopped (an endless loop?).`));
    }, TIME_LIMIT_MS);
    worker.onmessage = (event: MessageEvent<{ ok: true; samples: Float64Array } | { ok: false; error: string }>) => {
      clearTimeout(timer);
      worker.terminate();
      if (event.data.ok) resolve(event.data.samples);
      else reject(new Error(event.data.error));
    };
    worker.onerror = (event) => {
      clearTimeout(timer);
      worker.terminate();
      reject(new Error(event.message || "Your code has a syntax error."));
    };
    worker.postMessage(null);
  }).finally(() => URL.revokeObjectURL(url));
}

function drawHistogram(canvas: HTMLCanvasElement | null, samples: Float64Array | null) {
  const ctx = canvas?.getContext("2d");
  if (!ctx) return;
  ctx.clearRect(0, 0, WIDTH, HEIGHT);
  const width = (RANGE[1] - RANGE[0]) / BINS;
  const px = (x: number) => ((x - RANGE[0]) / (RANGE[1] - RANGE[0])) * WIDTH;
  const top = 0.6;
  const py = (y: number) => HEIGHT - 18 - (Math.min(y, top) / top) * (HEIGHT - 28);
  if (samples) {
    const counts = new Array<number>(BINS).fill(0);
    for (const x of samples) if (x >= RANGE[0] && x < RANGE[1]) counts[Math.floor((x - RANGE[0]) / width)]++;
    ctx.fillStyle = "rgba(234, 88, 12, 0.45)";
    counts.forEach((c, i) => {
      const d = c / (samples.length * width);
      ctx.fillRect(px(RANGE[0] + i * width) + 1, py(d), px(RANGE[0] + width) - px(RANGE[0]) - 2, py(0) - py(d));
    });
  }
  ctx.strokeStyle = "#4f46e5";
  ctx.lineWidth = 2;
  ctx.beginPath();
  for (let i = 0; i <= 200; i++) {
    const x = RANGE[0] + ((RANGE[1] - RANGE[0]) * i) / 200;
    const y = 0.5 * Math.exp(-Math.abs(x));
    if (i === 0) ctx.moveTo(px(x), py(y));
    else ctx.lineTo(px(x), py(y));
  }
  ctx.stroke();
  ctx.fillStyle = "#475569";
  ctx.font = "11px sans-serif";
  for (let x = RANGE[0]; x <= RANGE[1]; x += 2) ctx.fillText(String(x), px(x) - 4, HEIGHT - 4);
}

/** inverse-cdf: write a Laplace(0, 1) sampler from uniforms in an editor; it runs sandboxed in a worker. */
export function InverseCdfTrainer(exercise: ExerciseInfo) {
  const [code, setCode] = useState(STARTER);
  const [seed, setSeed] = useState(1);
  const [samples, setSamples] = useState<Float64Array | null>(null);
  const [status, setStatus] = useState<{ kind: "idle" | "running" | "ok" | "error"; text: string }>({ kind: "idle", text: "Write your sampler and press Run." });
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => drawHistogram(canvas.current, samples), [samples]);

  const run = async (source: string) => {
    setStatus({ kind: "running", text: `Drawing ${SAMPLE_COUNT.toLocaleString()} samples…` });
    try {
      const drawn = await runInSandbox(source, SAMPLE_COUNT, seed);
      setSamples(drawn);
      setStatus({ kind: "ok", text: `KS statistic against the exact Laplace CDF: ${ksStatistic(drawn, (x) => laplaceCdf(x)).toFixed(4)} (smaller is better; about 0.01–0.02 for a correct sampler with 5,000 draws).` });
    } catch (error) {
      setSamples(null);
      setStatus({ kind: "error", text: error instanceof Error ? error.message : String(error) });
    }
  };

  return (
    <div className="space-y-6">
      <Card className="p-4">
        <label htmlFor="sampler-code" className="font-semibold">
          Your sampler: the body of <code>function sample(uniform)</code>
        </label>
        <textarea
          id="sampler-code"
          className="mt-2 h-44 w-full rounded-md border border-line p-2 font-mono text-sm"
          spellCheck={false}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          onKeyDown={(e) => {
            // Tab indents (Escape then Tab leaves the editor, as usual for code editors).
            if (e.key === "Tab" && !e.shiftKey) {
              e.preventDefault();
              const el = e.currentTarget;
              const { selectionStart, selectionEnd } = el;
              setCode(code.slice(0, selectionStart) + "  " + code.slice(selectionEnd));
              requestAnimationFrame(() => el.setSelectionRange(selectionStart + 2, selectionStart + 2));
            }
          }}
        />
        <div className="mt-3 flex flex-wrap items-end gap-3">
          <Button onClick={() => void run(code)} disabled={status.kind === "running"}>
            Run
          </Button>
          <Button
            variant="secondary"
            data-testid="run-default"
            disabled={status.kind === "running"}
            onClick={() => {
              setCode(SOLUTION);
              void run(SOLUTION);
            }}
          >
            Show and run the worked solution
          </Button>
          <label className="text-sm">
            Seed{" "}
            <input type="number" className="ml-1 w-28 rounded-md border border-line px-2 py-1" value={seed} min={0} onChange={(e) => setSeed(Math.max(0, Math.floor(Number(e.target.value) || 0)))} />
          </label>
        </div>
        <p className={`mt-3 text-sm ${status.kind === "error" ? "text-red-700" : ""}`} role={status.kind === "error" ? "alert" : undefined} aria-live="polite">
          {status.text}
        </p>
        <p className="mt-1 text-xs text-muted">Your code runs in a separate, sandboxed worker with no access to this page, for at most {TIME_LIMIT_MS / 1000} s.</p>
      </Card>
      <Card className="p-4">
        <h2 className="mb-2 font-semibold">Your samples against the Laplace density</h2>
        <div className="overflow-x-auto">
          <canvas ref={canvas} width={WIDTH} height={HEIGHT} className="w-full max-w-[520px]" role="img" aria-label="Histogram of your samples (orange) against the Laplace(0, 1) density ½·e^(−|x|) (purple line)" />
        </div>
      </Card>
      <SubmitPanel
        {...exercise}
        label="Submit 5,000 samples"
        description="The server measures the Kolmogorov–Smirnov distance to the exact Laplace(0, 1)."
        canSubmit={samples !== null && status.kind === "ok"}
        build={async () => {
          if (!samples) throw new Error("Run your sampler first.");
          return { body: { samples: Array.from(samples) }, config: { seed } };
        }}
      />
    </div>
  );
}
