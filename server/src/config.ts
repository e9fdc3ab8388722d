import { z } from "zod";

const origin = z.url().transform((u) => new URL(u).origin);
const extensionOrigin = z
  .string()
  .regex(/^(chrome-extension:\/\/[a-p]{32}|moz-extension:\/\/[0-9a-f-]{36})$/, "an extension origin");
const flag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

const configSchema = z.object({
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  SIGILL_DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z.string().optional(),
  /** The portal's public origin (what users' browsers see). Default: http://localhost:PORT. */
  PUBLIC_URL: origin.optional(),
  /** WebAuthn relying party id: the server's domain. Default: the PUBLIC_URL host name. */
  RP_ID: z
    .string()
    .regex(/^[a-z0-9.-]+$/)
    .optional(),
  RP_NAME: z.string().min(1).default("Sigill"),
  ORG_NAME: z.string().min(1).default("Sigill"),
  /** Comma-separated extension origins allowed for CORS and WebAuthn (chrome-extension://<id>). */
  EXTENSION_ORIGINS: z
    .string()
    .default("")
    .transform((s) =>
      s
        .split(",")
        .map((x) => x.trim())
        .filter((x) => x !== ""),
    )
    .pipe(z.array(extensionOrigin)),
  TRUST_PROXY: flag.default(false),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  PORTAL_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  PORTAL_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 7)
    .default(12),
  EXTENSION_IDLE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(8),
  EXTENSION_MAX_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  ENROLMENT_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(72),
  /** Login, enrolment and code-check attempts per client IP per minute. */
  RATE_LIMIT_IP_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(30),
  /** Login attempts per passkey (and so per account) per minute. */
  RATE_LIMIT_ACCOUNT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(10),
  /** SMTP server for e-mail notifications (smtp:// or smtps://, credentials in the URL). Unset: they are only logged. */
  SMTP_URL: z
    .union([z.literal("").transform(() => undefined), z.url({ protocol: /^smtps?$/, hostname: /./ })])
    .optional(),
  /** From header of notification e-mails. */
  MAIL_FROM: z.string().min(1).default("Sigill <no-reply@localhost>"),
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
  readonly trustProxy: boolean;
  readonly logLevel: string;
  readonly sessions: {
    readonly portal: { readonly idleMs: number; readonly maxMs: number };
    readonly extension: { readonly idleMs: number; readonly maxMs: number };
  };
  readonly enrolmentMs: number;
  readonly rateLimits: { readonly perIpPerMinute: number; readonly perAccountPerMinute: number };
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
}

/** Error thrown for an invalid environment; its message names the variables, never their values. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
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
    rateLimits: { perIpPerMinute: e.RATE_LIMIT_IP_PER_MINUTE, perAccountPerMinute: e.RATE_LIMIT_ACCOUNT_PER_MINUTE },
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
  };
}
