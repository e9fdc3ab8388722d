// The rig for the webmail journeys: the real Sigill server as a child process (SQLite in a temporary
// folder, or a fresh PostgreSQL database) with its log in a file, Debian's Chromium with the built
// extension (staff, persistent profile) and without it (admin, recipients), Roundcube from
// test/rig/webmail.sh, and IMAP to read what the webmail really delivered.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { connect, createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { ImapFlow } from "imapflow";
import pg from "pg";
import PostalMime, { type Email } from "postal-mime";
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from "playwright-core";
import { openDatabase, type Database } from "@sigill/server/testing";

export type Provider = "sqlite" | "pg";

const root = new URL("../../../", import.meta.url).pathname;
const serverDir = join(root, "server");
export const extensionDir = join(root, "extension", ".output", "chrome-mv3");
/** The extension's id for unpacked builds (manifest.key in extension/wxt.config.ts). */
export const EXTENSION_ID = "cknknnadegeoldhfbhndckpcffgaabhl";
/** The sender address of the Sigill server's own mail in the journeys. */
export const SIGILL_FROM = "sigill@skola.test";
export const WEBMAIL = `http://127.0.0.1:${process.env.WEBMAIL_PORT ?? "8780"}`;
export const WEBMAIL_STATE = process.env.WEBMAIL_STATE ?? "/var/tmp/sigill-webmail";
const PG_URL = process.env.SIGILL_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const CHROMIUM = process.env.SIGILL_CHROMIUM ?? "/usr/bin/chromium";

export function extensionUrl(path: `/${string}`): string {
  return `chrome-extension://${EXTENSION_ID}${path}`;
}

function listens(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port, timeout: 1000 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once("connect", () => {
      done(true);
    });
    socket.once("error", () => {
      done(false);
    });
    socket.once("timeout", () => {
      done(false);
    });
  });
}

/** Why the journeys cannot run here, or null when the rig answers (Roundcube, IMAP, SMTP). */
export async function rigMissing(): Promise<string | null> {
  const port = Number(new URL(WEBMAIL).port);
  const down = [];
  for (const [name, p] of [
    ["Roundcube", port],
    ["IMAP", 143],
    ["SMTP", 25],
  ] as const)
    if (!(await listens(p))) down.push(`${name} (127.0.0.1:${String(p)})`);
  return down.length === 0 ? null : `the webmail rig is not up: ${down.join(", ")}; run test/rig/webmail.sh up`;
}

/**
 * Built artefacts the journeys load: the extension (WXT), the portal (served by the server) and the
 * server itself, which is always rebuilt (under a second) so the journeys run what `npm start` runs.
 */
export async function buildIfMissing(): Promise<void> {
  const run = promisify(execFile);
  await run(process.execPath, ["scripts/build.mjs"], { cwd: serverDir });
  if (!existsSync(join(extensionDir, "manifest.json")))
    await run(join(root, "extension", "node_modules", ".bin", "wxt"), ["build"], { cwd: join(root, "extension") });
  if (!existsSync(join(serverDir, "portal", "dist", "index.html")))
    await run(
      join(serverDir, "node_modules", ".bin", "vite"),
      ["build", "--config", "portal/vite.config.ts", "--logLevel", "warn"],
      { cwd: serverDir },
    );
}

async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, "127.0.0.1");
  await once(probe, "listening");
  const port = (probe.address() as AddressInfo).port;
  probe.close();
  await once(probe, "close");
  return port;
}

export interface SigillServer {
  readonly provider: Provider;
  readonly base: string;
  readonly port: number;
  /** The server's stdout and stderr, appended across restarts. */
  readonly logFile: string;
  /** Direct database access, for what only time would do (expiry) and for checking what is stored. */
  db(): Promise<Database>;
  createAdmin(email: string, name: string): Promise<string>;
  /** Kills the process (the data stays). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** Stops it and removes its data (the temporary folder, or the database). */
  destroy(): Promise<void>;
}

export async function startSigill(provider: Provider): Promise<SigillServer> {
  const dataDir = mkdtempSync(join(tmpdir(), `sigill-journeys-${provider}-`));
  const logFile = join(dataDir, "server.log");
  const port = await freePort();
  const base = `http://localhost:${String(port)}`;
  let databaseUrl = "";
  const dbName = `sigill_journeys_${randomBytes(6).toString("hex")}`;
  if (provider === "pg") {
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    databaseUrl = PG_URL.replace(/\/[^/]*$/, `/${dbName}`);
  }
  const env = {
    ...process.env,
    SIGILL_DATA_DIR: dataDir,
    // Its own configuration file, log key and checkpoints: never a developer's server/sigill.env or
    // server/audit/ (a checkpoint file shared by two databases would say one of them was rewritten).
    SIGILL_CONFIG: join(dataDir, "sigill.env"),
    AUDIT_KEY_FILE: join(dataDir, "audit", "log.key"),
    AUDIT_CHECKPOINT_FILE: join(dataDir, "audit", "checkpoints.jsonl"),
    DATABASE_URL: databaseUrl,
    HOST: "127.0.0.1",
    PORT: String(port),
    PUBLIC_URL: base,
    ORG_NAME: "Solskolan",
    EXTENSION_ORIGINS: `chrome-extension://${EXTENSION_ID}`,
    LOG_LEVEL: "info",
    // Every step logs in or enrols from 127.0.0.1; the default per-minute limits are for the internet.
    RATE_LIMIT_IP_PER_MINUTE: "1000",
    RATE_LIMIT_ACCOUNT_PER_MINUTE: "1000",
    // The server's own mail (mailbox codes, notifications to account holders) goes through the
    // rig's postfix like Roundcube's, so the journeys read it from the real mailboxes.
    SMTP_URL: "smtp://127.0.0.1:25",
    MAIL_FROM: `Sigill <${SIGILL_FROM}>`,
  };
  let child: ChildProcess | undefined;
  const start = async () => {
    const log = openSync(logFile, "a");
    const c = spawn(process.execPath, ["--enable-source-maps", "dist/main.js"], {
      cwd: serverDir,
      env,
      stdio: ["ignore", "pipe", log],
    });
    child = c;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`the server did not start in 30 s (see ${logFile})`));
      }, 30_000);
      c.stdout?.on("data", (d: Buffer) => {
        writeFileSync(logFile, d, { flag: "a" });
        if (d.toString().includes("server listening")) {
          clearTimeout(timer);
          resolve();
        }
      });
      c.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`the server exited (${String(code)}; see ${logFile})`));
      });
    });
    closeSync(log);
  };
  const stop = async () => {
    const c = child;
    child = undefined;
    if (c === undefined || c.exitCode !== null) return;
    const exited = once(c, "exit");
    c.kill("SIGKILL");
    await exited;
  };
  await start();
  return {
    provider,
    base,
    port,
    logFile,
    db: () => openDatabase(provider === "pg" ? databaseUrl : `file:${join(dataDir, "sigill.db")}`),
    createAdmin: async (email, name) => {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ["--enable-source-maps", "dist/cli.js", "create-admin", "--email", email, "--name", name],
        { cwd: serverDir, env },
      );
      const link = new RegExp(`${base}/enrol#[A-Za-z0-9_-]{43}`).exec(stdout)?.[0];
      if (link === undefined) throw new Error("create-admin printed no enrolment link");
      return link;
    },
    stop,
    start,
    destroy: async () => {
      await stop();
      if (provider === "pg") {
        const admin = new pg.Client({ connectionString: PG_URL });
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
        await admin.end();
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const BROWSER_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** The staff member's Chromium: a persistent profile with the built extension loaded unpacked. */
export function launchStaffBrowser(profile: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    locale: "sv-SE",
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
    args: [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`, ...BROWSER_FLAGS],
  });
}

/** Chromium without the extension, for the admin and the recipients (a fresh context each). */
export function launchPlainBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: BROWSER_FLAGS });
}

/** A platform authenticator with PRF that says yes by itself, for passkey prompts on `page`. */
export async function addPasskeyAuthenticator(context: BrowserContext, page: Page): Promise<CDPSession> {
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable", { enableUI: false });
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      ctap2Version: "ctap2_1",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
      hasPrf: true,
    },
  });
  return cdp;
}

/** A person in a fresh browser profile (context) with a passkey authenticator on its one page. */
export async function person(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    locale: "sv-SE",
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  await addPasskeyAuthenticator(context, page);
  return { context, page };
}

/** Logs in to Roundcube on `page` (bare user name and the rig's password). */
export async function loginRoundcube(page: Page, user: string): Promise<void> {
  await page.goto(`${WEBMAIL}/?_task=logout`);
  await page.goto(`${WEBMAIL}/`);
  await page.fill("#rcmloginuser", user);
  await page.fill("#rcmloginpwd", "sigill");
  await Promise.all([page.waitForURL(/_task=mail/), page.click("#rcmloginsubmit")]);
}

/** Opens a new Roundcube compose form on `page` and waits until Roundcube is idle. */
export async function openCompose(page: Page): Promise<void> {
  await page.goto(`${WEBMAIL}/?_task=mail&_action=compose`);
  await page.waitForURL(/_id=/);
  await page.waitForFunction("window.rcmail?.busy === false && document.querySelector('#compose-subject') !== null");
}

/** Types an address into Roundcube's recipient widget, as a person does (ending with a comma). */
export async function addRecipient(page: Page, address: string): Promise<void> {
  await page.click("#compose_to ul.recipient-input input");
  await page.keyboard.type(`${address}, `);
}

export interface Mail {
  readonly uid: number;
  readonly raw: string;
  readonly parsed: Email;
}

/** Every message in `user`'s INBOX on the rig's IMAP server, parsed. */
export async function readInbox(user: string): Promise<Mail[]> {
  const client = new ImapFlow({
    host: "127.0.0.1",
    port: 143,
    secure: false,
    doSTARTTLS: false,
    auth: { user, pass: "sigill" },
    logger: false,
  });
  await client.connect();
  const mails: Mail[] = [];
  try {
    const lock = await client.getMailboxLock("INBOX");
    try {
      // The rig's mailboxes keep earlier runs' mail: only the last day's is read.
      const uids = await client.search({ since: new Date(Date.now() - 86_400_000) }, { uid: true });
      if (Array.isArray(uids) && uids.length > 0)
        for await (const m of client.fetch(uids, { uid: true, source: true }, { uid: true })) {
          if (m.source === undefined) continue;
          mails.push({ uid: m.uid, raw: m.source.toString("utf8"), parsed: await PostalMime.parse(m.source) });
        }
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
  return mails;
}

/** Where screenshots and, for a failed journey, the logs go. */
export function outputDir(provider: Provider): string {
  const dir = new URL(`../../test-output/journeys/${provider}/`, import.meta.url).pathname;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The Roundcube logs' sizes now, so a failure can keep only what was written during the run. */
export function webmailLogMarks(): Map<string, number> {
  const files = [join(WEBMAIL_STATE, "php.log")];
  const logs = join(WEBMAIL_STATE, "roundcube", "logs");
  if (existsSync(logs)) for (const f of readdirSync(logs)) files.push(join(logs, f));
  return new Map(files.filter((f) => existsSync(f)).map((f) => [f, statSync(f).size]));
}

/** Copies the server log and what the Roundcube logs gained since `marks` into `dir`. */
export function keepLogs(dir: string, serverLog: string, marks: Map<string, number>): void {
  if (existsSync(serverLog)) copyFileSync(serverLog, join(dir, "server.log"));
  for (const file of [...webmailLogMarks().keys()]) {
    const from = marks.get(file) ?? 0;
    const size = statSync(file).size;
    if (size <= from) continue;
    const fd = openSync(file, "r");
    const buffer = Buffer.alloc(size - from);
    readSync(fd, buffer, 0, buffer.length, from);
    closeSync(fd);
    writeFileSync(join(dir, `roundcube-${file.slice(WEBMAIL_STATE.length + 1).replaceAll("/", "-")}`), buffer);
  }
}

/** A small, valid PDF with one line of text (pdf.js reads it in the extension's scanner). */
export function makePdf(text: string): Uint8Array {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    "",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  const stream = `BT /F1 14 Tf 72 760 Td (${text}) Tj ET`;
  objects[3] = `<< /Length ${String(stream.length)} >>\nstream\n${stream}\nendstream`;
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${String(i + 1)} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${String(objects.length + 1)}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${String(objects.length + 1)} /Root 1 0 R >>\nstartxref\n${String(xref)}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

/** A link to the message on this run's server, found in a mail's text or HTML. */
export function linkIn(mail: Mail, base: string): string | undefined {
  const text = `${mail.parsed.text ?? ""}\n${mail.parsed.html ?? ""}`;
  const escaped = base.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  return new RegExp(`${escaped}/(?:m/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{43}|inbox/[A-Za-z0-9_-]{22})`).exec(text)?.[0];
}

/** The one-time mailbox codes the Sigill server itself mailed to `user` (proof of the mailbox), newest last. */
export async function mailboxCodes(user: string): Promise<string[]> {
  return (await readInbox(user))
    .filter((m) => m.parsed.from?.address === SIGILL_FROM && (m.parsed.subject ?? "").startsWith("Din kod till Sigill"))
    .map(
      (m) =>
        /\b(\d{4}) (\d{4})\b/
          .exec(m.parsed.text ?? "")
          ?.slice(1, 3)
          .join("") ?? "",
    );
}
