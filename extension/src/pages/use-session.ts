// An extension page's view of the stored session: read when the page opens and again whenever the
// login or the keys change (the idle lock dropped the keys, another page unlocked or logged out),
// so that no open page goes on holding keys that are gone. Reading never counts as activity.
import { useCallback, useEffect, useRef, useState } from "react";
import type { StaffSession } from "@sigill/client";
import { loadSession, type KeyValue } from "../secure/session-store.ts";

export interface SessionDeps {
  readonly session: KeyValue;
  readonly now: () => number;
  readonly idleMs: number;
  /** The server IT set by policy (`managedServer`), or null: a session for another reads as logged out. */
  readonly managedServer: string | null;
  /** Subscribes to changes of the login or the keys; returns the unsubscribe (absent: read once). */
  readonly onSessionChange?: (listener: () => void) => () => void;
}

/**
 * Calls `apply` (which must keep its identity between renders) with each read: once now, then
 * after each change. A read that ends after a newer one has started is dropped, so the last
 * change always wins. Returns a function that reads again (a page leaving a view that ignored reads).
 */
export function useSessionReads(deps: SessionDeps, apply: (session: StaffSession | null) => void): () => void {
  const again = useRef<() => void>(() => undefined);
  useEffect(() => {
    let latest = 0;
    let stopped = false;
    const read = () => {
      const mine = ++latest;
      void loadSession(deps.session, deps.now(), deps.idleMs, deps.managedServer).then((session) => {
        if (!stopped && mine === latest) apply(session);
      });
    };
    again.current = read;
    read();
    const unsubscribe = deps.onSessionChange?.(read);
    return () => {
      stopped = true;
      unsubscribe?.();
    };
  }, [deps, apply]);
  return useCallback(() => {
    again.current();
  }, []);
}

/** The stored session, kept current: undefined until first read, null when nobody is logged in. */
export function useStoredSession(deps: SessionDeps): StaffSession | null | undefined {
  const [session, setSession] = useState<StaffSession | null | undefined>(undefined);
  useSessionReads(deps, setSession);
  return session;
}
