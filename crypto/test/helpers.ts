import { expect } from "vitest";
import { CryptoError, type CryptoErrorCode } from "../src/index.ts";

export async function collect(source: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const piece of source) out.push(piece);
  return out;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Deterministic bytes, so failures are reproducible. */
export function pattern(length: number, seed = 7): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (i * 31 + seed) & 255;
  return out;
}

export function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const out = bytes.slice();
  const index = Math.floor(bit / 8);
  out[index] = (out[index] ?? 0) ^ (1 << (bit % 8));
  return out;
}

export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Awaits `run` and returns its CryptoError; fails the test if it resolves or throws anything else. */
export async function cryptoError(run: () => Promise<unknown>, code?: CryptoErrorCode): Promise<CryptoError> {
  let caught: unknown;
  try {
    await run();
  } catch (error) {
    caught = error;
  }
  expect(caught, "expected a CryptoError").toBeInstanceOf(CryptoError);
  const error = caught as CryptoError;
  if (code !== undefined) expect(error.code).toBe(code);
  return error;
}

/** Yields each item after a microtask, like a network or file stream would. */
export async function* asAsync(items: readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const item of items) {
    await Promise.resolve();
    yield item;
  }
}
