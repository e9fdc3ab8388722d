// Where a logged-in session lives between extension pages: chrome.storage.session (memory only,
// gone when the browser closes, not readable by content scripts). Three items, so that each writer
// changes only its own and a race can end locked but never unlocked: the login (server, bearer
// token, account), the unlocked keys, and when the person last acted. The keys are dropped once
// the person has been idle longer than the idle time; the login stays until the server's own
// limits end it. Reading never counts as activity: only `saveSession` and `touchSession` do.
import { browser } from "wxt/browser";
import { decodeBase64Url, encodeBase64Url, identityFromSeeds } from "@sigill/crypto";
import { z } from "zod";
import { Api, type KeyValue, type StaffSession } from "@sigill/client";
import { isAllowedServer } from "./allowed-server.ts";

export type { KeyValue };

/** The subset of a WebExtension storage area used here (browser.storage.session / .local). */
export interface StorageArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

export function chromeArea(area: StorageArea): KeyValue {
  return {
    get: async (key) => (await area.get(key))[key],
    set: (key, value) => area.set({ [key]: value }),
    remove: (key) => area.remove(key),
  };
}

/** browser.storage.local as a key-value area that can also list everything (for sealing old pins). */
export function localArea(): KeyValue & { getAll(): Promise<Record<string, unknown>> } {
  return { ...chromeArea(browser.storage.local), getAll: () => browser.storage.local.get(null) };
}

const LOGIN = "session";
const KEYS = "session-keys";
const ACTIVE = "session-active";

const loginSchema = z.object({
  server: z.string(),
  token: z.string(),
  account: z.object({ id: z.string(), email: z.string(), displayName: z.string(), role: z.string() }),
});
const keysSchema = z.object({ box: z.string(), sign: z.string() });

/**
 * Whether the person counts as idle at `now`: no recorded action, or the last one more than
 * `idleMs` ago. An action more than `idleMs` in the future (the clock was set back) counts as idle
 * too, so that turning the clock back cannot keep keys unlocked.
 */
function isIdle(lastActive: number | undefined, now: number, idleMs: number): boolean {
  return lastActive === undefined || Math.abs(now - lastActive) > idleMs;
}

async function lastActive(store: KeyValue): Promise<number | undefined> {
  const parsed = z.number().safeParse(await store.get(ACTIVE));
  return parsed.success ? parsed.data : undefined;
}

async function loggedIn(store: KeyValue): Promise<z.infer<typeof loginSchema> | null> {
  const parsed = loginSchema.safeParse(await store.get(LOGIN));
  return parsed.success ? parsed.data : null;
}

/** Stores a session the person just logged in to, enrolled or unlocked: their action, so it counts as activity. */
export async function saveSession(store: KeyValue, session: StaffSession, now: number): Promise<void> {
  await store.set(LOGIN, { server: session.api.server, token: session.api.token ?? "", account: session.account });
  await store.set(ACTIVE, now);
  if (session.identity === null) await store.remove(KEYS);
  else
    await store.set(KEYS, {
      box: await encodeBase64Url(session.identity.boxSecretKey),
      sign: await encodeBase64Url(session.identity.signSecretKey.subarray(0, 32)),
    });
}

/**
 * Records an action of the person's own at `now` (a key, a click, typing, a send: see
 * `src/pages/activity.ts`), which keeps the keys unlocked for another `idleMs`. Never revives
 * keys: if the person was already idle past `idleMs`, the keys are dropped first. Does nothing
 * when nobody is logged in.
 */
export async function touchSession(store: KeyValue, now: number, idleMs: number): Promise<void> {
  if ((await loggedIn(store)) === null) return;
  await lockIdleSession(store, now, idleMs);
  await store.set(ACTIVE, now);
}

/** Drops the unlocked keys if the person has been idle longer than `idleMs` at `now` (the alarm's check). */
export async function lockIdleSession(store: KeyValue, now: number, idleMs: number): Promise<void> {
  if ((await store.get(KEYS)) === undefined) return;
  if (isIdle(await lastActive(store), now, idleMs)) await lockSession(store);
}

/** Drops the unlocked keys now; the login stays (the screen was locked). */
export async function lockSession(store: KeyValue): Promise<void> {
  await store.remove(KEYS);
}

/**
 * The stored session, or null when nobody is logged in. Never counts as activity. When the person
 * has been idle longer than `idleMs`, the keys are removed from storage and the session comes
 * back locked (`identity: null`) with its login intact; unreadable keys are removed too. A session
 * for a server `allowedServer` refuses (another one than `managed`, the server IT set by policy, or
 * plain http beyond localhost) is removed and reads as logged out, so a policy set after a login
 * elsewhere takes effect at the next read.
 */
export async function loadSession(
  store: KeyValue,
  now: number,
  idleMs: number,
  managed: string | null,
): Promise<StaffSession | null> {
  const login = await loggedIn(store);
  if (login === null) return null;
  if (!isAllowedServer(login.server, managed)) {
    await clearSession(store);
    return null;
  }
  await lockIdleSession(store, now, idleMs);
  const stored = await store.get(KEYS);
  const keys = keysSchema.safeParse(stored);
  if (!keys.success && stored !== undefined) await lockSession(store);
  const identity = keys.success
    ? await identityFromSeeds(await decodeBase64Url(keys.data.box), await decodeBase64Url(keys.data.sign))
    : null;
  return { api: new Api({ server: login.server, token: login.token }), account: login.account, identity };
}

/**
 * Who is logged in and whether the keys are unlocked at `now`, without writing anything (the
 * popup): keys past the idle time count as locked even before the alarm has removed them, and a
 * session for a server `loadSession` refuses counts as nobody logged in.
 */
export async function peekSession(
  store: KeyValue,
  now: number,
  idleMs: number,
  managed: string | null,
): Promise<{ email: string; unlocked: boolean } | null> {
  const login = await loggedIn(store);
  if (login === null || !isAllowedServer(login.server, managed)) return null;
  const keys = keysSchema.safeParse(await store.get(KEYS)).success;
  return { email: login.account.email, unlocked: keys && !isIdle(await lastActive(store), now, idleMs) };
}

/** Logs out in this browser: the login, the keys and the activity go. */
export async function clearSession(store: KeyValue): Promise<void> {
  await store.remove(KEYS);
  await store.remove(LOGIN);
  await store.remove(ACTIVE);
}

/** Whether a storage change touched the login or the keys (not mere activity): open pages re-read the session then. */
export function changesSession(changedKeys: readonly string[]): boolean {
  return changedKeys.includes(LOGIN) || changedKeys.includes(KEYS);
}
