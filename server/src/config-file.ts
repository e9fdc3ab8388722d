// The configuration file both entry points read: the server (main.ts) and the operator's command
// line (cli.ts). `npm start` writes it on the first start with the settings it actually used (port,
// portal address, data directory), so `npm run admin -- create-admin …` in another shell prints a
// link to the server that is running, not to the defaults. Environment variables override it.
//
// Format: `NAME=value` lines (a value may be in double quotes), `#` comments and blank lines; only
// the settings of configSchema. The file may hold DATABASE_URL or SMTP_URL credentials: it is
// written with mode 0600 and never printed.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { ConfigError, configSchema, type Config } from "./config.ts";
import { serverPath } from "./paths.ts";

/** The file's path: SIGILL_CONFIG, or sigill.env in the server package's directory. */
export function configFilePath(env: Record<string, string | undefined>): string {
  const chosen = env.SIGILL_CONFIG;
  return chosen === undefined || chosen === "" ? serverPath("sigill.env") : resolve(chosen);
}

const NAMES: ReadonlySet<string> = new Set(Object.keys(configSchema.shape));
const LINE = /^([A-Z][A-Z0-9_]*)=(.*)$/;

/**
 * Parses the file's text into settings.
 * @throws ConfigError naming the line (never its value) for a malformed line or unknown setting.
 */
export function parseConfigFile(text: string, name = "sigill.env"): Record<string, string> {
  const out: Record<string, string> = {};
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const m = LINE.exec(line);
    const key = m?.[1];
    if (m === null || key === undefined) throw new ConfigError(`${name} line ${String(i + 1)}: expected NAME=value`);
    if (!NAMES.has(key)) throw new ConfigError(`${name} line ${String(i + 1)}: unknown setting ${key}`);
    let value = (m[2] ?? "").trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    out[key] = value;
  });
  return out;
}

/**
 * The settings in force: the file's, overridden by the environment. Returns the file's own
 * settings too (empty when there is no file), so a caller can tell which came from where.
 */
export function settingsFrom(env: Record<string, string | undefined>): {
  readonly path: string;
  readonly file: Readonly<Record<string, string>>;
  readonly merged: Record<string, string | undefined>;
} {
  const path = configFilePath(env);
  const file = existsSync(path) ? parseConfigFile(readFileSync(path, "utf8"), path) : {};
  const merged: Record<string, string | undefined> = { ...file };
  for (const [key, value] of Object.entries(env)) if (value !== undefined) merged[key] = value;
  return { path, file, merged };
}

/** The settings a first start records: where the server listens and keeps its data and its log's anchors. */
export function firstStartFile(config: Config, settings: Record<string, string | undefined>): string {
  const lines = [
    "# Sigill's configuration, written by the first start of the server. The server and the",
    "# `npm run admin` command line both read it; environment variables override it.",
    "# Every setting: docs/operations.md (Configuration).",
    `PORT=${String(config.port)}`,
    `PUBLIC_URL=${config.publicUrl}`,
  ];
  if (config.databaseUrl === undefined) lines.push(`SIGILL_DATA_DIR=${resolve(config.dataDir)}`);
  else lines.push(`DATABASE_URL=${config.databaseUrl}`);
  // The access log's key and checkpoints, absolute: a command line run from another folder must
  // sign with the same key and check the same checkpoints.
  lines.push(`AUDIT_KEY_FILE=${resolve(config.audit.keyFile)}`);
  lines.push(`AUDIT_CHECKPOINT_FILE=${resolve(config.audit.checkpointFile)}`);
  if (settings.RP_ID !== undefined) lines.push(`RP_ID=${config.rpId}`);
  if (settings.HOST !== undefined) lines.push(`HOST=${config.host}`);
  return `${lines.join("\n")}\n`;
}

/**
 * Writes the file on the first start (never over an existing one). A server on PORT=0 (any free
 * port, as in tests) has no stable address to record and writes nothing.
 * @returns the settings written, or null when nothing was.
 * @throws ConfigError when the file cannot be written (its directory is missing or read-only).
 */
export function writeOnFirstStart(
  path: string,
  config: Config,
  settings: Record<string, string | undefined>,
): Record<string, string> | null {
  if (config.port === 0 || existsSync(path)) return null;
  const text = firstStartFile(config, settings);
  try {
    writeFileSync(path, text, { mode: 0o600, flag: "wx" });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unknown";
    throw new ConfigError(`could not write the configuration file ${path} (${code})`);
  }
  return parseConfigFile(text);
}

/** Settings that matter to the command line and differ between this process's environment and the file. */
const SHARED = ["PORT", "PUBLIC_URL", "SIGILL_DATA_DIR", "RP_ID"];

/**
 * The command an operator runs to create the first administrator, exactly as it works from the
 * repository root: prefixed with the settings this server took from its environment rather than
 * the file (the command line would otherwise not find the same server).
 */
export function createAdminCommand(
  env: Record<string, string | undefined>,
  file: Readonly<Record<string, string>>,
): string {
  const prefix = [...SHARED, "SIGILL_CONFIG"]
    .filter((key) => env[key] !== undefined && env[key] !== file[key])
    .map((key) => `${key}=${shellQuote(key === "SIGILL_CONFIG" ? resolve(env[key] ?? "") : (env[key] ?? ""))} `);
  const database =
    env.DATABASE_URL !== undefined && env.DATABASE_URL !== file.DATABASE_URL ? "DATABASE_URL=<as for the server> " : "";
  return `${prefix.join("")}${database}npm run admin -- create-admin --email you@school.example --name "Your Name"`;
}

function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:@-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`;
}
