// Keeping a session's "last seen" fresh without a stampede. Every request of a session reads its
// lastSeenAt; once that is a minute old, every request then in flight would write it (on
// PostgreSQL all of them queue on the one row's lock, and a busy process ran out of pooled
// connections: 503s in the soak, docs/performance.md). Here one touch per session is written at a
// time, and not again until the interval has passed; other requests go on without writing. Across
// instances the write itself is conditional, so a second instance's touch changes nothing.

/** Writes `now` as the session's last seen time unless another write already made it newer. */
export type WriteTouch = (sessionId: string, now: Date) => Promise<void>;

export interface Toucher {
  /** Touches the session if it is due; resolves when this request's part is done. */
  touch(sessionId: string, lastSeenAt: Date, now: Date): Promise<void>;
}

/** Entries kept before old ones are swept (the sessions touched in the last interval stay). */
const SWEEP_AT = 10_000;

export function createToucher(write: WriteTouch, afterMs: number): Toucher {
  /** Sessions this process wrote (or is writing) since `afterMs`, by id: when. */
  const recent = new Map<string, number>();
  return {
    async touch(sessionId, lastSeenAt, now) {
      const at = now.getTime();
      if (at - lastSeenAt.getTime() <= afterMs) return;
      const mine = recent.get(sessionId);
      if (mine !== undefined && at - mine <= afterMs) return; // written or on its way
      if (recent.size >= SWEEP_AT) for (const [id, when] of recent) if (at - when > afterMs) recent.delete(id);
      recent.set(sessionId, at);
      try {
        await write(sessionId, now);
      } catch (error) {
        recent.delete(sessionId); // the next request tries again
        throw error;
      }
    },
  };
}
