// Webmail pages served on their real host names (mail.google.com, outlook.office.com, ...) to the
// built extension in Chromium: an HTTPS server on 127.0.0.1 with a throwaway certificate made by
// openssl for this run, and Chromium's --host-resolver-rules sending those names to it. The
// extension then sees exactly the origin it would see on the live site: its host rules, the known
// webmail list and the adapters' host checks all run as they would there.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchWithExtension } from "./chromium.ts";

/** A self-signed certificate for `hosts`, made now and thrown away with the folder. */
export function throwawayCertificate(hosts: readonly string[]): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), "sigill-cert-"));
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-days",
        "2",
        "-subj",
        `/CN=${hosts[0] ?? "localhost"}`,
        "-addext",
        `subjectAltName=${hosts.map((h) => `DNS:${h}`).join(",")}`,
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
      ],
      { stdio: "ignore" },
    );
    return { key: readFileSync(join(dir, "key.pem"), "utf8"), cert: readFileSync(join(dir, "cert.pem"), "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Pages by URL without the scheme: "mail.google.com/mail/u/0/" -> HTML. */
export type HostPages = Record<string, string>;

export interface RealHostBrowser {
  readonly context: BrowserContext;
  /** Replaces or adds a page while the browser runs. */
  setPage(url: string, html: string): void;
}

/**
 * Serves `pages` over HTTPS on their own host names and starts Chromium with the built extension,
 * before the file's tests; removes both after.
 */
export function useRealHostBrowser(pages: HostPages, options: { locale?: string } = {}): RealHostBrowser {
  const table = new Map(Object.entries(pages));
  const hosts = [...new Set([...table.keys()].map((u) => u.split("/")[0] ?? ""))];
  let server: https.Server | undefined;
  let context: BrowserContext | undefined;
  const profile = mkdtempSync(join(tmpdir(), "sigill-hosts-"));
  beforeAll(async () => {
    server = https.createServer(throwawayCertificate(hosts), (req, res) => {
      const html = table.get(`${(req.headers.host ?? "").split(":")[0] ?? ""}${req.url ?? ""}`);
      res.statusCode = html === undefined ? 404 : 200;
      res.setHeader("content-type", "text/html; charset=utf-8");
      res.end(html ?? "");
    });
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    context = await launchWithExtension(profile, {
      locale: options.locale ?? "sv-SE",
      ignoreHTTPSErrors: true,
      args: [
        // The pages' hosts go to our server; every other name fails at once (the captures point at
        // Google's and Microsoft's static hosts, which this machine cannot reach), but the Sigill
        // server on localhost.
        `--host-resolver-rules=${hosts.map((h) => `MAP ${h} 127.0.0.1:${String(port)}`).join(", ")}, MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1`,
        "--ignore-certificate-errors",
      ],
    });
  }, 60_000);
  afterAll(async () => {
    await context?.close();
    server?.close();
    rmSync(profile, { recursive: true, force: true });
  });
  return {
    get context() {
      if (context === undefined) throw new Error("the browser is not started yet");
      return context;
    },
    setPage(url, html) {
      table.set(url, html);
    },
  };
}
