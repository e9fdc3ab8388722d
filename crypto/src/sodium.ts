// The only module that imports libsodium. The sumo build is used because it is the one that
// carries crypto_pwhash (Argon2id), which the recovery-code vault entry needs. It is imported on
// first use, not at load: bundlers then put its ~800 KB (JavaScript with the WebAssembly inlined)
// in a chunk of its own, which a web page loads only when it does cryptography (the portal's
// admin pages never do).
import type sodiumModule from "libsodium-wrappers-sumo";

export type Sodium = typeof sodiumModule;

let loaded: Sodium | undefined;
let loading: Promise<Sodium> | undefined;

/** Resolves once libsodium's WebAssembly is initialised; later calls return at once. */
export async function loadSodium(): Promise<Sodium> {
  if (loaded !== undefined) return loaded;
  loading ??= import("libsodium-wrappers-sumo").then(async (module) => {
    const sodium = module.default;
    await sodium.ready;
    loaded = sodium;
    return sodium;
  });
  return loading;
}

/** The initialised instance, for synchronous helpers called only after {@link loadSodium}. */
export function readySodium(): Sodium {
  if (loaded === undefined) throw new Error("libsodium used before loadSodium() resolved");
  return loaded;
}
