// The idle lock's clock, in the background: an alarm checks every minute whether the person has
// been idle longer than the idle time and drops the unlocked keys if so, whether or not any page
// is open or anything reads the session. Locking the computer's screen drops them at once.
import { lockIdleSession, lockSession, type KeyValue } from "./session-store.ts";

export const IDLE_ALARM = "sigill-idle-lock";

/**
 * How often the alarm checks, in minutes. A minute is what every browser honours: packed Chrome
 * extensions get at most one firing per 30 seconds (per minute before Chrome 120) and Chrome may
 * delay alarms further. So the keys go at most about a minute after the idle time; pages and
 * background look-ups that read the session in between see them locked from the exact limit.
 */
export const IDLE_CHECK_MINUTES = 1;

export interface IdleLockPorts {
  readonly alarms: {
    get(name: string): Promise<unknown>;
    create(name: string, info: { periodInMinutes: number }): Promise<void>;
    onAlarm(listener: (name: string) => void): void;
  };
  /** The browser's screen-lock signal (Chrome's `idle` API); absent where there is none. */
  readonly onScreenLocked?: (listener: () => void) => void;
  readonly store: KeyValue;
  readonly now: () => number;
  /** The idle time in force when asked (the setting may change while the background runs). */
  readonly idleMs: () => Promise<number>;
}

/**
 * Starts the idle lock when the background starts. The listeners are registered before anything
 * is awaited (a service worker woken for an event must have them at once). The alarm is created
 * only if missing: the background starts again on every message after being stopped, and
 * re-creating the alarm each time would push its next firing back for as long as messages come.
 * Then checks once, so keys left from before a sleep or a stopped background go now.
 */
export async function startIdleLock(ports: IdleLockPorts): Promise<void> {
  const check = async () => {
    await lockIdleSession(ports.store, ports.now(), await ports.idleMs());
  };
  ports.alarms.onAlarm((name) => {
    // A failed check (storage unavailable) is retried by the next firing.
    if (name === IDLE_ALARM) void check().catch(() => undefined);
  });
  ports.onScreenLocked?.(() => {
    void lockSession(ports.store).catch(() => undefined);
  });
  if ((await ports.alarms.get(IDLE_ALARM)) === undefined)
    await ports.alarms.create(IDLE_ALARM, { periodInMinutes: IDLE_CHECK_MINUTES });
  await check();
}
