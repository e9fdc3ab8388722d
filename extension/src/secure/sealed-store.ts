// What the extension trusts from storage.local: the organisation's policy copy (fetched over the
// authenticated channel) and the recipients' key pins. Each value is stored with an HMAC-SHA-256
// tag over its key name and its canonical JSON, under a key that never leaves the extension: a
// non-extractable CryptoKey in the extension's own IndexedDB, which content scripts (they run in
// the web page's origin) cannot open, and whose bytes no script can read. A value written by
// anything else (no tag, a wrong tag, another entry's tag) is not trusted: reading it throws
// SealError, and the policy's readers then act as if there were no policy (fail closed).
import { decodeBase64Url, encodeBase64Url } from "@sigill/crypto";
import type { KeyValue } from "@sigill/client";

/** A stored value that the extension did not write (or that was changed since). */
export class SealError extends Error {
  constructor(key: string) {
    super(`storage entry ${key} is not sealed by this extension`);
    this.name = "SealError";
  }
}

/** Signs and verifies with one secret key. */
export interface Sealer {
  sign(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array>;
  verify(data: Uint8Array<ArrayBuffer>, tag: Uint8Array<ArrayBuffer>): Promise<boolean>;
}

/** HMAC-SHA-256 with `key` (WebCrypto; constant-time verification). */
export function hmacSealer(key: CryptoKey, subtle: SubtleCrypto = crypto.subtle): Sealer {
  return {
    sign: async (data) => new Uint8Array(await subtle.sign("HMAC", key, data)),
    verify: (data, tag) => subtle.verify("HMAC", key, tag, data),
  };
}

/** JSON with object keys sorted, so the tag does not depend on how storage orders them. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null)
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  // Storage keeps JSON only: anything JSON has no text for (undefined) is null there too.
  return value === undefined ? "null" : JSON.stringify(value);
}

const bytesOf = (key: string, value: unknown) => new TextEncoder().encode(`${key}\n${canonical(value)}`);

/**
 * `area` with every value sealed: `set` stores `{ sealed, tag }`; `get` gives the value back only
 * when its tag verifies for this key name, undefined when there is nothing.
 * @throws SealError from `get` when a value is there but not sealed by `sealer`'s key.
 */
export function sealedArea(area: KeyValue, sealer: Sealer): KeyValue {
  return {
    get: async (key) => {
      const stored = await area.get(key);
      if (stored === undefined) return undefined;
      if (typeof stored !== "object" || stored === null || !("sealed" in stored) || !("tag" in stored))
        throw new SealError(key);
      if (typeof stored.tag !== "string") throw new SealError(key);
      const tag = await decodeBase64Url(stored.tag).catch(() => null);
      if (tag === null || !(await sealer.verify(bytesOf(key, stored.sealed), new Uint8Array(tag))))
        throw new SealError(key);
      return stored.sealed;
    },
    set: async (key, value) => {
      const tag = await encodeBase64Url(await sealer.sign(bytesOf(key, value)));
      await area.set(key, { sealed: value, tag });
    },
    remove: (key) => area.remove(key),
  };
}

const DB = "sigill-seal";
const STORE = "keys";
const ID = "storage";

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => {
      resolve(r.result);
    };
    r.onerror = () => {
      reject(r.error ?? new Error("IndexedDB request failed"));
    };
  });
}

/**
 * The extension's sealing key from its IndexedDB, made (non-extractable) on first use. `created`
 * says this call made it: the caller then seals what storage held from before sealing began.
 */
export async function openSealKey(idb: IDBFactory = indexedDB): Promise<{ key: CryptoKey; created: boolean }> {
  const open = idb.open(DB, 1);
  open.onupgradeneeded = () => {
    open.result.createObjectStore(STORE);
  };
  const db = await request(open);
  try {
    const fresh = await crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    // One read-write transaction: two pages opening at once end with the same key.
    const tx = db.transaction(STORE, "readwrite");
    const store = tx.objectStore(STORE);
    const existing = (await request(store.get(ID))) as CryptoKey | undefined;
    if (existing !== undefined) return { key: existing, created: false };
    await request(store.add(fresh, ID));
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => {
        resolve();
      };
      tx.onerror = () => {
        reject(tx.error ?? new Error("IndexedDB transaction failed"));
      };
    });
    return { key: fresh, created: true };
  } finally {
    db.close();
  }
}

/**
 * The sealed view of storage.local for pins and the policy. When the key was made just now, the
 * pins already stored (from before sealing began) are sealed as they are; an unsealed policy copy
 * is left to be refetched.
 */
export async function openTrustedArea(
  local: KeyValue & { getAll(): Promise<Record<string, unknown>> },
  idb: IDBFactory = indexedDB,
): Promise<KeyValue> {
  const { key, created } = await openSealKey(idb);
  const area = sealedArea(local, hmacSealer(key));
  if (created)
    for (const [name, value] of Object.entries(await local.getAll()))
      if (name.startsWith("pin:") && typeof value === "string") await area.set(name, value);
  return area;
}

/**
 * A key-value area opened on first use: a page or the background script starts without waiting for
 * IndexedDB, and an area that failed to open is tried again on the next use (each use fails till then).
 */
export function lazyArea(open: () => Promise<KeyValue>): KeyValue {
  let opened: Promise<KeyValue> | undefined;
  const area = () => {
    opened ??= open().catch((error: unknown) => {
      opened = undefined;
      throw error;
    });
    return opened;
  };
  return {
    get: async (key) => (await area()).get(key),
    set: async (key, value) => {
      await (await area()).set(key, value);
    },
    remove: async (key) => {
      await (await area()).remove(key);
    },
  };
}
