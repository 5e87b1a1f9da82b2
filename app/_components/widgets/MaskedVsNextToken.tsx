"use client";
import { type KeyboardEvent, useId, useMemo, useState } from "react";
import { Button } from "@/app/_components/Button";
import { api } from "@/app/_trpc/react";
import { MAX_NAME_LENGTH, NAME_ALPHABET } from "@/lib/ml/datasets/names";
import { fitCharNgram, maskedDistribution, nextTokenDistribution, rankOf, topPredictions } from "@/lib/ml/models/char-ngram";

/*
 * Masked-language-model vs next-token prediction on real first names: a counted character bigram or
 * trigram of the ar-names exercise's training names (public teaching data, dataset.names) predicts one hidden character of a name twice — from both sides, as
 * BERT does, P(c | both sides) ∝ the n-gram factors that contain c; and from the left only, as GPT
 * does, P(c | the characters before) (lib/ml/models/char-ngram.ts). Top-5 bars for each; the
 * student hides another character (buttons; arrow keys move between them) or types a name.
 */

const ALPHA = 0.1;
const DEFAULT_NAME = "thomas";
const DEFAULT_POSITION = 1;
const TOP = 5;
const ORDERS = [
  { order: 3, label: "Two characters (trigram)" },
  { order: 2, label: "One character (bigram)" },
] as const;

const pct = (p: number) => `${(100 * p).toFixed(1)}%`;
function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  return `${n}${teen ? "th" : (({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th")}`;
}

/** The n-gram factors each view multiplies, in words: "P(c | . t)" and "P(c | . t) · P(o | t c) · P(m | c o)". */
function factors(name: string, position: number, order: number): { masked: string; next: string } {
  const padded = [...".".repeat(order - 1), ...name, "."];
  const i = position + order - 1;
  const shown = (t: number) => (t === i ? "c" : padded[t]);
  const factor = (t: number) => `P(${shown(t)} | ${Array.from({ length: order - 1 }, (_, k) => shown(t - order + 1 + k)).join(" ")})`;
  const last = Math.min(i + order - 1, padded.length - 1);
  return { next: factor(i), masked: Array.from({ length: last - i + 1 }, (_, k) => factor(i + k)).join(" · ") };
}

function Bars({ title, entries, truth, testId }: { title: string; entries: { char: string; p: number }[]; truth: string; testId: string }) {
  return (
    <ol className="!my-2 !space-y-1 !pl-0 list-none" aria-label={title} data-testid={testId}>
      {entries.map((e, k) => (
        <li key={e.char} className="flex items-center gap-2 text-sm" data-char={e.char}>
          <span className="w-4 text-xs text-muted tabular-nums">{k + 1}.</span>
          <span className={`w-5 text-center font-mono ${e.char === truth ? "font-bold text-green-700" : ""}`}>{e.char}</span>
          <span className="h-3 flex-1 rounded-sm bg-slate-100" aria-hidden="true">
            <span className={`block h-3 rounded-sm ${e.char === truth ? "bg-green-600" : "bg-brand-600"}`} style={{ width: `${Math.max(1, 100 * e.p)}%` }} />
          </span>
          <span className="w-12 text-right tabular-nums">{pct(e.p)}</span>
          {e.char === truth && <span className="sr-only">(the hidden character)</span>}
        </li>
      ))}
    </ol>
  );
}

export function MaskedVsNextToken() {
  const id = useId();
  const training = api.dataset.names.useQuery(undefined, { staleTime: Infinity });
  const names = training.data ?? null;
  const [order, setOrder] = useState<number>(ORDERS[0].order);
  const model = useMemo(() => (names ? fitCharNgram(names, order, ALPHA) : null), [names, order]);
  const [typed, setTyped] = useState(DEFAULT_NAME);
  const [position, setPosition] = useState(DEFAULT_POSITION);

  const name = typed.trim().toLowerCase();
  const chars = [...name];
  const at = Math.min(position, chars.length - 1);
  let problem: string | null = null;
  let result: { masked: Float64Array; next: Float64Array } | null = null;
  if (chars.length === 0) problem = "Type a name to hide one of its characters.";
  else if (!/^[a-z-]+$/.test(name)) problem = "Names here use only the letters a–z and the hyphen.";
  else if (model) result = { masked: maskedDistribution(model, name, at), next: nextTokenDistribution(model, name, at) };

  const truth = chars[at] ?? "";
  const words = result ? factors(name, at, order) : null;
  const summary = result
    ? `The hidden character is “${truth}”. From both sides it ranks ${ordinal(rankOf(result.masked, truth))} (${pct(result.masked[NAME_ALPHABET.indexOf(truth)])}); from the left only it ranks ${ordinal(rankOf(result.next, truth))} (${pct(result.next[NAME_ALPHABET.indexOf(truth)])}).`
    : "";

  const randomName = () => {
    if (!names) return;
    const pool = names.filter((n) => n.length >= 4);
    const pick = pool[Math.floor(Math.random() * pool.length)];
    setTyped(pick);
    setPosition(Math.floor(pick.length / 2));
  };
  const move = (e: KeyboardEvent<HTMLButtonElement>, k: number) => {
    const next = { ArrowRight: k + 1, ArrowLeft: k - 1, Home: 0, End: chars.length - 1 }[e.key];
    if (next === undefined || next < 0 || next >= chars.length) return;
    e.preventDefault();
    setPosition(next);
    e.currentTarget.parentElement?.querySelector<HTMLButtonElement>(`[data-position="${next}"]`)?.focus();
  };

  return (
    <figure className="my-6 rounded-xl border border-line bg-white p-4 shadow-sm" aria-labelledby={`${id}-title`} data-testid="mlm-vs-next">
      <figcaption id={`${id}-title`} className="text-base font-semibold text-ink">
        Try it: guess a hidden character from both sides, or from the left only
      </figcaption>
      <p className="!mt-1 !mb-3 text-sm text-muted">
        A count model of character pairs or triples, fitted to the {names ? `${names.length.toLocaleString("en-GB")} ` : ""}training names of the first-names
        exercise, predicts one hidden character. The masked language model (as in BERT) sees the characters on both sides; next-token prediction (as in GPT)
        sees only those before it.
      </p>

      {training.isPending && (
        <p role="status" className="text-sm text-muted">
          Loading the names…
        </p>
      )}
      {training.error && (
        <p role="alert" className="text-sm text-red-700">
          The names could not be loaded: {training.error.message}
        </p>
      )}

      <div className="flex flex-wrap items-end gap-3 text-sm">
        <label className="block">
          <span className="block font-medium text-ink">Name</span>
          <input
            type="text"
            value={typed}
            maxLength={MAX_NAME_LENGTH}
            onChange={(e) => setTyped(e.target.value)}
            className="mt-1 w-40 rounded-md border border-line bg-white px-2 py-1 text-base"
            autoComplete="off"
            spellCheck={false}
            aria-invalid={problem !== null || undefined}
            aria-describedby={problem ? `${id}-problem` : undefined}
            data-testid="mlm-name"
          />
        </label>
        <Button size="sm" variant="secondary" disabled={!names} onClick={randomName}>
          A random training name
        </Button>
        <label className="block">
          <span className="block font-medium text-ink">Context</span>
          <select
            className="mt-1 rounded-md border border-line bg-white px-2 py-1"
            value={order}
            onChange={(e) => setOrder(Number(e.target.value))}
            data-testid="mlm-order"
          >
            {ORDERS.map((o) => (
              <option key={o.order} value={o.order}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
      </div>

      {chars.length > 0 && (
        <div className="mt-3">
          <p id={`${id}-positions`} className="!my-1 text-sm text-ink">
            Character to hide (arrow keys move):
          </p>
          <div className="flex flex-wrap gap-1" role="group" aria-labelledby={`${id}-positions`}>
            {chars.map((c, k) => (
              <button
                key={k}
                type="button"
                data-position={k}
                tabIndex={k === at ? 0 : -1}
                aria-pressed={k === at}
                aria-label={`Character ${k + 1}: ${k === at ? "hidden" : c}`}
                onClick={() => setPosition(k)}
                onKeyDown={(e) => move(e, k)}
                className={`size-9 rounded-md border font-mono text-base ${k === at ? "border-brand-600 bg-brand-50 font-bold text-brand-700" : "border-line bg-white text-ink hover:bg-slate-50"}`}
              >
                {k === at ? "_" : c}
              </button>
            ))}
          </div>
        </div>
      )}
      {problem && (
        <p id={`${id}-problem`} className="!my-2 text-sm text-red-700" data-testid="mlm-problem">
          {problem}
        </p>
      )}

      {result && words && (
        <div className="mt-3 grid gap-4 sm:grid-cols-2">
          <section>
            <h3 className="!mt-0 !mb-1 text-sm font-semibold text-ink">Masked language model: both sides</h3>
            <p className="!my-0 font-mono text-sm">{chars.map((c, k) => (k === at ? "_" : c)).join(" ")}</p>
            <p className="!my-1 text-xs text-muted">∝ {words.masked}</p>
            <Bars title="Most probable characters from both sides" entries={topPredictions(result.masked, TOP)} truth={truth} testId="mlm-top" />
          </section>
          <section>
            <h3 className="!mt-0 !mb-1 text-sm font-semibold text-ink">Next-token prediction: left only</h3>
            <p className="!my-0 font-mono text-sm">
              {chars.slice(0, at).join(" ")} _{" "}
              <span className="text-slate-400" aria-hidden="true">
                {chars
                  .slice(at + 1)
                  .map(() => "·")
                  .join(" ")}
              </span>
              {at + 1 < chars.length && <span className="sr-only">(the characters after it are not seen)</span>}
            </p>
            <p className="!my-1 text-xs text-muted">= {words.next}</p>
            <Bars title="Most probable characters from the left only" entries={topPredictions(result.next, TOP)} truth={truth} testId="next-top" />
          </section>
        </div>
      )}
      <p className="!my-2 text-sm font-medium text-ink" aria-live="polite" data-testid="mlm-summary">
        {summary}
      </p>
      <p className="!mt-1 !mb-0 text-xs text-muted">
        “.” marks the start and the end of a name; c is the hidden character. Both views choose among the 27 characters. Counts get {ALPHA} added, so an unseen
        combination is rare rather than impossible.
      </p>
    </figure>
  );
}
