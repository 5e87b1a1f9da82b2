"use client";
/** The ar-names page: bigram → MLP → causal transformer on first names; sampling and attention. */
import { useRef, useState } from "react";
import { Button } from "@/app/_components/Button";
import { Card } from "@/app/_components/Card";
import { api } from "@/app/_trpc/react";
import type { CharLmAttention } from "@/lib/ml/models/char-lm-float64";
import type { CharLmKind } from "@/lib/ml/models/char-lm-submission";
import type { CharLmTrainer as Trainer } from "@/lib/ml/train/char-lm-trainer";
import { type CharLmConfig, charLmConfigSchema, DEFAULT_CHAR_LM_CONFIG } from "@/lib/ml/configs/char-lm";
import { HyperparameterForm, TrainingPanel, type NumberField } from "@/app/_components/trainer/TrainingPanel";
import { useTrainer } from "@/app/_components/trainer/useTrainer";
import { type ExerciseInfo, SubmitPanel } from "@/app/_components/trainer/SubmitPanel";
import { AR_NAMES_DEFAULT_CONFIG } from "./spec";

const KIND_LABELS: Record<CharLmKind, string> = {
  bigram: "Bigram: a table of P(next | previous)",
  mlp: "MLP: embeddings of the last few characters",
  transformer: "Transformer: causal self-attention",
};
/** Every 10th training name is kept aside by the page to estimate bits per character honestly. */
const PAGE_VALIDATION_EVERY = 10;
const LN2 = Math.log(2);

const NUMBER_FIELDS: NumberField<CharLmConfig>[] = [
  { key: "learningRate", label: "Learning rate", min: 1e-5, max: 1, step: 5e-4 },
  { key: "batchSize", label: "Batch size", min: 1, max: 4096, step: 16 },
  { key: "seed", label: "Seed", min: 0, max: 2 ** 32 - 1, step: 1 },
];

type ArchitectureField = { key: string; label: string; min: number; max: number };
const ARCHITECTURE_FIELDS: Record<CharLmKind, ArchitectureField[]> = {
  bigram: [],
  mlp: [
    { key: "blockSize", label: "Context length", min: 1, max: 16 },
    { key: "embedding", label: "Embedding size", min: 1, max: 64 },
    { key: "hidden", label: "Hidden units", min: 1, max: 512 },
  ],
  transformer: [
    { key: "blockSize", label: "Context length", min: 1, max: 16 },
    { key: "embedding", label: "Embedding size", min: 1, max: 64 },
    { key: "heads", label: "Attention heads (divide the embedding)", min: 1, max: 8 },
    { key: "layers", label: "Layers", min: 1, max: 4 },
  ],
};

export function ArNamesTrainer(exercise: ExerciseInfo) {
  const utils = api.useUtils();
  const names = useRef<{ train: string[]; validation: string[] }>({ train: [], validation: [] });
  const [samples, setSamples] = useState<string[]>([]);
  const [temperature, setTemperature] = useState(1);
  const [topK, setTopK] = useState(28);
  const [attentionName, setAttentionName] = useState("emma");
  const [attention, setAttention] = useState<CharLmAttention | null>(null);
  const [layer, setLayer] = useState(0);
  const [head, setHead] = useState(0);

  const state = useTrainer<CharLmConfig, Trainer, { loss: number }>({
    courseId: exercise.courseId,
    exerciseSlug: exercise.exerciseSlug,
    engine: "tfjs",
    defaultConfig: AR_NAMES_DEFAULT_CONFIG,
    configSchema: charLmConfigSchema,
    defaultBudget: AR_NAMES_DEFAULT_CONFIG.steps,
    visualEvery: 60,
    prepare: async (progress) => {
      progress(0.2, "Loading the names…");
      const training = await utils.exercise.trainingData.fetch({ courseId: exercise.courseId, exerciseSlug: exercise.exerciseSlug });
      if (training?.kind !== "symbols") throw new Error("the training names did not arrive");
      // The sequence is ". name . name . … ." over the alphabet's symbols.
      const all = training.sequence
        .map((i) => training.symbols[i])
        .join("")
        .split(".")
        .filter(Boolean);
      names.current = {
        train: all.filter((_, i) => i % PAGE_VALIDATION_EVERY !== 0),
        validation: all.filter((_, i) => i % PAGE_VALIDATION_EVERY === 0),
      };
      progress(1, `${all.length.toLocaleString()} names`);
    },
    create: async (config) => {
      const { CharLmTrainer } = await import("@/lib/ml/train/char-lm-trainer");
      return new CharLmTrainer(config, names.current.train);
    },
    onVisual: async (t) => setSamples(await t.sample(12, { temperature, topK, seed: 3 })),
  });

  const kind = state.config.architecture.kind;
  const chooseKind = (next: CharLmKind) => {
    state.updateConfig(DEFAULT_CHAR_LM_CONFIG[next]);
    state.setBudget(DEFAULT_CHAR_LM_CONFIG[next].steps);
    setAttention(null);
  };
  const setArchitecture = (key: string, value: number) =>
    state.updateConfig({ architecture: { ...state.config.architecture, [key]: value } as CharLmConfig["architecture"] });

  const showAttention = async () => {
    const t = state.trainer.current;
    if (!t || kind !== "transformer") return;
    const result = await t.attention(attentionName.toLowerCase().replace(/[^a-z-]/g, ""));
    setAttention(result);
    setLayer((l) => Math.min(l, result.weights.length - 1));
    setHead((h) => Math.min(h, result.weights[0].length - 1));
  };

  const trainedKind = state.trainer.current?.config.architecture.kind;
  const matrix = attention?.weights[layer]?.[head];
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_340px]">
      <div className="space-y-6">
        <TrainingPanel
          state={state}
          losses={[{ key: "loss", label: "Loss (nats/char)", stroke: "#6366f1" }]}
          lossHelp={`Cross-entropy of the next character in nats; divide by ln 2 for bits (uniform over 28 symbols: log₂ 28 ≈ 4.81 bits).`}
        />
        <Card className="p-4">
          <h2 className="font-semibold">Samples</h2>
          <div className="mt-2 flex flex-wrap items-end gap-4 text-sm">
            <label>
              <span className="block">Temperature {temperature.toFixed(2)}</span>
              <input type="range" min={0.1} max={2} step={0.05} value={temperature} onChange={(e) => setTemperature(Number(e.target.value))} />
            </label>
            <label>
              <span className="block">Top-k</span>
              <input
                type="number"
                min={1}
                max={28}
                value={topK}
                className="w-20 rounded-md border border-line px-2 py-1"
                onChange={(e) => setTopK(Math.min(28, Math.max(1, Math.floor(Number(e.target.value) || 1))))}
              />
            </label>
            <Button
              variant="secondary"
              disabled={!state.ready || state.running}
              onClick={async () => setSamples((await state.trainer.current?.sample(20, { temperature, topK, seed: Date.now() % 100000 })) ?? [])}
              data-testid="sample-names"
            >
              Sample 20 names
            </Button>
          </div>
          <p className="mt-3 font-mono text-sm" aria-live="polite" data-testid="name-samples">
            {samples.length ? samples.join(", ") : "Samples appear here while the model trains."}
          </p>
        </Card>
        {trainedKind === "transformer" && (
          <Card className="p-4">
            <h2 className="font-semibold">Attention</h2>
            <div className="mt-2 flex flex-wrap items-end gap-3 text-sm">
              <label>
                <span className="block">Name</span>
                <input
                  value={attentionName}
                  maxLength={15}
                  className="w-32 rounded-md border border-line px-2 py-1"
                  onChange={(e) => setAttentionName(e.target.value)}
                />
              </label>
              <Button variant="secondary" disabled={!state.ready || state.running} onClick={() => void showAttention()}>
                Show attention
              </Button>
              {attention && (
                <>
                  <label>
                    <span className="block">Layer</span>
                    <select value={layer} onChange={(e) => setLayer(Number(e.target.value))} className="rounded-md border border-line bg-white px-2 py-1">
                      {attention.weights.map((_, i) => (
                        <option key={i} value={i}>
                          {i + 1}
                        </option>
                      ))}
                    </select>
                  </label>
                  <label>
                    <span className="block">Head</span>
                    <select value={head} onChange={(e) => setHead(Number(e.target.value))} className="rounded-md border border-line bg-white px-2 py-1">
                      {attention.weights[layer].map((_, i) => (
                        <option key={i} value={i}>
                          {i + 1}
                        </option>
                      ))}
                    </select>
                  </label>
                </>
              )}
            </div>
            {attention && matrix && (
              <table
                className="mt-3 border-collapse font-mono text-xs"
                aria-label={`Attention of layer ${layer + 1}, head ${head + 1}: rows are the position predicting the next character, columns the positions it looks at`}
              >
                <thead>
                  <tr>
                    <th className="p-1" scope="col">
                      <span className="sr-only">position, looks at</span>
                    </th>
                    {attention.tokens.map((t, j) => (
                      <th key={j} scope="col" className="w-7 p-1 text-center">
                        {t}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {matrix.map((row, i) => (
                    <tr key={i}>
                      <th scope="row" className="p-1 pr-2 text-right">
                        {attention.tokens[i]}
                      </th>
                      {row.map((w, j) => (
                        <td
                          key={j}
                          className="h-7 w-7 border border-white text-center"
                          style={{ background: `rgba(99, 102, 241, ${w.toFixed(3)})`, color: w > 0.55 ? "#fff" : "var(--color-slate-700)" }}
                          title={`${attention.tokens[i]} → ${attention.tokens[j]}: ${w.toFixed(3)}`}
                        >
                          {j <= i ? Math.round(w * 100) : ""}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <p className="mt-2 text-xs text-muted">
              Percent of each row&apos;s attention; the upper triangle is empty because the mask lets a position see only itself and earlier characters.
            </p>
          </Card>
        )}
        <SubmitPanel
          {...exercise}
          label="Submit the model"
          description="The architecture and weights are sent as JSON; the server computes bits per character on names it has kept hidden and shows 20 samples on the leaderboard."
          canSubmit={state.ready}
          build={async () => {
            const t = state.trainer.current;
            if (!t) throw new Error("The model is not ready.");
            return { body: await t.exportWeights(), config: t.config };
          }}
          estimate={async (): Promise<Record<string, number>> => {
            const t = state.trainer.current;
            return t ? { bitsPerChar: await t.validationBitsPerChar(names.current.validation) } : {};
          }}
        />
      </div>
      <div className="space-y-6">
        <Card className="p-4">
          <h2 className="font-semibold">Model</h2>
          <label className="mt-3 block text-sm">
            <span>Kind</span>
            <select
              className="mt-1 w-full rounded-md border border-line bg-white px-2 py-1"
              value={kind}
              disabled={state.running}
              onChange={(e) => chooseKind(e.target.value as CharLmKind)}
              data-testid="model-kind"
            >
              {(Object.keys(KIND_LABELS) as CharLmKind[]).map((k) => (
                <option key={k} value={k}>
                  {KIND_LABELS[k]}
                </option>
              ))}
            </select>
          </label>
          {ARCHITECTURE_FIELDS[kind].map((f) => (
            <label key={f.key} className="mt-3 block text-sm">
              <span>{f.label}</span>
              <input
                type="number"
                className="mt-1 w-full rounded-md border border-line px-2 py-1"
                min={f.min}
                max={f.max}
                value={String((state.config.architecture as Record<string, unknown>)[f.key])}
                disabled={state.running}
                onChange={(e) => {
                  const v = Math.floor(Number(e.target.value));
                  if (Number.isFinite(v)) setArchitecture(f.key, v);
                }}
              />
            </label>
          ))}
        </Card>
        <HyperparameterForm<CharLmConfig> state={state} numbers={NUMBER_FIELDS} />
        <p className="text-xs text-muted">
          Loss in bits: {Number.isFinite(state.stats.losses.loss ?? NaN) ? ((state.stats.losses.loss as number) / LN2).toFixed(3) : "–"} per character.
        </p>
      </div>
    </div>
  );
}
