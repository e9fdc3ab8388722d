import { CryptoError } from "./errors.ts";
import { readySodium } from "./sodium.ts";

declare const brand: unique symbol;
/** A `Uint8Array` that carries its meaning in the type, so keys cannot be swapped by mistake. */
export type Branded<B extends string> = Uint8Array & { readonly [brand]: B };

/** X25519 public key (32 bytes). */
export type BoxPublicKey = Branded<"BoxPublicKey">;
/** X25519 secret key (32 bytes). */
export type BoxSecretKey = Branded<"BoxSecretKey">;
/** Ed25519 public key (32 bytes). */
export type SignPublicKey = Branded<"SignPublicKey">;
/** Ed25519 secret key in libsodium's 64-byte form (seed || public key). */
export type SignSecretKey = Branded<"SignSecretKey">;
/** A message's random 32-byte key; everything else of the message is derived from it. */
export type MessageKey = Branded<"MessageKey">;
/** The 32-byte secret that travels only in a link's URL fragment. */
export type LinkSecret = Branded<"LinkSecret">;
/** A 16-byte random identifier (message, thread, attachment). */
export type Id16 = Branded<"Id16">;

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

export function fromUtf8(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch (cause) {
    throw new CryptoError("MALFORMED", "invalid UTF-8", { cause });
  }
}

/** Joins byte arrays into one new array; never throws. */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Constant-time comparison; false for different lengths. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && readySodium().memcmp(a, b);
}

export function u16(value: number): Uint8Array {
  const out = new Uint8Array(2);
  new DataView(out.buffer).setUint16(0, value);
  return out;
}

export function u32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value);
  return out;
}

/** Big-endian u64 of a non-negative safe integer. */
export function u64(value: number): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0) throw new CryptoError("INVALID_INPUT", "u64 out of range");
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(value));
  return out;
}

/** Length-prefixed (u16) bytes, for variable fields inside signed or hashed structures. */
export function lengthPrefixed(bytes: Uint8Array): Uint8Array {
  if (bytes.length > 0xffff) throw new CryptoError("TOO_LARGE", "field longer than 65535 bytes");
  return concatBytes(u16(bytes.length), bytes);
}

/** Strict sequential reader: any read past the end is MALFORMED, and so is unread trailing data. */
export class ByteReader {
  private offset = 0;
  private readonly bytes: Uint8Array;
  private readonly view: DataView;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get consumed(): number {
    return this.offset;
  }

  take(length: number): Uint8Array {
    if (length < 0 || this.offset + length > this.bytes.length) {
      throw new CryptoError("MALFORMED", "input ends early");
    }
    const out = this.bytes.slice(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  u8(): number {
    return this.take(1)[0] ?? 0;
  }

  u16(): number {
    const at = this.offset;
    this.take(2);
    return this.view.getUint16(at);
  }

  u32(): number {
    const at = this.offset;
    this.take(4);
    return this.view.getUint32(at);
  }

  /** A u64 that must fit in a JavaScript safe integer. */
  u64(): number {
    const at = this.offset;
    this.take(8);
    const value = this.view.getBigUint64(at);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new CryptoError("MALFORMED", "u64 field out of range");
    return Number(value);
  }

  /** Checks a magic prefix and returns the version byte that follows it. */
  magic(expected: Uint8Array, supportedVersion: number, what: string): void {
    const got = this.take(expected.length);
    if (!got.every((b, i) => b === expected[i])) throw new CryptoError("MALFORMED", `not a ${what}`);
    const version = this.u8();
    if (version !== supportedVersion) {
      throw new CryptoError("UNSUPPORTED_VERSION", `${what} version ${String(version)} is not supported`);
    }
  }

  end(): void {
    if (this.offset !== this.bytes.length) throw new CryptoError("MALFORMED", "unexpected trailing bytes");
  }
}

const B64URL = /^[A-Za-z0-9_-]*$/;

/** base64url without padding: the only text form of bytes on the wire. */
export function toBase64Url(bytes: Uint8Array): string {
  return readySodium().to_base64(bytes, readySodium().base64_variants.URLSAFE_NO_PADDING);
}

/**
 * Strict base64url (no padding) decoding.
 * @throws CryptoError `MALFORMED` on any other character, on an impossible length, or on a
 *   non-canonical encoding (unused low bits set), so each byte string has exactly one text form.
 */
export function fromBase64Url(text: string): Uint8Array {
  if (!B64URL.test(text) || text.length % 4 === 1) throw new CryptoError("MALFORMED", "invalid base64url");
  let bytes: Uint8Array;
  try {
    bytes = readySodium().from_base64(text, readySodium().base64_variants.URLSAFE_NO_PADDING);
  } catch (cause) {
    throw new CryptoError("MALFORMED", "invalid base64url", { cause });
  }
  if (toBase64Url(bytes) !== text) throw new CryptoError("MALFORMED", "non-canonical base64url");
  return bytes;
}

/** Refuses anything but a Uint8Array of exactly `length` bytes (the caller's mistake). */
export function checkLength(bytes: Uint8Array, length: number, what: string): void {
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
    throw new CryptoError("INVALID_INPUT", `${what} must be ${String(length)} bytes`);
  }
}

/**
 * `bytes` as an Ed25519 public key, once its length is checked: for a key read back from storage
 * (the server's key directory), so no caller casts bytes to the brand.
 * @throws CryptoError `INVALID_INPUT` unless it is 32 bytes.
 */
export function asSignPublicKey(bytes: Uint8Array): SignPublicKey {
  checkLength(bytes, 32, "signing public key");
  return bytes as SignPublicKey;
}
