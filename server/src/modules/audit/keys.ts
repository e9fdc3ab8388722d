// The access log's keys. They live in a file outside the database (AUDIT_KEY_FILE), so whoever
// can only write the database cannot make an entry or a checkpoint that verifies. One key per
// line, the last one signs; older lines stay so that entries they signed still verify (rotation).
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { ConfigError } from "../../config.ts";

export interface AuditKey {
  /** Derived from the key itself: 16 hex characters, safe to store and show. */
  readonly id: string;
  readonly secret: Uint8Array;
}

export interface AuditKeyring {
  /** The key new entries and checkpoints are signed with (the file's last line). */
  readonly current: AuditKey;
  readonly byId: ReadonlyMap<string, AuditKey>;
}

const KEY_BYTES = 32;

/** The id of a key: a truncated hash of it under its own label, so ids never reveal the key. */
export function auditKeyId(secret: Uint8Array): string {
  return createHash("sha256").update("sigill-audit-key-id\0").update(secret).digest("hex").slice(0, 16);
}

/**
 * Parses a key file: one base64 or base64url key of 32 bytes per line; blank lines and lines
 * starting with `#` are ignored. Throws {@link ConfigError} (naming the variable, never the
 * content) when a line is not a key or there is none.
 */
export function parseAuditKeys(text: string): AuditKeyring {
  const keys: AuditKey[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(line)) throw new ConfigError("invalid AUDIT_KEY_FILE: a line is not a key");
    const secret = new Uint8Array(Buffer.from(line.replace(/-/g, "+").replace(/_/g, "/"), "base64"));
    if (secret.length !== KEY_BYTES) throw new ConfigError("invalid AUDIT_KEY_FILE: a key is not 32 bytes");
    keys.push({ id: auditKeyId(secret), secret });
  }
  const current = keys.at(-1);
  if (current === undefined) throw new ConfigError("invalid AUDIT_KEY_FILE: no key in the file");
  return { current, byId: new Map(keys.map((k) => [k.id, k])) };
}

/** A new key file's text: a comment and one fresh key. */
export function newAuditKeyFile(): string {
  return (
    "# Sigill access-log keys: one base64 key (32 bytes) per line; the last one signs new entries.\n" +
    "# Rotate by appending a line (openssl rand -base64 32) and restarting. Never delete a line:\n" +
    "# entries and checkpoints signed with it would no longer verify.\n" +
    `${randomBytes(KEY_BYTES).toString("base64")}\n`
  );
}

/**
 * Reads the key file, creating it (mode 600, directory 700) with one new key when it does not
 * exist: the zero-configuration start must work. Two processes starting together both read the
 * one file that won the exclusive create.
 */
export function loadAuditKeys(path: string): AuditKeyring {
  const codeOf = (error: unknown) => {
    const code = (error as { code?: unknown }).code;
    return typeof code === "string" ? code : "unknown";
  };
  try {
    return parseAuditKeys(readFileSync(path, "utf8"));
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    if (codeOf(error) !== "ENOENT")
      throw new ConfigError(`invalid AUDIT_KEY_FILE: it cannot be read (${codeOf(error)})`, { cause: error });
  }
  try {
    mkdirSync(dirname(resolve(path)), { recursive: true, mode: 0o700 });
    writeFileSync(path, newAuditKeyFile(), { flag: "wx", mode: 0o600 });
  } catch (error) {
    if (codeOf(error) !== "EEXIST")
      throw new ConfigError(`invalid AUDIT_KEY_FILE: it does not exist and cannot be created (${codeOf(error)})`, {
        cause: error,
      });
  }
  return parseAuditKeys(readFileSync(path, "utf8"));
}

const cache = new Map<string, AuditKeyring>();

/** The keyring of a key file, read once per process (a rotation takes effect at restart). */
export function auditKeys(config: { readonly audit: { readonly keyFile: string } }): AuditKeyring {
  const path = resolve(config.audit.keyFile);
  let ring = cache.get(path);
  if (ring === undefined) {
    ring = loadAuditKeys(path);
    cache.set(path, ring);
  }
  return ring;
}

/** HMAC-SHA256 under `key` of a labelled message, hex. */
export function auditMac(key: AuditKey, label: string, message: string): string {
  return createHmac("sha256", key.secret).update(`${label}\0${key.id}\0${message}`).digest("hex");
}

/** Whether `mac` is `auditMac(key with keyId, label, message)`; false for an unknown key id. */
export function checkAuditMac(
  ring: AuditKeyring,
  keyId: string | null,
  label: string,
  message: string,
  mac: string | null,
): boolean {
  const key = keyId === null ? undefined : ring.byId.get(keyId);
  if (key === undefined || mac === null || !/^[0-9a-f]{64}$/.test(mac)) return false;
  return timingSafeEqual(Buffer.from(auditMac(key, label, message), "hex"), Buffer.from(mac, "hex"));
}
