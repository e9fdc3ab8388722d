// The REAL server as a child process, for tests that kill it, restart it, or pull its database
// away (crash.test.ts, faults.test.ts, backup.test.ts) and for the load bench: the built
// dist/main.js that `npm start` runs (the global setup builds it once per run), under
// `node --enable-source-maps`, with its own configuration file (never a developer's sigill.env).
import { decodeBase64Url, prfSalt } from "@sigill/crypto";
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect } from "vitest";
import { enrolWithLink, type Kind } from "./client.ts";
import { ORIGIN, type Harness, type Provider } from "./harness.ts";
import { publishKeys, type Person } from "./people.ts";
import { SoftAuthenticator } from "./soft-authenticator.ts";

const serverDir = new URL("../..", import.meta.url).pathname;
const cli = new URL("../../dist/cli.js", import.meta.url).pathname;
const main = new URL("../../dist/main.js", import.meta.url).pathname;

/** A port nobody listens on now. Every (re)start uses the same one, as a real restart would. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, "127.0.0.1");
  await once(probe, "listening");
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** One server "installation": a data directory or PostgreSQL URL, a port, and the running process. */
export class ServerProcess {
  readonly env: NodeJS.ProcessEnv;
  readonly port: number;
  readonly base: string;
  child: ChildProcess | undefined;
  /** Everything the last started process wrote (stdout and stderr). */
  output = "";
  /** Extra Node.js flags for the process (the load bench's probe and CPU profile). */
  readonly nodeArgs: readonly string[];

  constructor(options: { provider: Provider; dataDir: string; dbUrl: string; port: number; nodeArgs?: string[] }) {
    this.port = options.port;
    this.nodeArgs = options.nodeArgs ?? [];
    this.base = `http://127.0.0.1:${String(options.port)}`;
    this.env = {
      ...process.env,
      SIGILL_DATA_DIR: options.dataDir,
      SIGILL_CONFIG: `${options.dataDir}/sigill.env`,
      DATABASE_URL: options.provider === "pg" ? options.dbUrl : "",
      HOST: "127.0.0.1",
      PORT: String(options.port),
      PUBLIC_URL: ORIGIN,
      LOG_LEVEL: "warn",
      RATE_LIMIT_IP_PER_MINUTE: "100000",
      RATE_LIMIT_ACCOUNT_PER_MINUTE: "100000",
      RATE_LIMIT_REPORTS_PER_HOUR: "100000",
      // Checkpoints belong to this installation's database (it outlives restarts and restores);
      // the log key is the default file, shared with tests that write to the database themselves.
      AUDIT_CHECKPOINT_FILE: join(mkdtempSync(join(tmpdir(), "sigill-audit-")), "checkpoints.jsonl"),
    };
  }

  /** Starts the process and waits for its "listening" line. */
  async start(): Promise<void> {
    const child = spawn(process.execPath, ["--enable-source-maps", ...this.nodeArgs, main], {
      cwd: serverDir,
      env: this.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    this.output = "";
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`the server did not start in time:\n${this.output}`));
      }, 30_000);
      const listen = (data: Buffer) => {
        this.output += data.toString("utf8");
        if (this.output.includes(`server listening on http://127.0.0.1:${String(this.port)} `)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on("data", listen);
      child.stderr.on("data", listen);
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the server exited (${String(code ?? signal)}) before listening:\n${this.output}`));
      });
    });
  }

  /** SIGKILL: no shutdown handler runs, nothing is flushed or closed by the server itself. */
  async kill(): Promise<void> {
    const child = this.child;
    if (child !== undefined && child.exitCode === null && child.signalCode === null) {
      const exited = once(child, "exit");
      child.kill("SIGKILL");
      await exited;
    }
    this.child = undefined;
  }

  /** SIGTERM: the server's own shutdown (closes the listener and the database, then exits 0). */
  async stop(): Promise<void> {
    const child = this.child;
    if (child !== undefined && child.exitCode === null && child.signalCode === null) {
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    }
    this.child = undefined;
  }

  /** Runs the admin CLI (`npm run admin -- <args>`) against the same data: its exit code and output. */
  async admin(...args: string[]): Promise<{ code: number; stdout: string }> {
    try {
      const { stdout } = await promisify(execFile)(process.execPath, ["--enable-source-maps", cli, ...args], {
        env: this.env,
      });
      return { code: 0, stdout };
    } catch (error) {
      const e = error as { code?: unknown; stdout?: unknown };
      return { code: typeof e.code === "number" ? e.code : -1, stdout: typeof e.stdout === "string" ? e.stdout : "" };
    }
  }

  /** Runs the admin CLI against the same data and returns the first administrator's enrolment link. */
  async createAdmin(email: string, name: string): Promise<string> {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--enable-source-maps", cli, "create-admin", "--email", email, "--name", name],
      { env: this.env },
    );
    const link = /https:\/\/sigill\.test\/enrol#[A-Za-z0-9_-]{43}/.exec(stdout)?.[0];
    if (link === undefined) throw new Error("create-admin printed no enrolment link");
    return link;
  }
}

/** A person enrolled over HTTP with a software passkey (kept, for later logins) and real published keys. */
export interface ProcessPerson extends Person {
  auth: SoftAuthenticator;
}

/** Enrols through `link` on the process at `base` and publishes real keys. */
export async function enrolPerson(base: string, link: string, kind: Kind = "portal"): Promise<ProcessPerson> {
  const auth = new SoftAuthenticator({ origin: ORIGIN, prfSecret: crypto.getRandomValues(new Uint8Array(32)) });
  // enrolWithLink only uses the harness's base URL.
  const { client, account, response } = await enrolWithLink({ base } as unknown as Harness, link, auth, kind);
  const identity = await publishKeys(
    client,
    account,
    response.id,
    await decodeBase64Url(auth.prf(response.id, await prfSalt())),
  );
  return { client, account, identity, auth };
}

/** The admin invites a staff member; returns the one-time enrolment link. */
export async function inviteLink(admin: Person, email: string, displayName: string): Promise<string> {
  const invited = await admin.client.call("POST", "/api/admin/invitations", { email, displayName, role: "staff" });
  expect(invited.status, JSON.stringify(invited.body)).toBe(201);
  return invited.body.link as string;
}

/** The admin invites a staff member, who enrols through the returned link. */
export async function invitePerson(
  admin: Person,
  email: string,
  displayName: string,
  kind: Kind = "portal",
): Promise<ProcessPerson> {
  return enrolPerson(admin.client.base, await inviteLink(admin, email, displayName), kind);
}
