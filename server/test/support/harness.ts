// Starts the real app on port 0 against a real database: a fresh SQLite file, or a fresh
// PostgreSQL database cloned from the run's migrated template. Nothing of our own is mocked.
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { createApp } from "../../src/app.ts";
import { loadConfig, type Config } from "../../src/config.ts";
import { openDatabase, type Database } from "../../src/db/database.ts";
import type { Deps } from "../../src/deps.ts";
import { ensureOrganisation } from "../../src/modules/accounts/enrolments.ts";
import {
  createNotifier,
  type MailTransport,
  type Notification,
  type OutgoingMail,
} from "../../src/modules/notify/notifier.ts";
import { SoftAuthenticator } from "./soft-authenticator.ts";
import { captureLogs } from "./logs.ts";

export type Provider = "sqlite" | "pg";
export const PROVIDERS: readonly Provider[] = ["sqlite", "pg"];
export const ORIGIN = "https://sigill.test";
export const EXTENSION_ORIGIN = "chrome-extension://abcdefghijklmnopabcdefghijklmnop";

let counter = 0;

/** A fresh, migrated database of `provider` for one test; returns its URL and a disposer. */
export async function freshDatabase(provider: Provider): Promise<{ url: string; drop: () => Promise<void> }> {
  if (provider === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "sigill-test-"));
    return {
      url: `file:${join(dir, "sigill.db")}`,
      drop: () => {
        rmSync(dir, { recursive: true, force: true });
        return Promise.resolve();
      },
    };
  }
  const run = inject("pgRun");
  const adminUrl = inject("pgAdminUrl");
  const name = `${run}_${String(process.pid)}_${String(++counter)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${run}_template`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface Harness {
  readonly provider: Provider;
  readonly base: string;
  readonly deps: Deps;
  readonly database: Database;
  readonly config: Config;
  /** Every log line the server wrote, for "nothing secret in the logs" checks. */
  readonly logs: string[];
  /** Every notification the server asked to send. */
  readonly notifications: Notification[];
  /**
   * Every mail the real notifier rendered and handed to its transport: a sink stands in for the
   * SMTP server (the SMTP path itself is tested in notify.test.ts).
   */
  readonly mails: OutgoingMail[];
  /** While true, the sink refuses mail as a dead relay would. */
  mailDown(down: boolean): void;
  /** Moves the server's clock forward. */
  advance(ms: number): void;
  authenticator(options?: { backupEligible?: boolean; backedUp?: boolean }): SoftAuthenticator;
  close(): Promise<void>;
}

/** `port` 0 picks a free one; a fixed port lets PUBLIC_URL (the passkeys' origin) name it. */
export async function startServer(provider: Provider, env: Record<string, string> = {}, port = 0): Promise<Harness> {
  const { url, drop } = await freshDatabase(provider);
  // The log key and checkpoints live outside the data directory, as in production.
  const auditDir = mkdtempSync(join(tmpdir(), "sigill-audit-"));
  const config = loadConfig({
    AUDIT_KEY_FILE: join(auditDir, "log.key"),
    AUDIT_CHECKPOINT_FILE: join(auditDir, "checkpoints.jsonl"),
    PUBLIC_URL: ORIGIN,
    EXTENSION_ORIGINS: EXTENSION_ORIGIN,
    DATABASE_URL: provider === "pg" ? url : "",
    SIGILL_DATA_DIR: provider === "sqlite" ? url.slice("file:".length, -"/sigill.db".length) : "./unused",
    LOG_LEVEL: "info",
    // Every test request comes from 127.0.0.1; the limits themselves are tested in http.test.ts.
    RATE_LIMIT_IP_PER_MINUTE: "100000",
    RATE_LIMIT_ACCOUNT_PER_MINUTE: "100000",
    RATE_LIMIT_REPORTS_PER_HOUR: "100000",
    ...env,
  });
  const database = await openDatabase(provider === "pg" ? url : url);
  let offset = 0;
  const notifications: Notification[] = [];
  const mails: OutgoingMail[] = [];
  let down = false;
  const mailSink: MailTransport = {
    sendMail: (mail) => {
      if (down) return Promise.reject(Object.assign(new Error("connection refused"), { code: "ECONNREFUSED" }));
      mails.push(mail);
      return Promise.resolve();
    },
    close: () => undefined,
  };
  const { logger, lines: logs } = captureLogs(config.logLevel);
  const notifier = createNotifier(
    { smtpUrl: undefined, mailFrom: config.mailFrom, publicUrl: config.publicUrl, orgName: config.orgName },
    logger,
    mailSink,
  );
  const deps: Deps = {
    db: database.prisma,
    reads: database.reads,
    pieces: database.pieces,
    config,
    logger,
    now: () => new Date(Date.now() + offset),
    notify: (n) => {
      notifications.push(n);
      return notifier.notify(n);
    },
  };
  await ensureOrganisation(deps);
  const server = createApp(deps).listen(port, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", resolve));
  return {
    provider,
    base: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`,
    deps,
    database,
    config,
    logs,
    notifications,
    mails,
    mailDown: (value) => {
      down = value;
    },
    advance: (ms) => {
      offset += ms;
    },
    authenticator: (options = {}) =>
      new SoftAuthenticator({
        origin: new URL(config.publicUrl).origin,
        prfSecret: crypto.getRandomValues(new Uint8Array(32)),
        ...options,
      }),
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      });
      await database.close();
      await drop();
      rmSync(auditDir, { recursive: true, force: true });
    },
  };
}
