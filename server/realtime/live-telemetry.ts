import type { LiveGridEntry, LiveProgress } from "@/lib/realtime/protocol";

/** A tile not refreshed for this long is dropped from the grid (the student left or stopped). */
const STALE_AFTER_MS = 5 * 60_000;
/** Every this many ticks the whole grid is resent, so an instructor who just arrived gets every tile. */
const FULL_GRID_EVERY_TICKS = 10;

/**
 * Students' progress reports, kept per session in this process: the latest report per student
 * replaces the previous one, and a tick (1 Hz) hands out only the tiles that changed. The
 * instructor's grid therefore costs O(students) per second however often students report.
 */
export class LiveTelemetry {
  private readonly latest = new Map<string, Map<string, LiveGridEntry>>();
  private readonly changed = new Map<string, Set<string>>();
  private ticks = 0;

  record(user: { id: string; name: string }, progress: LiveProgress, now = Date.now()): void {
    const { sessionId, ...report } = progress;
    let tiles = this.latest.get(sessionId);
    if (!tiles) this.latest.set(sessionId, (tiles = new Map()));
    // Two decimals are plenty for a 96-pixel thumbnail and halve what the grid sends.
    const thumbnail = report.thumbnail?.map((v) => Math.round(v * 100) / 100);
    tiles.set(user.id, { ...report, thumbnail, userId: user.id, name: user.name, at: now });
    let changed = this.changed.get(sessionId);
    if (!changed) this.changed.set(sessionId, (changed = new Set()));
    changed.add(user.id);
  }

  /** Sessions with tiles in this process. */
  sessions(): string[] {
    return [...this.latest.keys()];
  }

  latestOf(sessionId: string, userId: string): LiveGridEntry | undefined {
    return this.latest.get(sessionId)?.get(userId);
  }

  /** The tiles to send now, per session, and which users' tiles changed since the last tick. */
  tick(now = Date.now()): { sessionId: string; entries: LiveGridEntry[]; changedUserIds: Set<string> }[] {
    const full = this.ticks++ % FULL_GRID_EVERY_TICKS === FULL_GRID_EVERY_TICKS - 1;
    const batches: { sessionId: string; entries: LiveGridEntry[]; changedUserIds: Set<string> }[] = [];
    for (const [sessionId, tiles] of this.latest) {
      for (const [userId, tile] of tiles) if (now - tile.at > STALE_AFTER_MS) tiles.delete(userId);
      if (tiles.size === 0) {
        this.latest.delete(sessionId);
        this.changed.delete(sessionId);
        continue;
      }
      const changedUserIds = this.changed.get(sessionId) ?? new Set<string>();
      this.changed.delete(sessionId);
      const entries = full ? [...tiles.values()] : [...changedUserIds].flatMap((id) => tiles.get(id) ?? []);
      if (entries.length) batches.push({ sessionId, entries, changedUserIds });
    }
    return batches;
  }

  forgetSession(sessionId: string): void {
    this.latest.delete(sessionId);
    this.changed.delete(sessionId);
  }
}
