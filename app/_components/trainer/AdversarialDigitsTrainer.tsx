"use client";
/**
 * The adversarial-digits page: FGSM or PGD against the evaluator CNN (its weights read from the
 * same ONNX file the server scores with), on the first 200 validation digits, within ε = 0.1.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type * as Tf from "@tensorflow/tfjs";
import { Button } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { loadDigitSplit } from "@/app/_lib/digits";
import { errorMessage } from "@/app/_lib/errors";
import type { EvaluatorWeights } from "@/lib/ml/evaluator/digit-cnn";
import { DigitGrid, type DigitGridHandle } from "./deep/DigitGrid";
import { type ExerciseInfo, SubmitPanel } from "./SubmitPanel";

/** Mirrors lib/exercises/adversarial-digits.ts (pages may not import the registry). */
const COUNT = 200;
const EPSILON = 0.1;
const MAX_LEVELS = 25;
const SHOWN = 10;

type Method = "fgsm" | "pgd";
interface Loaded {
  tf: typeof Tf;
  forward: typeof import("@/lib/ml/evaluator/digit-cnn").evaluatorForward;
  weights: EvaluatorWeights<Tf.Tensor>;
  originals: Uint8Array;
  labels: Uint8Array;
}
interface Result {
  perturbed: Uint8Array;
  predictedBefore: Int32Array;
  predictedAfter: Int32Array;
  fooled: number;
  meanPerturbation: number;
}

export function AdversarialDigitsTrainer(exercise: ExerciseInfo) {
  const loaded = useRef<Loaded | null>(null);
  const originalsGrid = useRef<DigitGridHandle>(null);
  const perturbedGrid = useRef<DigitGridHandle>(null);
  const differenceGrid = useRef<DigitGridHandle>(null);
  const [status, setStatus] = useState<"loading" | "ready" | "attacking" | "failed">("loading");
  const [failure, setFailure] = useState<string | null>(null);
  const [backend, setBackend] = useState("");
  const [method, setMethod] = useState<Method>("pgd");
  const [epsilon, setEpsilon] = useState(EPSILON);
  const [steps, setSteps] = useState(10);
  const [stepSize, setStepSize] = useState(0.02);
  const [progress, setProgress] = useState(0);
  const [result, setResult] = useState<Result | null>(null);

  const predict = useCallback((pixels: Uint8Array): Int32Array => {
    const { tf, forward, weights } = loaded.current!;
    return tf.tidy(() => {
      const x = tf.div(tf.tensor2d(pixels, [COUNT, 784], "float32"), 255) as Tf.Tensor2D;
      return forward(weights, x).logits.argMax(1).dataSync() as Int32Array;
    });
  }, []);

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      try {
        const [tf, { activateBackend }, { readEvaluatorWeights }, { evaluatorTensors, evaluatorForward }, modelResponse, validation] = await Promise.all([
          import("@tensorflow/tfjs"),
          import("@/lib/ml/backend"),
          import("@/lib/ml/evaluator/onnx"),
          import("@/lib/ml/evaluator/digit-cnn"),
          fetch("/models/digit-evaluator.onnx"),
          loadDigitSplit("validation"),
        ]);
        if (!modelResponse.ok) throw new Error(`the evaluator model could not be downloaded (HTTP ${modelResponse.status})`);
        const active = await activateBackend();
        const weights = evaluatorTensors(readEvaluatorWeights(new Uint8Array(await modelResponse.arrayBuffer())));
        if (cancelled) return void tf.dispose(Object.values(weights));
        loaded.current = { tf, forward: evaluatorForward, weights, originals: validation.images.slice(0, COUNT * 784), labels: validation.labels.slice(0, COUNT) };
        setBackend(active);
        originalsGrid.current?.draw(loaded.current.originals, SHOWN, loaded.current.labels);
        setStatus("ready");
      } catch (error) {
        setFailure(`The attack could not be prepared: ${errorMessage(error)}`);
        setStatus("failed");
      }
    })();
    return () => {
      cancelled = true;
      if (loaded.current) loaded.current.tf.dispose(Object.values(loaded.current.weights));
      loaded.current = null;
    };
  }, []);

  const attack = async () => {
    const l = loaded.current;
    if (!l) return;
    setStatus("attacking");
    setProgress(0);
    try {
      const [{ attackDigits, quantizeWithinBudget }, { digitsToFloat }] = await Promise.all([import("@/lib/ml/attacks/gradient-attacks"), import("@/lib/ml/datasets/digits")]);
      const perturbedFloats = await attackDigits(l.weights, digitsToFloat(l.originals), l.labels, {
        method,
        epsilon,
        steps,
        stepSize,
        onStep: async (done, total) => {
          setProgress(done / total);
          await l.tf.nextFrame();
        },
      });
      const perturbed = quantizeWithinBudget(perturbedFloats, l.originals, Math.floor(epsilon * 255 + 1e-9));
      const predictedBefore = predict(l.originals);
      const predictedAfter = predict(perturbed);
      let fooled = 0;
      let change = 0;
      for (let i = 0; i < COUNT; i++) if (predictedAfter[i] !== l.labels[i]) fooled++;
      const difference = new Uint8Array(SHOWN * 784);
      for (let i = 0; i < perturbed.length; i++) {
        const d = Math.abs(perturbed[i] - l.originals[i]);
        change += d / 255;
        if (i < difference.length) difference[i] = Math.min(255, d * 10); // ×10 so the pattern is visible
      }
      perturbedGrid.current?.draw(perturbed, SHOWN, predictedAfter);
      differenceGrid.current?.draw(difference, SHOWN);
      setResult({ perturbed, predictedBefore, predictedAfter, fooled: fooled / COUNT, meanPerturbation: change / perturbed.length });
      setStatus("ready");
    } catch (error) {
      setFailure(`The attack failed: ${errorMessage(error)}`);
      setStatus("failed");
    }
  };

  const busy = status !== "ready";
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_340px]">
      <div className="space-y-6">
        <Card className="p-4">
          <div className="flex flex-wrap items-center justify-between gap-3">
            <Button onClick={() => void attack()} disabled={busy} data-testid="run-attack">
              {status === "attacking" ? "Attacking…" : `Attack ${COUNT} digits`}
            </Button>
            <span className="text-sm text-muted">Backend: {backend || "…"}</span>
          </div>
          {status === "loading" && <p className="mt-3 text-sm text-muted" role="status">Loading the evaluator and the digits…</p>}
          {status === "attacking" && <progress className="mt-3 h-2 w-full accent-brand-600" value={progress} max={1} aria-label="Attack progress" />}
          {failure && (
            <p role="alert" className="mt-3 text-sm text-red-700">
              {failure}
            </p>
          )}
          <p className="mt-3 text-sm" aria-live="polite" data-testid="attack-result">
            {result
              ? `The evaluator now misreads ${Math.round(result.fooled * COUNT)} of ${COUNT} digits (${(result.fooled * 100).toFixed(1)}%); mean change per pixel ${result.meanPerturbation.toFixed(4)}.`
              : "Run an attack to see how many digits the evaluator misreads."}
          </p>
        </Card>
        <Card className="space-y-3 p-4">
          <h2 className="font-semibold">The first {SHOWN} digits</h2>
          <figure>
            <figcaption className="text-xs text-muted">Originals (true labels {loaded.current ? Array.from(loaded.current.labels.subarray(0, SHOWN)).join(" ") : "…"})</figcaption>
            <DigitGrid ref={originalsGrid} columns={SHOWN} rows={1} label="Original validation digits" />
          </figure>
          <figure>
            <figcaption className="text-xs text-muted">
              Perturbed{result ? ` — read as ${Array.from(result.predictedAfter.subarray(0, SHOWN)).join(" ")}` : ""}
            </figcaption>
            <DigitGrid ref={perturbedGrid} columns={SHOWN} rows={1} label="Perturbed digits" />
          </figure>
          <figure>
            <figcaption className="text-xs text-muted">|perturbation| × 10</figcaption>
            <DigitGrid ref={differenceGrid} columns={SHOWN} rows={1} label="Size of the perturbation of each pixel, magnified ten times" />
          </figure>
        </Card>
        <SubmitPanel
          {...exercise}
          label={`Submit ${COUNT} perturbed digits`}
          description={`The server checks that no pixel moved by more than ${MAX_LEVELS} of 255 grey levels (ε = ${EPSILON}) and counts the digits its evaluator misreads.`}
          canSubmit={!!result && !busy}
          build={async () => {
            if (!result) throw new Error("Run an attack first.");
            const { bytesToBase64 } = await import("@/lib/ml/datasets/digits");
            return {
              body: { images: { dtype: "uint8", shape: [COUNT, 28, 28], data: bytesToBase64(result.perturbed) } },
              config: { method, epsilon, steps: method === "fgsm" ? 1 : steps, stepSize: method === "fgsm" ? epsilon : stepSize },
            };
          }}
          estimate={(): Record<string, number> => (result ? { fooledFraction: result.fooled, meanPerturbation: result.meanPerturbation } : {})}
        />
      </div>
      <Card className="h-fit p-4">
        <h2 className="font-semibold">Attack</h2>
        <form className="mt-3 space-y-3" onSubmit={(e) => e.preventDefault()}>
          <label className="block text-sm">
            <span>Method</span>
            <select className="mt-1 w-full rounded-md border border-line bg-white px-2 py-1" value={method} onChange={(e) => setMethod(e.target.value as Method)} disabled={busy}>
              <option value="fgsm">FGSM: one step of size ε along sign(∇ₓL)</option>
              <option value="pgd">PGD: repeated small steps, projected into the ε-ball</option>
            </select>
          </label>
          <label className="block text-sm">
            <span>ε (at most {EPSILON})</span>
            <input type="number" className="mt-1 w-full rounded-md border border-line px-2 py-1" value={epsilon} min={0} max={EPSILON} step={0.01} disabled={busy} onChange={(e) => setEpsilon(Math.min(EPSILON, Math.max(0, Number(e.target.value) || 0)))} />
          </label>
          {method === "pgd" && (
            <>
              <label className="block text-sm">
                <span>Steps</span>
                <input type="number" className="mt-1 w-full rounded-md border border-line px-2 py-1" value={steps} min={1} max={200} step={1} disabled={busy} onChange={(e) => setSteps(Math.min(200, Math.max(1, Math.floor(Number(e.target.value) || 1))))} />
              </label>
              <label className="block text-sm">
                <span>Step size α</span>
                <input type="number" className="mt-1 w-full rounded-md border border-line px-2 py-1" value={stepSize} min={0.001} max={1} step={0.005} disabled={busy} onChange={(e) => setStepSize(Math.min(1, Math.max(0.001, Number(e.target.value) || 0.001)))} />
              </label>
            </>
          )}
        </form>
      </Card>
    </div>
  );
}
