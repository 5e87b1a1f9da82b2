import type { AnnouncedLeaderboardUpdate } from "./protocol";

/**
 * A page refetches its leaderboard on `leaderboard:updated`: while a class submits at once, at most
 * once per gap, and each call waits up to a gap more at random, so that a room of pages does not
 * refetch in step (the first announcement of a burst reaches them all at once). The gap is
 * MIN_UPDATE_GAP_MS, or MS_PER_WATCHER per page watching: however many watch, an exercise's
 * leaderboard is asked for about 1000 / (1.5 × MS_PER_WATCHER) times a second (300 pages during a
 * round-end burst asked every 2 s, each for 300 entries, stalled the server for a minute). The last
 * update always gets its call, carrying every submission heard until it runs.
 */
export const MIN_UPDATE_GAP_MS = 2000;
export const MS_PER_WATCHER = 50;

/** The least time between two refetches of a page in a room of `watchers` pages. */
export const refetchGapMs = (watchers: number) => Math.max(MIN_UPDATE_GAP_MS, watchers * MS_PER_WATCHER);

export function throttledLeaderboardUpdates(onUpdate: (event: AnnouncedLeaderboardUpdate) => void, random: () => number = Math.random) {
  let lastCall = -Infinity;
  let waiting: { timer: ReturnType<typeof setTimeout>; event: AnnouncedLeaderboardUpdate } | null = null;
  return {
    heard(event: AnnouncedLeaderboardUpdate) {
      if (waiting) {
        waiting.event = { ...event, submissions: [...waiting.event.submissions, ...event.submissions] };
        return;
      }
      const gap = refetchGapMs(event.watchers);
      const wait = Math.max(0, lastCall + gap - Date.now()) + random() * gap;
      const pending = {
        event,
        timer: setTimeout(() => {
          lastCall = Date.now();
          waiting = null;
          onUpdate(pending.event);
        }, wait),
      };
      waiting = pending;
    },
    stop() {
      if (waiting) clearTimeout(waiting.timer);
      waiting = null;
    },
  };
}
