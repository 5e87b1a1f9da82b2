"use client";
import { useId, useState } from "react";

type Family = "mixture & sequence" | "energy-based" | "latent variable" | "adversarial" | "autoregressive" | "flow" | "diffusion" | "transformer";

interface Milestone {
  year: number;
  title: string;
  family: Family;
  note: string;
}

const FAMILY_COLOURS: Record<Family, string> = {
  "mixture & sequence": "#64748b",
  "energy-based": "#a855f7",
  "latent variable": "#2563eb",
  adversarial: "#ea580c",
  autoregressive: "#16a34a",
  flow: "#0891b2",
  diffusion: "#db2777",
  transformer: "#ca8a04",
};

const MILESTONES: Milestone[] = [
  { year: 1894, title: "Mixture of Gaussians", family: "mixture & sequence", note: "Pearson fits two Gaussians to crab measurements: the first GMM." },
  { year: 1948, title: "n-gram text", family: "autoregressive", note: "Shannon generates English-like text from letter and word statistics." },
  { year: 1966, title: "Hidden Markov models", family: "mixture & sequence", note: "Baum and colleagues: a hidden Markov chain emits the observations." },
  { year: 1977, title: "EM algorithm", family: "mixture & sequence", note: "Dempster, Laird and Rubin: the general way to fit GMMs and HMMs." },
  { year: 1985, title: "Boltzmann machines", family: "energy-based", note: "Ackley, Hinton and Sejnowski: p(x) ∝ exp(−E(x)) with learned pairwise energies." },
  {
    year: 1986,
    title: "Restricted Boltzmann machine",
    family: "energy-based",
    note: "Smolensky's harmonium: hidden and visible units, no links within a layer.",
  },
  { year: 2002, title: "Contrastive divergence", family: "energy-based", note: "Hinton: a cheap gradient estimate that made RBMs trainable." },
  { year: 2006, title: "Deep belief networks", family: "energy-based", note: "Hinton, Osindero and Teh: stacked RBMs, greedy layer-wise pre-training." },
  {
    year: 2013,
    title: "Variational auto-encoder",
    family: "latent variable",
    note: "Kingma and Welling: a recognition network and the reparameterisation trick.",
  },
  { year: 2014, title: "Generative adversarial nets", family: "adversarial", note: "Goodfellow et al.: a generator and a discriminator play a minimax game." },
  { year: 2014, title: "NICE", family: "flow", note: "Dinh, Krueger and Bengio: invertible coupling layers with exact likelihood." },
  { year: 2015, title: "Diffusion probabilistic models", family: "diffusion", note: "Sohl-Dickstein et al.: learn to reverse a gradual noising process." },
  { year: 2016, title: "PixelCNN and WaveNet", family: "autoregressive", note: "van den Oord et al.: deep autoregressive models of images and audio." },
  {
    year: 2017,
    title: "Transformer",
    family: "transformer",
    note: "Vaswani et al.: attention is all you need; the architecture behind today's language models.",
  },
  {
    year: 2018,
    title: "GPT and BERT",
    family: "transformer",
    note: "Radford et al. (GPT: decoder-only, next-token prediction) and Devlin et al. (BERT: encoder-only, masked tokens): pre-training at scale.",
  },
  { year: 2020, title: "DDPM", family: "diffusion", note: "Ho, Jain and Abbeel: denoising diffusion reaches GAN-level image quality." },
  {
    year: 2021,
    title: "CLIP",
    family: "transformer",
    note: "Radford et al.: image and text encoders (a transformer for text) trained contrastively into one embedding space — not itself a generator.",
  },
  {
    year: 2022,
    title: "DALL·E 2 and Stable Diffusion",
    family: "diffusion",
    note: "Ramesh et al. (a diffusion decoder conditioned on CLIP embeddings) and Rombach et al. (latent diffusion): text-to-image diffusion.",
  },
  {
    year: 2022,
    title: "BLOOM",
    family: "transformer",
    note: "BigScience: an open 176-billion-parameter multilingual language model, a decoder-only transformer trained autoregressively (next token).",
  },
];

const FAMILIES = Object.keys(FAMILY_COLOURS) as Family[];

/** Near-black or white, whichever contrasts more with the background colour `hex` (#rrggbb; WCAG's relative luminance). */
function textOn(hex: string): string {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  const dark = 0.0088; // #0f172a
  return (luminance + 0.05) / (dark + 0.05) > 1.05 / (luminance + 0.05) ? "#0f172a" : "#fff";
}
const WIDTH = 640;
const HEIGHT = 120;
const FIRST_YEAR = 1890;
/** Most milestones are recent: a log scale of "years before 2024½" gives the last decades room. */
const REFERENCE_YEAR = 2024.5;
const xOf = (year: number) => 20 + (WIDTH - 40) * (1 - Math.log(REFERENCE_YEAR - year) / Math.log(REFERENCE_YEAR - FIRST_YEAR));

/** A clickable timeline of generative modelling, filterable by model family. */
export function TimelineExplorer() {
  const id = useId();
  const [shown, setShown] = useState<Set<Family>>(new Set(FAMILIES));
  const [selected, setSelected] = useState<Milestone>(MILESTONES[9]);
  const visible = MILESTONES.filter((m) => shown.has(m.family));
  const toggle = (family: Family) =>
    setShown((s) => {
      const next = new Set(s);
      if (next.has(family) && next.size > 1) next.delete(family);
      else next.add(family);
      return next;
    });

  return (
    <figure className="my-6 rounded-xl border border-line bg-white p-4 shadow-sm" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} className="text-base font-semibold text-ink">
        Explore: a timeline of generative models
      </figcaption>
      <div className="mt-3 flex flex-wrap gap-2" role="group" aria-label="Model families shown">
        {FAMILIES.map((family) => (
          <button
            key={family}
            type="button"
            aria-pressed={shown.has(family)}
            onClick={() => toggle(family)}
            className={`rounded-full border px-2.5 py-1 text-xs ${shown.has(family) ? "border-transparent" : "border-line bg-white text-muted"}`}
            // The family colours are the same in both schemes, and so is the text on them.
            style={shown.has(family) ? { background: FAMILY_COLOURS[family], color: textOn(FAMILY_COLOURS[family]) } : undefined}
          >
            {family}
          </button>
        ))}
      </div>
      <div className="mt-4 relative overflow-x-auto">
        <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="min-w-[560px]" role="group" aria-label="Milestones by year; choose one for details">
          <line x1={20} x2={WIDTH - 20} y1={70} y2={70} className="stroke-slate-300" strokeWidth={2} />
          {[1900, 1950, 1980, 2000, 2010, 2020].map((year) => (
            <g key={year} aria-hidden="true">
              <line x1={xOf(year)} x2={xOf(year)} y1={66} y2={74} className="stroke-slate-400" />
              <text x={xOf(year)} y={92} textAnchor="middle" fontSize={11} className="fill-slate-500">
                {year}
              </text>
            </g>
          ))}
          {visible.map((m, i) => {
            const active = m === selected;
            // Alternate heights so neighbouring years do not overlap.
            const y = 70 - 16 - (i % 3) * 14;
            return (
              <g key={m.title}>
                <line x1={xOf(m.year)} x2={xOf(m.year)} y1={y} y2={70} stroke={FAMILY_COLOURS[m.family]} strokeWidth={1} aria-hidden="true" />
                <circle
                  cx={xOf(m.year)}
                  cy={y}
                  r={active ? 7 : 5}
                  fill={FAMILY_COLOURS[m.family]}
                  strokeWidth={2}
                  tabIndex={0}
                  role="button"
                  aria-label={`${m.year}: ${m.title}`}
                  aria-pressed={active}
                  className={`cursor-pointer focus:outline-none ${active ? "stroke-slate-900" : "stroke-white"}`}
                  onClick={() => setSelected(m)}
                  onKeyDown={(e) => {
                    if (e.key === "Enter" || e.key === " ") {
                      e.preventDefault();
                      setSelected(m);
                    }
                  }}
                />
              </g>
            );
          })}
        </svg>
      </div>
      <div className="mt-3 rounded-lg bg-canvas px-3 py-2 text-sm" aria-live="polite">
        <p className="font-semibold">
          {selected.year} · {selected.title} <span className="font-normal text-muted">({selected.family})</span>
        </p>
        <p className="mt-1">{selected.note}</p>
      </div>
    </figure>
  );
}
