/**
 * Each user's sockets on this process, oldest first, at most `max`. A newer socket pushes out the
 * oldest rather than being refused: the newest tab is the one the person is looking at, and a
 * socket whose network died still counts until its ping times out (up to ~45 s), so refusing would
 * lock out a person reloading a few times in a row. Each process counts only its own sockets.
 */
export class SocketsPerUser<S> {
  private readonly byUser = new Map<string, S[]>();

  constructor(private readonly max: number) {}

  /** Records a newly connected socket; returns the user's sockets over the cap (oldest first), already forgotten, to close. */
  add(userId: string, socket: S): S[] {
    const sockets = this.byUser.get(userId) ?? [];
    sockets.push(socket);
    this.byUser.set(userId, sockets);
    return sockets.splice(0, Math.max(0, sockets.length - this.max));
  }

  remove(userId: string, socket: S): void {
    const sockets = this.byUser.get(userId);
    if (!sockets) return;
    const index = sockets.indexOf(socket);
    if (index >= 0) sockets.splice(index, 1);
    if (sockets.length === 0) this.byUser.delete(userId);
  }
}
