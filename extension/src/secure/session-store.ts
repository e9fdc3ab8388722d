// Where a logged-in session lives between extension pages: chrome.storage.session (memory only,
// gone when the browser closes, not readable by content scripts). Unlocked keys are dropped after
// the idle time; the bearer token stays until the server's own limits end it.
import { decodeBase64Url, encodeBase64Url, identityFromSeeds } from "@sigill/crypto";
import { z } from "zod";
import { Api, type KeyValue, type StaffSession } from "@sigill/client";

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

const KEY = "session";
const storedSchema = z.object({
  server: z.string(),
  token: z.string(),
  account: z.object({ id: z.string(), email: z.string(), displayName: z.string(), role: z.string() }),
  keys: z.object({ box: z.string(), sign: z.string() }).nullable(),
  lastActive: z.number(),
});

export async function saveSession(store: KeyValue, session: StaffSession, now: number): Promise<void> {
  const keys =
    session.identity === null
      ? null
      : {
          box: await encodeBase64Url(session.identity.boxSecretKey),
          sign: await encodeBase64Url(session.identity.signSecretKey.subarray(0, 32)),
        };
  await store.set(KEY, {
    server: session.api.server,
    token: session.api.token ?? "",
    account: session.account,
    keys,
    lastActive: now,
  });
}

/** The stored session, with its keys dropped (locked) if it was idle longer than `idleMs`. */
export async function loadSession(store: KeyValue, now: number, idleMs: number): Promise<StaffSession | null> {
  const parsed = storedSchema.safeParse(await store.get(KEY));
  if (!parsed.success) return null;
  const s = parsed.data;
  const idle = now - s.lastActive > idleMs;
  const identity =
    s.keys === null || idle
      ? null
      : await identityFromSeeds(await decodeBase64Url(s.keys.box), await decodeBase64Url(s.keys.sign));
  const session: StaffSession = { api: new Api({ server: s.server, token: s.token }), account: s.account, identity };
  await saveSession(store, session, idle ? s.lastActive : now);
  return session;
}

/** Who is logged in and whether the keys are unlocked, without counting as activity (the popup). */
export async function peekSession(
  store: KeyValue,
  now: number,
  idleMs: number,
): Promise<{ email: string; unlocked: boolean } | null> {
  const parsed = storedSchema.safeParse(await store.get(KEY));
  if (!parsed.success) return null;
  return {
    email: parsed.data.account.email,
    unlocked: parsed.data.keys !== null && now - parsed.data.lastActive <= idleMs,
  };
}

export async function clearSession(store: KeyValue): Promise<void> {
  await store.remove(KEY);
}
