"use client";
import { useState } from "react";
import { pointView, SampleThumbnail } from "@/app/_components/SampleThumbnail";
import { Button } from "@/app/_components/Button";
import { PersonEmail } from "@/app/_components/PersonEmail";
import type { LiveParticipantInfo } from "@/lib/live/types";
import type { LiveGridEntry } from "@/lib/realtime/protocol";

/** A report older than this is shown as idle (the student paused, left, or lost the connection). */
const IDLE_AFTER_MS = 5000;
/** Tiles drawn at once: a lecture hall's worth of thumbnails would slow the instructor's page. */
const PAGE_SIZE = 48;

type Order = "joined" | "iteration" | "name";

function formatLoss(v: number) {
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(3);
}

const THUMBNAIL_PX = 96;

/** A student's samples in the exercise's window, or (for exercises without 2-D samples) their loss curve. */
function TileThumbnail({ tile, who }: { tile: LiveGridEntry | undefined; who: string }) {
  const points = tile?.thumbnail;
  if (!tile || !points?.length) return <div className="my-1 grid h-24 place-items-center text-muted">no samples yet</div>;
  if (tile.thumbnailKind !== "curve")
    return (
      <SampleThumbnail
        points={new Float32Array(points)}
        size={THUMBNAIL_PX}
        view={pointView(tile.exerciseSlug)}
        label={`${who}'s current samples`}
        className="mx-auto my-1"
      />
    );
  const line = Array.from(
    { length: points.length / 2 },
    (_, i) => `${(points[2 * i] * THUMBNAIL_PX).toFixed(1)},${((1 - points[2 * i + 1]) * THUMBNAIL_PX).toFixed(1)}`,
  ).join(" ");
  return (
    <svg
      viewBox={`-2 -2 ${THUMBNAIL_PX + 4} ${THUMBNAIL_PX + 4}`}
      width={THUMBNAIL_PX}
      height={THUMBNAIL_PX}
      role="img"
      aria-label={`${who}'s ${Object.keys(tile.losses)[0] ?? "loss"} curve so far`}
      className="mx-auto my-1 block rounded border border-line bg-white"
    >
      <polyline points={line} fill="none" className="stroke-brand-600" strokeWidth={1.5} />
    </svg>
  );
}

/** Every participant's latest progress, refreshed by the server's 1 Hz grid batches. */
export function StudentGrid({
  participants,
  tiles,
  serverNow,
  spotlightUserId,
  onSpotlight,
  submittedUserIds,
  round,
}: {
  participants: LiveParticipantInfo[];
  tiles: Map<string, LiveGridEntry>;
  /** During a round, only reports of its exercise sent since it started count (not one from another page, nor the last round's). */
  round: { exerciseSlug: string; startsAt: number } | null;
  serverNow: number;
  spotlightUserId: string | null;
  onSpotlight: (userId: string | null) => void;
  submittedUserIds: Set<string>;
}) {
  const [order, setOrder] = useState<Order>("joined");
  const [shown, setShown] = useState(PAGE_SIZE);
  const tileOf = (userId: string) => {
    const tile = tiles.get(userId);
    return tile && (round === null || (tile.exerciseSlug === round.exerciseSlug && tile.at >= round.startsAt)) ? tile : undefined;
  };
  if (participants.length === 0) return <p className="text-muted">Nobody has joined yet. Students join with the code above.</p>;
  const sorted =
    order === "joined"
      ? participants
      : [...participants].sort((a, b) =>
          order === "name"
            ? a.name.localeCompare(b.name) || a.email.localeCompare(b.email)
            : (tileOf(b.userId)?.iteration ?? -1) - (tileOf(a.userId)?.iteration ?? -1),
        );
  return (
    <div>
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2 text-sm">
        <label className="flex items-center gap-2">
          <span className="text-muted">Order</span>
          <select className="rounded-md border border-line bg-white px-2 py-1" value={order} onChange={(e) => setOrder(e.target.value as Order)}>
            <option value="joined">as they joined</option>
            <option value="iteration">most iterations first</option>
            <option value="name">by name</option>
          </select>
        </label>
        <span className="text-muted">
          {Math.min(shown, sorted.length)} of {sorted.length} shown
        </span>
      </div>
      <ul className="grid grid-cols-[repeat(auto-fill,minmax(11rem,1fr))] gap-3" data-testid="student-grid" aria-label="Students' live progress">
        {sorted.slice(0, shown).map((p) => {
          const tile = tileOf(p.userId);
          const idle = !tile || serverNow - tile.at > IDLE_AFTER_MS;
          const spotlit = spotlightUserId === p.userId;
          return (
            <li
              key={p.userId}
              className={`rounded-lg border p-2 text-xs ${spotlit ? "border-brand-600 ring-2 ring-brand-200" : "border-line"} bg-white`}
              data-testid="grid-tile"
              data-exercise={tile?.exerciseSlug}
            >
              <div className="flex items-center justify-between gap-1">
                <span className="truncate font-semibold text-sm" title={p.name}>
                  {p.name}
                </span>
                <span
                  className={`size-2 shrink-0 rounded-full ${idle ? "bg-slate-300" : "bg-green-500"}`}
                  title={idle ? "idle" : "training"}
                  aria-hidden="true"
                />
              </div>
              <PersonEmail email={p.email} />
              <TileThumbnail tile={tile} who={p.name} />
              <dl className="grid grid-cols-2 gap-x-2 font-mono">
                <dt className="text-muted">backend</dt>
                <dd data-testid="grid-backend">{tile?.backend ?? "–"}</dd>
                <dt className="text-muted">iteration</dt>
                <dd data-testid="grid-iteration">{tile ? tile.iteration.toLocaleString() : "–"}</dd>
                {tile &&
                  Object.entries(tile.losses).map(([k, v]) => (
                    <div key={k} className="contents">
                      <dt className="text-muted">{k}</dt>
                      <dd>{formatLoss(v)}</dd>
                    </div>
                  ))}
              </dl>
              <div className="mt-1 flex items-center justify-between">
                <span className={submittedUserIds.has(p.userId) ? "text-green-800" : "text-muted"}>
                  {submittedUserIds.has(p.userId) ? "submitted" : `${p.points} pts`}
                </span>
                <Button size="sm" variant={spotlit ? "primary" : "ghost"} aria-pressed={spotlit} onClick={() => onSpotlight(spotlit ? null : p.userId)}>
                  {spotlit ? "Spotlit" : "Spotlight"}
                  <span className="sr-only">
                    {" "}
                    {p.name} ({p.email})
                  </span>
                </Button>
              </div>
            </li>
          );
        })}
      </ul>
      {shown < sorted.length && (
        <Button variant="secondary" className="mt-3" onClick={() => setShown((n) => n + PAGE_SIZE)}>
          Show {Math.min(PAGE_SIZE, sorted.length - shown)} more
        </Button>
      )}
    </div>
  );
}
