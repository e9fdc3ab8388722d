import { concatBytes } from "@sigill/crypto";

/** Joins a stream of byte pieces into one array (for data the extension holds in memory anyway). */
export async function collectBytes(source: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const p of source) parts.push(p);
  return concatBytes(...parts);
}
