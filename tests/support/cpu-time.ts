// How long code keeps this process's CPU busy: the "is it cheap enough" checks of the tests use CPU
// time, not wall time, as CI runs other suites beside them on the same cores (speed is bench/'s).

/** CPU milliseconds (user + system, all of this process's threads) that `run` took, and its result. */
export function cpuTime<T>(run: () => T): { ms: number; result: T } {
  const before = process.cpuUsage();
  const result = run();
  const used = process.cpuUsage(before);
  return { ms: (used.user + used.system) / 1000, result };
}
