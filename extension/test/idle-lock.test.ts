// The idle lock without a browser: the session store with an injected clock and an in-memory
// store (what counts as activity, where the limit is), the background's alarm with fake alarms,
// and what counts as the person's input in a page.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { encodeBase64Url, generateIdentity, type Identity } from "@sigill/crypto";
import { Api, type KeyValue, type StaffSession } from "@sigill/client";
import {
  changesSession,
  clearSession,
  loadSession,
  lockIdleSession,
  lockSession,
  peekSession,
  saveSession,
  touchSession,
} from "../src/secure/session-store.ts";
import { IDLE_ALARM, startIdleLock, type IdleLockPorts } from "../src/secure/idle-lock.ts";
import { ACTIVITY_GAP_MS, watchActivity } from "../src/pages/activity.ts";

const MINUTE = 60_000;
const IDLE = 15 * MINUTE;
const T0 = Date.UTC(2027, 0, 11, 8, 0, 0);

/** A storage area in memory, with the names of the items written, in order. */
function memoryStore(): KeyValue & { items: Map<string, unknown>; writes: string[] } {
  const items = new Map<string, unknown>();
  const writes: string[] = [];
  return {
    items,
    writes,
    get: (key) => Promise.resolve(structuredClone(items.get(key))),
    set: (key, value) => {
      items.set(key, structuredClone(value));
      writes.push(key);
      return Promise.resolve();
    },
    remove: (key) => {
      items.delete(key);
      writes.push(key);
      return Promise.resolve();
    },
  };
}

let identity: Identity;
beforeAll(async () => {
  identity = await generateIdentity();
});

function staff(keys: Identity | null = identity): StaffSession {
  return {
    api: new Api({ server: "https://sigill.skola.example", token: "bearer-token" }),
    account: { id: "a1", email: "rut@skola.example", displayName: "Rut", role: "staff" },
    identity: keys,
  };
}

/** A store with an unlocked session saved (the person unlocked) at `at`. */
async function unlockedAt(at: number) {
  const store = memoryStore();
  await saveSession(store, staff(), at);
  return store;
}

const hasKeys = (store: ReturnType<typeof memoryStore>) =>
  [...store.items.values()].some((v) => JSON.stringify(v).includes('"box"'));

describe("the session store's idle lock (injected clock, in-memory store)", () => {
  it.each([
    ["right after the last action", 0, true],
    ["a millisecond before the limit", IDLE - 1, true],
    ["exactly at the limit", IDLE, true],
    ["a millisecond past the limit", IDLE + 1, false],
    ["hours past the limit", 8 * 60 * MINUTE, false],
    ["the clock set back by exactly the idle time", -IDLE, true],
    ["the clock set back by more than the idle time", -IDLE - 1, false],
  ])("when the session is read %s, then the keys are unlocked: %s", async (_, elapsed, unlocked) => {
    const store = await unlockedAt(T0);
    const session = await loadSession(store, T0 + elapsed, IDLE, null);
    expect(session?.identity !== null).toBe(unlocked);
    expect(await peekSession(store, T0 + elapsed, IDLE, null)).toEqual({ email: "rut@skola.example", unlocked });
    // Locked: the keys are gone from storage, not only hidden; the login stays.
    expect(hasKeys(store)).toBe(unlocked);
    expect(session?.api.token).toBe("bearer-token");
    expect(session?.account.email).toBe("rut@skola.example");
  });

  it("when the keys are unlocked, then the loaded identity is the one saved", async () => {
    const session = await loadSession(await unlockedAt(T0), T0 + IDLE, IDLE, null);
    expect(await encodeBase64Url(session?.identity?.boxSecretKey ?? new Uint8Array())).toBe(
      await encodeBase64Url(identity.boxSecretKey),
    );
    expect(await encodeBase64Url(session?.identity?.signSecretKey ?? new Uint8Array())).toBe(
      await encodeBase64Url(identity.signSecretKey),
    );
  });

  it("when background look-ups read the session every minute, then the keys still lock at the limit counted from the last action", async () => {
    const store = await unlockedAt(T0);
    for (let t = T0; t <= T0 + IDLE; t += MINUTE) {
      expect((await loadSession(store, t, IDLE, null))?.identity).not.toBeNull();
      expect((await peekSession(store, t, IDLE, null))?.unlocked).toBe(true);
    }
    // Reads write nothing while the keys are unlocked (they are not activity).
    const writes = store.writes.length;
    await loadSession(store, T0 + IDLE, IDLE, null);
    expect(store.writes).toHaveLength(writes);
    expect((await loadSession(store, T0 + IDLE + 1, IDLE, null))?.identity).toBeNull();
    expect(hasKeys(store)).toBe(false);
  });

  it("when the person acts before the limit, then the keys stay unlocked for a full idle time after that action", async () => {
    const store = await unlockedAt(T0);
    await touchSession(store, T0 + IDLE, IDLE);
    expect((await loadSession(store, T0 + 2 * IDLE, IDLE, null))?.identity).not.toBeNull();
    expect((await loadSession(store, T0 + 2 * IDLE + 1, IDLE, null))?.identity).toBeNull();
  });

  it("when the person acts just past the limit, before anything locked, then the keys are dropped and not revived", async () => {
    const store = await unlockedAt(T0);
    await touchSession(store, T0 + IDLE + 1, IDLE);
    expect(hasKeys(store)).toBe(false);
    const session = await loadSession(store, T0 + IDLE + 2, IDLE, null);
    expect(session?.identity).toBeNull();
    expect(session?.api.token).toBe("bearer-token");
  });

  it("when the person unlocks again after the lock, then that counts as activity", async () => {
    const store = await unlockedAt(T0);
    await lockIdleSession(store, T0 + IDLE + 1, IDLE);
    await saveSession(store, staff(), T0 + 2 * IDLE);
    expect((await loadSession(store, T0 + 3 * IDLE, IDLE, null))?.identity).not.toBeNull();
  });

  it("when nobody is logged in, then an action stores nothing and nothing loads", async () => {
    const store = memoryStore();
    await touchSession(store, T0, IDLE);
    expect(store.items.size).toBe(0);
    expect(await loadSession(store, T0, IDLE, null)).toBeNull();
    expect(await peekSession(store, T0, IDLE, null)).toBeNull();
  });

  it.each([
    ["exactly at the limit", IDLE, true],
    ["a millisecond past the limit", IDLE + 1, false],
  ])("when the alarm's check runs %s, then the keys are kept: %s", async (_, elapsed, kept) => {
    const store = await unlockedAt(T0);
    await lockIdleSession(store, T0 + elapsed, IDLE);
    expect(hasKeys(store)).toBe(kept);
    expect((await loadSession(store, T0 + elapsed, IDLE, null))?.api.token).toBe("bearer-token");
  });

  it("when the screen locks, then the keys go at once and the login stays", async () => {
    const store = await unlockedAt(T0);
    await lockSession(store);
    expect(hasKeys(store)).toBe(false);
    expect(await peekSession(store, T0, IDLE, null)).toEqual({ email: "rut@skola.example", unlocked: false });
  });

  it("when the stored keys are unreadable, then the session loads locked and they are removed", async () => {
    const store = await unlockedAt(T0);
    store.items.set("session-keys", { box: 1 });
    expect((await loadSession(store, T0, IDLE, null))?.identity).toBeNull();
    expect(store.items.has("session-keys")).toBe(false);
  });

  it("when the person logs out, then the login, the keys and the activity all go", async () => {
    const store = await unlockedAt(T0);
    await clearSession(store);
    expect(store.items.size).toBe(0);
  });

  it("when a session without keys is saved (no PRF yet), then it loads locked with its login", async () => {
    const store = memoryStore();
    await saveSession(store, staff(null), T0);
    expect(await loadSession(store, T0, IDLE, null)).toMatchObject({
      identity: null,
      account: { email: "rut@skola.example" },
    });
  });

  it.each([
    [["session-active"], false],
    [["session-keys"], true],
    [["session"], true],
    [["draft:1", "admin-reports-pending"], false],
  ])("when storage items %j change, then open pages re-read the session: %s", (keys, expected) => {
    expect(changesSession(keys)).toBe(expected);
  });
});

/** Fake alarms and screen lock for the background's idle lock. */
function fakePorts(store: KeyValue, clock: { now: number }, idleMs = IDLE) {
  const alarms = new Map<string, { periodInMinutes: number }>();
  let onAlarm: ((name: string) => void) | undefined;
  let onLocked: (() => void) | undefined;
  const settings = { idleMs };
  const ports: IdleLockPorts = {
    alarms: {
      get: (name) => Promise.resolve(alarms.get(name)),
      create: (name, info) => {
        alarms.set(name, info);
        return Promise.resolve();
      },
      onAlarm: (listener) => {
        onAlarm = listener;
      },
    },
    onScreenLocked: (listener) => {
      onLocked = listener;
    },
    store,
    now: () => clock.now,
    idleMs: () => Promise.resolve(settings.idleMs),
  };
  return {
    ports,
    alarms,
    settings,
    fire: (name = IDLE_ALARM) => onAlarm?.(name),
    lockScreen: () => onLocked?.(),
  };
}

describe("the background's idle lock (fake alarms)", () => {
  it("when the background starts and there is no alarm, then one is created that repeats every minute", async () => {
    const fake = fakePorts(await unlockedAt(T0), { now: T0 });
    const create = vi.spyOn(fake.ports.alarms, "create");
    await startIdleLock(fake.ports);
    expect(create).toHaveBeenCalledWith(IDLE_ALARM, { periodInMinutes: 1 });
  });

  it("when the background starts again and the alarm exists, then it is left as it is (not pushed back)", async () => {
    const fake = fakePorts(await unlockedAt(T0), { now: T0 });
    fake.alarms.set(IDLE_ALARM, { periodInMinutes: 1 });
    const create = vi.spyOn(fake.ports.alarms, "create");
    await startIdleLock(fake.ports);
    expect(create).not.toHaveBeenCalled();
  });

  it("when the background starts after the idle time (a sleep, a stopped worker), then the keys go at once", async () => {
    const store = await unlockedAt(T0);
    await startIdleLock(fakePorts(store, { now: T0 + IDLE + 1 }).ports);
    expect(hasKeys(store)).toBe(false);
  });

  it("when the alarm fires at the limit and then just past it, then the keys go only the second time, the login stays", async () => {
    const store = await unlockedAt(T0);
    const clock = { now: T0 };
    const fake = fakePorts(store, clock);
    await startIdleLock(fake.ports);
    clock.now = T0 + IDLE;
    fake.fire();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(hasKeys(store)).toBe(true);
    clock.now = T0 + IDLE + 1;
    fake.fire();
    await vi.waitFor(() => {
      expect(hasKeys(store)).toBe(false);
    });
    expect((await loadSession(store, clock.now, IDLE, null))?.api.token).toBe("bearer-token");
  });

  it("when another alarm fires past the limit, then the idle lock does not act on it", async () => {
    const store = await unlockedAt(T0);
    const clock = { now: T0 };
    const fake = fakePorts(store, clock);
    await startIdleLock(fake.ports);
    clock.now = T0 + IDLE + 1;
    fake.fire("something-else");
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(hasKeys(store)).toBe(true);
  });

  it("when the idle time is changed while the background runs, then the next firing uses the new one", async () => {
    const store = await unlockedAt(T0);
    const clock = { now: T0 };
    const fake = fakePorts(store, clock);
    await startIdleLock(fake.ports);
    fake.settings.idleMs = 5 * MINUTE;
    clock.now = T0 + 5 * MINUTE + 1;
    fake.fire();
    await vi.waitFor(() => {
      expect(hasKeys(store)).toBe(false);
    });
  });

  it("when the screen locks, then the keys go at once, before the idle time", async () => {
    const store = await unlockedAt(T0);
    const fake = fakePorts(store, { now: T0 });
    await startIdleLock(fake.ports);
    fake.lockScreen();
    await vi.waitFor(() => {
      expect(hasKeys(store)).toBe(false);
    });
  });
});

describe("what counts as the person's activity in a page", () => {
  /** A page stand-in: events are dispatched as if from the person unless `trusted` is false. */
  function page(trusted = true) {
    const target = new EventTarget();
    const clock = { now: T0 };
    const touches: number[] = [];
    const stop = watchActivity(
      target,
      () => {
        touches.push(clock.now);
      },
      { now: () => clock.now, ...(trusted && { fromPerson: () => true }) },
    );
    const at = (ms: number, type: string) => {
      clock.now = T0 + ms;
      target.dispatchEvent(new Event(type));
    };
    return { at, touches, stop };
  }

  it.each(["keydown", "pointerdown", "input", "wheel"])("when the person causes %s, then it counts", (type) => {
    const p = page();
    p.at(0, type);
    expect(p.touches).toEqual([T0]);
  });

  it.each(["mousemove", "pointermove", "focus", "visibilitychange", "load", "scroll"])(
    "when only %s happens, then it does not count (a page merely open, a mouse passing)",
    (type) => {
      const p = page();
      p.at(0, type);
      expect(p.touches).toEqual([]);
    },
  );

  it("when a script dispatches the event (not trusted), then it does not count", () => {
    const p = page(false);
    p.at(0, "keydown");
    p.at(0, "pointerdown");
    expect(p.touches).toEqual([]);
  });

  it("when the person types fast, then one action is recorded per gap: not just before it ends, again exactly at it", () => {
    const p = page();
    p.at(0, "keydown");
    p.at(1, "input");
    p.at(ACTIVITY_GAP_MS - 1, "keydown");
    p.at(ACTIVITY_GAP_MS, "keydown");
    p.at(ACTIVITY_GAP_MS + 1, "keydown");
    expect(p.touches).toEqual([T0, T0 + ACTIVITY_GAP_MS]);
  });

  it("when the page stops listening, then nothing more counts", () => {
    const p = page();
    p.stop();
    p.at(0, "keydown");
    expect(p.touches).toEqual([]);
  });
});
