import { isIP } from "node:net";
import { z } from "zod";

const origin = z.url().transform((u) => new URL(u).origin);
const extensionOrigin = z
  .string()
  .regex(/^(chrome-extension:\/\/[a-p]{32}|moz-extension:\/\/[0-9a-f-]{36})$/, "an extension origin");
/** A proxy address for Express's `trust proxy`: an IP, an IP/prefix subnet, or one of proxy-addr's named ranges. */
const proxyAddress = z.string().refine((s) => {
  if (["loopback", "linklocal", "uniquelocal"].includes(s)) return true;
  const [address = "", prefix, ...rest] = s.split("/");
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128));
}, "an IP address, subnet or loopback/linklocal/uniquelocal");
/** TRUST_PROXY: a hop count, or the list of the proxies' addresses; never "every proxy" (issue 20). */
const trustedProxies = z.union([
  z.literal("false").transform(() => 0),
  z
    .string()
    .regex(/^\d{1,2}$/)
    .transform(Number)
    .pipe(z.number().int().min(0).max(10)),
  // "true" is none of these, so it is refused.
  z
    .string()
    .transform((s) => s.split(",").map((x) => x.trim()))
    .pipe(z.array(proxyAddress).min(1)),
]);

/** The environment the server reads; docs/operations.md's configuration table is generated from it. */
export const configSchema = z.object({
  HOST: z
    .string()
    .min(1)
    .default("127.0.0.1")
    .describe(
      "Address to listen on (`0.0.0.0` for every interface; keep the default behind a reverse proxy on the same host).",
    ),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080).describe("TCP port to listen on (0: any free port)."),
  SIGILL_DATA_DIR: z
    .string()
    .min(1)
    .default("./data")
    .describe(
      "Directory of the embedded SQLite database `sigill.db` (relative to the working directory). Unused with PostgreSQL.",
    ),
  DATABASE_URL: z
    .string()
    .optional()
    .describe(
      "A `postgres://user:password@host:5432/db` URL switches to PostgreSQL (several instances may share it). Unset or empty: SQLite.",
    ),
  PUBLIC_URL: origin
    .optional()
    .describe(
      "The portal's origin as users' browsers see it (default `http://localhost:PORT`). `https://` turns on HSTS; passkeys are bound to it.",
    ),
  RP_ID: z
    .string()
    .regex(/^[a-z0-9.-]+$/)
    .optional()
    .describe(
      "WebAuthn relying-party id, the domain passkeys belong to (default: the host name of `PUBLIC_URL`). Changing it later invalidates every passkey.",
    ),
  RP_NAME: z.string().min(1).default("Sigill").describe("Name shown in passkey prompts."),
  ORG_NAME: z
    .string()
    .min(1)
    .default("Sigill")
    .describe("The organisation's name, stored at first start and used in notification mails."),
  EXTENSION_ORIGINS: z
    .string()
    .default("")
    .transform((s) =>
      s
        .split(",")
        .map((x) => x.trim())
        .filter((x) => x !== ""),
    )
    .pipe(z.array(extensionOrigin))
    .describe(
      "Comma-separated `chrome-extension://<id>` / `moz-extension://<uuid>` origins of the browser extension: allowed for CORS and as WebAuthn origins.",
    ),
  TRUST_PROXY: z
    .string()
    .default("0")
    .transform((s) => s.trim())
    .pipe(trustedProxies)
    .describe(
      "Which reverse proxies to believe about the client: a hop count (`1` for one proxy in front, as in the nginx example), or a comma-separated list of the proxies' addresses or subnets (`10.0.0.0/8`, `loopback`, `uniquelocal`). The client IP (rate limits, access log) and scheme are read from `X-Forwarded-For`/`-Proto` through those hops only; entries a client put further left are ignored. `0` or `false`: no proxy, the socket's address counts. `true` (trust every proxy) is refused: it would let any client choose its IP.",
    ),
  LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
    .default("info")
    .describe("pino log level (JSON lines on stdout; never content, keys or tokens)."),
  PORTAL_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30)
    .describe("Portal sessions end after this many minutes without a request."),
  PORTAL_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 7)
    .default(12)
    .describe("Portal sessions end this many hours after login, used or not."),
  EXTENSION_IDLE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(8)
    .describe("Extension sessions end after this many hours without a request."),
  EXTENSION_MAX_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(365)
    .default(7)
    .describe("Extension sessions end this many days after login."),
  ENROLMENT_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(72)
    .describe("Lifetime of enrolment links and mailed reset links, in hours (a handover link lives at most 8)."),
  RATE_LIMIT_IP_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(30)
    .describe(
      "Login, enrolment and access-code attempts per client IP per minute (set `TRUST_PROXY` behind a proxy, or every user shares the proxy's IP).",
    ),
  RATE_LIMIT_ACCOUNT_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(10)
    .describe("Login attempts per passkey (and so per account) per minute."),
  RATE_LIMIT_REPORTS_PER_HOUR: z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(60)
    .describe(
      "Reports a webmail page can set off through the extension (unrecognised compose windows, files sent unchecked) per account and kind per hour. Past it the server answers 429 and writes one `extension.reports_limited` entry that hour, so a page that floods the log is seen, not its noise.",
    ),
  MAX_TRANSFERS_PER_ACCOUNT: z.coerce
    .number()
    .int()
    .min(2)
    .max(1_000)
    .default(8)
    .describe(
      "Attachment downloads and piece uploads one account may have running at once; more are answered with 429 RATE_LIMITED and `Retry-After: 1`, so one account holding slow transfers open cannot take every place of `MAX_REQUESTS_IN_FLIGHT` from everyone else.",
    ),
  MAX_REQUESTS_IN_FLIGHT: z.coerce
    .number()
    .int()
    .min(8)
    .max(100_000)
    .default(256)
    .describe(
      "API requests one process works on at once; more are answered at once with 503 SERVER_BUSY and `Retry-After: 1` instead of queueing until they time out (open downloads and uploads count while they run).",
    ),
  SMTP_URL: z
    .union([z.literal("").transform(() => undefined), z.url({ protocol: /^smtps?$/, hostname: /./ })])
    .optional()
    .describe(
      "SMTP server for content-free notification mails and reset links (`smtp://` or `smtps://`, credentials in the URL). Unset: notifications are only logged, reset links cannot be mailed (use the two-admin handover), and first-time recipients cannot enrol: the mailbox code is their only proof, and asking for one answers `MAIL_UNAVAILABLE`.",
    ),
  MAIL_FROM: z.string().min(1).default("Sigill <no-reply@localhost>").describe("From header of notification mails."),
  AUDIT_KEY_FILE: z
    .string()
    .min(1)
    .default("./audit/log.key")
    .describe(
      "The access log's keys, one base64 key of 32 bytes per line, the last one signing (relative to the working directory). Keep it outside the data directory and out of database backups; created with one key on first start if missing. Rotate by appending a line and restarting; never remove an old line.",
    ),
  AUDIT_CHECKPOINT_FILE: z
    .string()
    .min(1)
    .default("./audit/checkpoints.jsonl")
    .describe(
      "Append-only file where the server writes signed checkpoints of the access log's head; verification checks the database against every one. Keep it outside the data directory, ideally `chattr +a` (see Access log below).",
    ),
  AUDIT_CHECKPOINT_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(10)
    .describe(
      "A checkpoint is written this many minutes after the last one if the log grew (also at start and on shutdown).",
    ),
  AUDIT_CHECKPOINT_ENTRIES: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(500)
    .describe("…or sooner, at the next minute, once this many entries were added since the last checkpoint."),
  AUDIT_CHECKPOINT_MAIL_TO: z
    .union([z.literal("").transform(() => undefined), z.email()])
    .optional()
    .describe(
      "The data-protection officer's address: the latest checkpoint is mailed there at start and then daily (needs `SMTP_URL`), a copy of the log's head outside this server. Unset: no mail.",
    ),
});

export interface Config {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly publicUrl: string;
  readonly rpId: string;
  readonly rpName: string;
  readonly orgName: string;
  readonly extensionOrigins: readonly string[];
  /** Express's `trust proxy`: hops to believe in X-Forwarded-For, or the proxies' addresses. */
  readonly trustProxy: number | readonly string[];
  readonly logLevel: string;
  readonly sessions: {
    readonly portal: { readonly idleMs: number; readonly maxMs: number };
    readonly extension: { readonly idleMs: number; readonly maxMs: number };
  };
  readonly enrolmentMs: number;
  readonly rateLimits: {
    readonly perIpPerMinute: number;
    readonly perAccountPerMinute: number;
    readonly reportsPerHour: number;
  };
  readonly maxRequestsInFlight: number;
  readonly maxTransfersPerAccount: number;
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  readonly audit: {
    readonly keyFile: string;
    readonly checkpointFile: string;
    readonly checkpointEveryMs: number;
    readonly checkpointEveryEntries: number;
    readonly checkpointMailTo: string | undefined;
  };
}

/** Error thrown for an invalid environment; its message names the variables, never their values. */
export class ConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ConfigError";
  }
}

/** Parses the environment once at start-up; the process exits on invalid configuration. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const names = [...new Set(parsed.error.issues.map((i) => String(i.path[0])))].join(", ");
    throw new ConfigError(`invalid configuration: ${names}`);
  }
  const e = parsed.data;
  const publicUrl = e.PUBLIC_URL ?? `http://localhost:${String(e.PORT)}`;
  const minute = 60_000;
  const hour = 60 * minute;
  return {
    host: e.HOST,
    port: e.PORT,
    dataDir: e.SIGILL_DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    publicUrl,
    rpId: e.RP_ID ?? new URL(publicUrl).hostname,
    rpName: e.RP_NAME,
    orgName: e.ORG_NAME,
    extensionOrigins: e.EXTENSION_ORIGINS,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    sessions: {
      portal: { idleMs: e.PORTAL_IDLE_MINUTES * minute, maxMs: e.PORTAL_MAX_HOURS * hour },
      extension: { idleMs: e.EXTENSION_IDLE_HOURS * hour, maxMs: e.EXTENSION_MAX_DAYS * 24 * hour },
    },
    enrolmentMs: e.ENROLMENT_HOURS * hour,
    rateLimits: {
      perIpPerMinute: e.RATE_LIMIT_IP_PER_MINUTE,
      perAccountPerMinute: e.RATE_LIMIT_ACCOUNT_PER_MINUTE,
      reportsPerHour: e.RATE_LIMIT_REPORTS_PER_HOUR,
    },
    maxRequestsInFlight: e.MAX_REQUESTS_IN_FLIGHT,
    maxTransfersPerAccount: e.MAX_TRANSFERS_PER_ACCOUNT,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    audit: {
      keyFile: e.AUDIT_KEY_FILE,
      checkpointFile: e.AUDIT_CHECKPOINT_FILE,
      checkpointEveryMs: e.AUDIT_CHECKPOINT_MINUTES * minute,
      checkpointEveryEntries: e.AUDIT_CHECKPOINT_ENTRIES,
      checkpointMailTo: e.AUDIT_CHECKPOINT_MAIL_TO,
    },
  };
}
