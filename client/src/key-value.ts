/** A key-value area (chrome.storage.session / .local in the extension, a Map in tests). */
export interface KeyValue {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
}

/**
 * A key-value area in memory that copies what goes in and out as browser storage does (for tests,
 * and anywhere nothing should outlive the page); `items` is the area itself.
 */
export function memoryArea(): KeyValue & { readonly items: Map<string, unknown> } {
  const items = new Map<string, unknown>();
  return {
    items,
    get: (key) => Promise.resolve(structuredClone(items.get(key))),
    set: (key, value) => {
      items.set(key, structuredClone(value));
      return Promise.resolve();
    },
    remove: (key) => {
      items.delete(key);
      return Promise.resolve();
    },
  };
}
