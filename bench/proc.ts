// What the benches read from /proc about the processes they measure: CPU time, resident memory, and
// the embedded PostgreSQL's processes (Linux only).
import fs from "node:fs";
import path from "node:path";
import { now } from "./live-clients";

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ: 100 on Linux (getconf CLK_TCK)

/** utime + stime (+ the reaped children's, for PostgreSQL's postmaster), in clock ticks. */
function cpuTicks(pid: number, withChildren = false): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // fields[0] is field 3 (state)
    const own = Number(fields[11]) + Number(fields[12]);
    return withChildren ? own + Number(fields[13]) + Number(fields[14]) : own;
  } catch {
    return 0; // exited
  }
}

export function rssMb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** The embedded PostgreSQL's postmaster and its backends (they come and go with connections). */
export function postgresPids(dataDir: string): number[] {
  try {
    const postmaster = Number(fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
    const children = fs
      .readdirSync("/proc")
      .filter((d) => /^\d+$/.test(d))
      .filter((d) => {
        try {
          const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
          return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === postmaster;
        } catch {
          return false;
        }
      })
      .map(Number);
    return [postmaster, ...children];
  } catch {
    return [];
  }
}

/** CPU use of a set of processes between start() and stop(), in % of one core. */
export function cpuMeter(pids: () => number[], withChildrenOf?: number) {
  const read = () => new Map(pids().map((pid) => [pid, cpuTicks(pid, pid === withChildrenOf)]));
  let before = read();
  let startedAt = now();
  return {
    start() {
      before = read();
      startedAt = now();
    },
    /** Per process, in the order given; a process absent at start counts from zero. */
    stop(): Map<number, number> {
      const after = read();
      const seconds = (now() - startedAt) / 1000;
      return new Map([...after].map(([pid, ticks]) => [pid, ((ticks - (before.get(pid) ?? 0)) / CLOCK_TICKS_PER_SECOND / seconds) * 100]));
    },
  };
}
