"use client";
import { type KeyboardEvent, useId, useState } from "react";
import { type AttentionMask, allowedKeys, allowedPairs, bidirectionalMask, causalMask, encoderDecoderMasks } from "@/lib/ml/nn/attention-masks";

/*
 * The attention masks of the three transformer families side by side (lib/ml/nn/attention-masks.ts),
 * on one short sentence: encoder-only (bidirectional), decoder-only (causal) and encoder–decoder
 * (bidirectional encoder, causal decoder, cross-attention from every output token to every input
 * token). Rows are queries, columns keys; pointing at or focusing a query token (Tab into a matrix,
 * then the arrow keys) highlights the keys it may attend to, and a sentence says which.
 */

const SOURCE = ["the", "cat", "sat", "on", "the", "mat"];
/** The decoder's input while training (teacher forcing): the translation shifted right by a start token. */
const TARGET = ["⟨start⟩", "die", "Katze", "saß", "auf", "der", "Matte"];

type Family = "encoder" | "decoder" | "seq2seq";
type Side = "input" | "output";
/** A family's highlighted query: a token of the input or of the output. */
interface Focus {
  side: Side;
  index: number;
}

const list = (tokens: readonly string[], indices: readonly number[]) => indices.map((j) => tokens[j]).join(", ");
const quoted = (tokens: readonly string[], i: number) => `“${tokens[i]}” (token ${i + 1})`;

/** The sentence describing what the focused query may attend to. */
function describe(family: Family, { side, index: i }: Focus): string {
  if (family === "encoder") return `Encoder-only (BERT): ${quoted(SOURCE, i)} may attend to all ${SOURCE.length} tokens, before and after it.`;
  if (family === "decoder") {
    const keys = allowedKeys(causalMask(SOURCE.length), i);
    const hidden = SOURCE.length - keys.length;
    return (
      `Decoder-only (GPT): ${quoted(SOURCE, i)} may attend to ${keys.length} of ${SOURCE.length} tokens: ${list(SOURCE, keys)}.` +
      (hidden > 0 ? ` The ${hidden} later ${hidden === 1 ? "token is" : "tokens are"} masked out (${SOURCE.slice(i + 1).join(", ")}).` : "")
    );
  }
  if (side === "input")
    return `Encoder–decoder (T5), input token ${quoted(SOURCE, i)}: the encoder lets it attend to all ${SOURCE.length} input tokens, and to none of the output tokens.`;
  const keys = allowedKeys(causalMask(TARGET.length), i);
  return `Encoder–decoder (T5), output token ${quoted(TARGET, i)}: decoder self-attention lets it see ${keys.length} of ${TARGET.length} output tokens (${list(TARGET, keys)}); cross-attention lets it see all ${SOURCE.length} input tokens.`;
}

function MaskMatrix({
  title,
  queries,
  keys,
  mask,
  active,
  onActivate,
  testId,
}: {
  title: string;
  queries: readonly string[];
  keys: readonly string[];
  mask: AttentionMask;
  /** The highlighted query row, or null. */
  active: number | null;
  onActivate: (row: number) => void;
  testId: string;
}) {
  const allowed = new Set(active === null ? [] : allowedKeys(mask, active));
  const move = (e: KeyboardEvent<HTMLButtonElement>, row: number) => {
    const next = { ArrowDown: row + 1, ArrowUp: row - 1, Home: 0, End: queries.length - 1 }[e.key];
    if (next === undefined || next < 0 || next >= queries.length) return;
    e.preventDefault();
    onActivate(next);
    e.currentTarget.closest("[data-matrix]")?.querySelector<HTMLButtonElement>(`[data-row="${next}"]`)?.focus();
  };
  return (
    <div data-matrix data-testid={testId}>
      <p className="!my-1 text-xs font-semibold text-ink">{title}</p>
      <div className="grid gap-px text-[11px]" style={{ gridTemplateColumns: `max-content repeat(${keys.length}, 1.45rem)` }}>
        <div aria-hidden="true" />
        {keys.map((k, j) => (
          <div key={j} className="flex h-14 items-end justify-center pb-1" aria-hidden="true">
            <span
              className={`max-h-14 overflow-hidden whitespace-nowrap [writing-mode:vertical-rl] rotate-180 ${allowed.has(j) ? "font-semibold text-brand-700" : "text-muted"}`}
            >
              {k}
            </span>
          </div>
        ))}
        {mask.map((row, i) => (
          <div key={i} className="contents">
            <button
              type="button"
              data-row={i}
              tabIndex={i === (active ?? 0) ? 0 : -1}
              aria-pressed={i === active}
              aria-label={`Query ${queries[i]} (token ${i + 1}): may attend to ${allowedKeys(mask, i).length} of ${keys.length} keys`}
              onFocus={() => onActivate(i)}
              onMouseEnter={() => onActivate(i)}
              onClick={() => onActivate(i)}
              onKeyDown={(e) => move(e, i)}
              className={`rounded-sm pr-1.5 text-right ${i === active ? "bg-brand-50 font-semibold text-brand-700" : "text-muted hover:text-ink"}`}
            >
              {queries[i]}
            </button>
            {row.map((ok, j) => (
              <div
                key={j}
                aria-hidden="true"
                onMouseEnter={() => onActivate(i)}
                className={`flex aspect-square items-center justify-center rounded-sm ${
                  i === active ? (ok ? "bg-brand-600 text-white" : "bg-slate-100 ring-1 ring-slate-300") : ok ? "bg-brand-100 text-brand-800" : "bg-slate-100"
                }`}
              >
                {ok ? "●" : ""}
              </div>
            ))}
          </div>
        ))}
      </div>
      <p className="!my-1 text-xs text-muted">
        {allowedPairs(mask)} of {queries.length * keys.length} query–key pairs allowed
      </p>
    </div>
  );
}

const FAMILIES: { id: Family; title: string; suits: string }[] = [
  { id: "encoder", title: "Encoder-only (BERT)", suits: "Suits understanding: classification, tagging, extractive question answering, embeddings for search." },
  { id: "decoder", title: "Decoder-only (GPT)", suits: "Suits generation: continuing a text, chat, code — and any task phrased as a prompt." },
  { id: "seq2seq", title: "Encoder–decoder (T5)", suits: "Suits sequence-to-sequence tasks: translation, summarisation, rewriting." },
];

const SEQ2SEQ = encoderDecoderMasks(SOURCE.length, TARGET.length);
/** Each family's matrices: which side's tokens are the queries, and the mask. */
const PANELS: Record<Family, { title: string; side: Side; queries: readonly string[]; keys: readonly string[]; mask: AttentionMask; testId: string }[]> = {
  encoder: [
    {
      title: "Self-attention: bidirectional",
      side: "input",
      queries: SOURCE,
      keys: SOURCE,
      mask: bidirectionalMask(SOURCE.length),
      testId: "mask-encoder-only",
    },
  ],
  decoder: [{ title: "Self-attention: causal", side: "input", queries: SOURCE, keys: SOURCE, mask: causalMask(SOURCE.length), testId: "mask-decoder-only" }],
  seq2seq: [
    { title: "Encoder self-attention: bidirectional", side: "input", queries: SOURCE, keys: SOURCE, mask: SEQ2SEQ.encoderSelf, testId: "mask-encoder-self" },
    { title: "Decoder self-attention: causal", side: "output", queries: TARGET, keys: TARGET, mask: SEQ2SEQ.decoderSelf, testId: "mask-decoder-self" },
    { title: "Cross-attention: output queries, input keys", side: "output", queries: TARGET, keys: SOURCE, mask: SEQ2SEQ.cross, testId: "mask-cross" },
  ],
};

export function AttentionMasks() {
  const id = useId();
  // The same query in each family to begin with: the third token ("sat"; "Katze" in the output).
  const [focus, setFocus] = useState<Record<Family, Focus>>({
    encoder: { side: "input", index: 2 },
    decoder: { side: "input", index: 2 },
    seq2seq: { side: "output", index: 2 },
  });

  return (
    <figure className="my-6 rounded-xl border border-line bg-white p-4 shadow-sm" aria-labelledby={`${id}-title`} data-testid="attention-masks">
      <figcaption id={`${id}-title`} className="text-base font-semibold text-ink">
        Try it: who may attend to whom
      </figcaption>
      <p className="!mt-1 !mb-3 text-sm text-muted">
        Rows are queries, columns are keys; a dot marks an allowed pair. Point at a query token, or Tab to a matrix and move with the arrow keys, to see which
        tokens it may attend to. The encoder–decoder translates “{SOURCE.join(" ")}” into German.
      </p>
      <div className="space-y-4">
        {FAMILIES.map((family) => (
          <section key={family.id} className="border-t border-line pt-3 first:border-0 first:pt-0">
            <h3 className="!mt-0 !mb-1 text-sm font-semibold text-ink">{family.title}</h3>
            <div className="flex flex-wrap gap-x-6 gap-y-3">
              {PANELS[family.id].map((panel) => (
                <MaskMatrix
                  key={panel.testId}
                  title={panel.title}
                  queries={panel.queries}
                  keys={panel.keys}
                  mask={panel.mask}
                  active={focus[family.id].side === panel.side ? focus[family.id].index : null}
                  onActivate={(index) => setFocus((f) => ({ ...f, [family.id]: { side: panel.side, index } }))}
                  testId={panel.testId}
                />
              ))}
            </div>
            <p className="!my-1 rounded-md bg-canvas px-3 py-2 text-sm text-ink" aria-live="polite" data-testid={`mask-description-${family.id}`}>
              {describe(family.id, focus[family.id])}
            </p>
            <p className="!my-1 text-sm text-slate-700">{family.suits}</p>
          </section>
        ))}
      </div>
    </figure>
  );
}
