// Shared by the portal's browser tests: a free port, axe-core's blocking violations, and a CDP
// virtual authenticator (platform, resident keys, user verification, PRF).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer, type AddressInfo } from "node:net";
import type { CDPSession, Page } from "playwright-core";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => {
    probe.close(() => {
      resolve();
    });
  });
  return port;
}

/** axe-core in the page; the violations that block a release (serious and critical). */
export async function seriousViolations(p: Page): Promise<string[]> {
  // Injected through the DevTools protocol, not a <script>: the page's CSP stays as served.
  await p.evaluate(axeSource);
  // (Expressions as strings: this file is type-checked for Node, without the DOM's types.)
  const found = await p.evaluate<{ id: string; impact: string }[]>(
    "axe.run().then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact })))",
  );
  return found.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id);
}

/** Adds a CDP virtual authenticator to the page behind `cdp` (WebAuthn.enable first). */
export async function addVirtualAuthenticator(cdp: CDPSession): Promise<string> {
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
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
  return authenticatorId;
}
