// Recipient keys pinned per address on first use; a changed key stops the send until the person
// has seen both fingerprints (the server could otherwise substitute a key unnoticed).

/** Where pins live: chrome.storage.local in the extension, a Map in tests. */
export interface PinStore {
  get(address: string): Promise<string | undefined>;
  set(address: string, fingerprint: string): Promise<void>;
  remove(address: string): Promise<void>;
}

export function memoryPins(): PinStore {
  const pins = new Map<string, string>();
  return {
    get: (address) => Promise.resolve(pins.get(address)),
    set: (address, fingerprint) => {
      pins.set(address, fingerprint);
      return Promise.resolve();
    },
    remove: (address) => {
      pins.delete(address);
      return Promise.resolve();
    },
  };
}

export type PinCheck =
  | { readonly status: "new" }
  | { readonly status: "same" }
  | { readonly status: "changed"; readonly pinned: string; readonly current: string };

export async function checkPin(store: PinStore, address: string, fingerprint: string): Promise<PinCheck> {
  const pinned = await store.get(address);
  if (pinned === undefined) return { status: "new" };
  return pinned === fingerprint ? { status: "same" } : { status: "changed", pinned, current: fingerprint };
}

/** Pins kept in a key-value area (browser.storage.local in the extension). */
export function storagePins(store: {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
}): PinStore {
  return {
    get: async (address) => {
      const value = await store.get(`pin:${address}`);
      return typeof value === "string" ? value : undefined;
    },
    set: (address, fingerprint) => store.set(`pin:${address}`, fingerprint),
    remove: (address) => store.remove(`pin:${address}`),
  };
}
