"use client";
import { useId, useMemo, useState } from "react";

/**
 * Self-attention on a typed sentence, with no learned weights: each token's vector is a hashed bag
 * of its character 2- and 3-grams (d = 64, signed feature hashing), normalised to length s. With
 * Q = K = V = X the attention matrix is A = softmax(XXᵀ/√d) row by row, so A_ij grows with the
 * number of character n-grams tokens i and j share. The heat map is drawn for sighted users; the
 * same numbers are in a table for screen readers, and a token picker describes one row in words.
 */

const DIM = 64;
const MAX_TOKENS = 10;
const DEFAULT_SENTENCE = "the cat sat on the mat";

/** FNV-1a, 32-bit. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function tokenize(sentence: string): string[] {
  return (sentence.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? []).slice(0, MAX_TOKENS);
}

/** Hashed character n-gram vector of a word, unit length. */
function embed(word: string): number[] {
  const v = new Array<number>(DIM).fill(0);
  const padded = `^${word}$`;
  for (const n of [2, 3]) {
    for (let i = 0; i + n <= padded.length; i++) {
      const h = hash(padded.slice(i, i + n));
      v[h % DIM] += (h >>> 31) & 1 ? 1 : -1;
    }
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

function attention(tokens: string[], scale: number): number[][] {
  const X = tokens.map((t) => embed(t).map((x) => x * scale));
  return X.map((qi) => {
    const scores = X.map((kj) => qi.reduce((acc, x, l) => acc + x * kj[l], 0) / Math.sqrt(DIM));
    const max = Math.max(...scores);
    const exps = scores.map((s) => Math.exp(s - max));
    const total = exps.reduce((a, b) => a + b, 0);
    return exps.map((e) => e / total);
  });
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

export function SelfAttentionMatrix() {
  const baseId = useId();
  const [sentence, setSentence] = useState(DEFAULT_SENTENCE);
  const [scale, setScale] = useState(4);
  const [focus, setFocus] = useState(1);

  const tokens = useMemo(() => tokenize(sentence), [sentence]);
  const A = useMemo(() => attention(tokens, scale), [tokens, scale]);
  const row = Math.min(focus, tokens.length - 1);

  const rowText =
    tokens.length === 0
      ? "Type a sentence to see its attention matrix."
      : `“${tokens[row]}” (token ${row + 1}) attends to: ` +
        A[row]
          .map((w, j) => ({ w, j }))
          .sort((a, b) => b.w - a.w)
          .map(({ w, j }) => `${tokens[j]} (${j + 1}) ${pct(w)}`)
          .join(", ") +
        ".";

  const cell = `minmax(1.6rem, 1fr)`;

  return (
    <figure className="my-6 rounded-xl border border-line bg-white p-4 shadow-sm" aria-labelledby={`${baseId}-title`}>
      <figcaption id={`${baseId}-title`} className="text-base font-semibold text-ink">
        Try it: the self-attention matrix of a sentence
      </figcaption>
      <div className="mt-1 text-sm text-muted">
        No training here: each word&apos;s vector is a hashed bag of its character 2- and 3-grams (d = 64), scaled to length s, and Q = K = V = X. Row i shows
        softmax(x<sub>i</sub>·x<sub>j</sub>/√d) over j. Words that share letters attend to each other.
      </div>

      <div className="mt-4 space-y-3">
        <div>
          <label htmlFor={`${baseId}-sentence`} className="block text-sm font-medium text-ink">
            Sentence (up to {MAX_TOKENS} words)
          </label>
          <input
            id={`${baseId}-sentence`}
            type="text"
            value={sentence}
            maxLength={120}
            onChange={(e) => setSentence(e.target.value)}
            className="mt-1 w-full rounded-md border border-line px-3 py-2 text-base"
            autoComplete="off"
            spellCheck={false}
          />
        </div>
        <div>
          <label htmlFor={`${baseId}-scale`} className="flex justify-between text-sm font-medium text-ink">
            <span>Vector length s (larger = sharper weights)</span>
            <output htmlFor={`${baseId}-scale`} className="tabular-nums">
              {scale}
            </output>
          </label>
          <input
            id={`${baseId}-scale`}
            type="range"
            min={1}
            max={12}
            step={1}
            value={scale}
            onChange={(e) => setScale(Number(e.target.value))}
            className="w-full accent-brand-600"
          />
        </div>
      </div>

      {tokens.length > 0 && (
        <>
          <div className="mt-4 relative overflow-x-auto" aria-hidden="true">
            <div className="grid gap-px text-[11px]" style={{ gridTemplateColumns: `max-content repeat(${tokens.length}, ${cell})` }}>
              <div />
              {tokens.map((t, j) => (
                <div key={j} className="flex h-16 items-end justify-center pb-1">
                  <span className="max-h-16 overflow-hidden whitespace-nowrap text-muted [writing-mode:vertical-rl] rotate-180">{t}</span>
                </div>
              ))}
              {A.map((r, i) => (
                <div key={i} className="contents">
                  <button
                    type="button"
                    tabIndex={-1}
                    onClick={() => setFocus(i)}
                    className={`pr-2 text-right ${i === row ? "font-semibold text-brand-700" : "text-muted"}`}
                  >
                    {tokens[i]}
                  </button>
                  {r.map((w, j) => (
                    <div
                      key={j}
                      title={`${tokens[i]} → ${tokens[j]}: ${pct(w)}`}
                      className={`flex aspect-square items-center justify-center rounded-sm tabular-nums ${i === row ? "ring-1 ring-brand-600" : ""}`}
                      style={{ background: `rgba(99, 102, 241, ${Math.max(0.04, w).toFixed(3)})`, color: w > 0.45 ? "#fff" : "var(--color-slate-700)" }}
                    >
                      {Math.round(w * 100)}
                    </div>
                  ))}
                </div>
              ))}
            </div>
            <div className="mt-1 text-xs text-muted">
              Rows: the attending token (query). Columns: the token attended to (key). Numbers are percentages; each row sums to 100.
            </div>
          </div>

          {/* A table ignores sr-only's 1 px width, so the wrapper hides it. */}
          <div className="sr-only">
            <table>
              <caption>Self-attention weights in percent; rows are queries, columns are keys, each row sums to 100</caption>
              <thead>
                <tr>
                  <th scope="col">Query token</th>
                  {tokens.map((t, j) => (
                    <th key={j} scope="col">
                      {t} ({j + 1})
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {A.map((r, i) => (
                  <tr key={i}>
                    <th scope="row">
                      {tokens[i]} ({i + 1})
                    </th>
                    {r.map((w, j) => (
                      <td key={j}>{pct(w)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>

          <div className="mt-3">
            <label htmlFor={`${baseId}-focus`} className="block text-sm font-medium text-ink">
              Describe one row
            </label>
            <select
              id={`${baseId}-focus`}
              value={row}
              onChange={(e) => setFocus(Number(e.target.value))}
              className="mt-1 rounded-md border border-line bg-white px-2 py-1 text-sm"
            >
              {tokens.map((t, i) => (
                <option key={i} value={i}>
                  {i + 1}. {t}
                </option>
              ))}
            </select>
          </div>
        </>
      )}
      <div className="mt-2 text-sm text-ink" aria-live="polite">
        {rowText}
      </div>
      <div className="mt-3 text-xs text-muted">
        Notice that a repeated word (“the … the”) gets identical rows: without positional encodings, self-attention cannot tell the two copies apart.
      </div>
    </figure>
  );
}
