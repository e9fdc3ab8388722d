// The only module that imports libsodium. The sumo build is used because it is the one that
// carries crypto_pwhash (Argon2id), which the recovery-code vault entry needs.
import sodium from "libsodium-wrappers-sumo";

export type Sodium = typeof sodium;

let loaded: Sodium | undefined;

/** Resolves once libsodium's WebAssembly is initialised; later calls return at once. */
export async function loadSodium(): Promise<Sodium> {
  if (loaded === undefined) {
    await sodium.ready;
    loaded = sodium;
  }
  return loaded;
}

/** The initialised instance, for synchronous helpers called only after {@link loadSodium}. */
export function readySodium(): Sodium {
  if (loaded === undefined) throw new Error("libsodium used before loadSodium() resolved");
  return loaded;
}
