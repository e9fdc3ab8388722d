// What a webmail page can reach of the extension, in real Chromium with the built extension: the
// page's own world has no extension storage, and the content script's world (which a compromised
// renderer controls as well) can neither read nor write storage.local, where the server address,
// the policy copy and the key pins live. The attack is run from both worlds through the DevTools
// protocol; the service worker then finds storage untouched.
import type { CDPSession, Page, Worker } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEV_EXTENSION_ID } from "../wxt.config.ts";
import { bannerStates, storeSealed, useExtensionBrowser } from "./chromium.ts";
import { orgPolicyListing } from "./org-policy.ts";

const PAGE = `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Webbmejl</title></head>
<body><textarea id="note"></textarea></body></html>`;
const PNR = "19121212-1212"; // Skatteverket's published test number

const env = useExtensionBrowser({ "/mail": PAGE });

/** A policy as the server states it, listing `webmailDomains`. */
const policy = (webmailDomains: string[]) => orgPolicyListing(webmailDomains);

/** Writes `items` into storage.local unsealed, from an extension page: storage changed behind the extension's back. */
async function writeRaw(items: Record<string, unknown>): Promise<void> {
  const page = await env.context.newPage();
  await page.goto(`chrome-extension://${DEV_EXTENSION_ID}/options.html`);
  await page.evaluate(`chrome.storage.local.set(${JSON.stringify(items)})`);
  await page.close();
}

/** Whether the generic guard takes the plain editor on 127.0.0.1 (only where policy lists the host). */
async function guardedHere(): Promise<boolean> {
  const page = await env.context.newPage();
  await page.goto(`${env.base}/mail`);
  const cdp = await env.context.newCDPSession(page);
  await page.locator("#note").fill(`Personnummer ${PNR}`);
  await page.locator("#note").press("End");
  const shown = await expect
    .poll(async () => (await bannerStates(cdp)).some((b) => !b.hidden), { timeout: 8000 })
    .toBe(true)
    .then(
      () => true,
      () => false,
    );
  await page.close();
  return shown;
}

/** The part of `chrome.storage.local` the service worker uses here (evaluated in the worker). */
interface LocalArea {
  get(keys: null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}
declare const chrome: { storage: { local: LocalArea } };

async function serviceWorker(): Promise<Worker> {
  return env.context.serviceWorkers()[0] ?? (await env.context.waitForEvent("serviceworker"));
}

/** Evaluates `expression` (awaited) in the extension's content-script world of `page`; the outcome as text. */
async function inContentWorld(cdp: CDPSession, contexts: Map<string, number>, expression: string): Promise<string> {
  await expect.poll(() => contexts.has("Sigill"), { timeout: 10_000 }).toBe(true);
  const contextId = contexts.get("Sigill") ?? 0;
  const result = (await cdp.send("Runtime.evaluate", {
    expression: `(async () => { try { return "ok:" + JSON.stringify(await (${expression})); } catch (e) { return "refused:" + String(e); } })()`,
    contextId,
    awaitPromise: true,
    returnByValue: true,
  })) as { result: { value?: string } };
  return result.result.value ?? "";
}

async function openMail(): Promise<{ page: Page; cdp: CDPSession; contexts: Map<string, number> }> {
  const page = await env.context.newPage();
  const cdp = await env.context.newCDPSession(page);
  const contexts = new Map<string, number>();
  cdp.on(
    "Runtime.executionContextCreated",
    (event: { context: { id: number; name: string; auxData?: { type?: string } } }) => {
      if (event.context.auxData?.type === "isolated") contexts.set(event.context.name, event.context.id);
    },
  );
  await cdp.send("Runtime.enable");
  await page.goto(`${env.base}/mail`);
  return { page, cdp, contexts };
}

describe("what a webmail page's renderer can reach of extension storage", () => {
  it("when the content script's world tries to rewrite the pins, the policy or the server address, then storage refuses and nothing changes", async () => {
    const worker = await serviceWorker();
    const before = await worker.evaluate(async () => {
      await chrome.storage.local.set({ "pin:rektor@skola.example": "genuine-fingerprint" });
      return chrome.storage.local.get(null);
    });
    const { page, cdp, contexts } = await openMail();

    const write = await inContentWorld(
      cdp,
      contexts,
      `chrome.storage.local.set({ "pin:rektor@skola.example": "attacker", orgPolicy: { allowPlainOverride: true, webmailDomains: [] }, settings: { serverUrl: "https://evil.example" } })`,
    );
    expect(write).toMatch(/^refused:/);
    expect(await inContentWorld(cdp, contexts, `chrome.storage.local.get(null)`)).toMatch(/^refused:/);
    expect(await inContentWorld(cdp, contexts, `chrome.storage.local.remove("pin:rektor@skola.example")`)).toMatch(
      /^refused:/,
    );
    // The page's own world has no extension storage at all.
    expect(await page.evaluate(() => typeof (globalThis as { chrome?: { storage?: unknown } }).chrome?.storage)).toBe(
      "undefined",
    );

    const after = await worker.evaluate(() => chrome.storage.local.get(null));
    expect(after).toEqual(before);
    expect(after["pin:rektor@skola.example"]).toBe("genuine-fingerprint");
    await page.close();
  });
});

describe("where the policy is trusted from", { timeout: 60_000 }, () => {
  it("when a policy is written into storage.local without the extension's seal, or a sealed one is altered, then it is not trusted; the sealed one is", async () => {
    // Unsealed: what a page renderer or anything else writing to storage could leave there.
    await writeRaw({ orgPolicy: policy(["127.0.0.1"]), orgPolicyFetchedAt: Date.now() });
    expect(await guardedHere()).toBe(false);

    // Sealed by the extension (as after fetching it from the server): trusted.
    await storeSealed(env.context, { orgPolicy: policy(["127.0.0.1"]) });
    expect(await guardedHere()).toBe(true);

    // A sealed policy for another host, its host list then rewritten under the same tag.
    await storeSealed(env.context, { orgPolicy: policy(["webmail.annan.example"]) });
    expect(await guardedHere()).toBe(false);
    const worker = await serviceWorker();
    const sealed = (await worker.evaluate(() => chrome.storage.local.get(null))).orgPolicy as {
      sealed: Record<string, unknown>;
      tag: string;
    };
    await writeRaw({ orgPolicy: { sealed: { ...sealed.sealed, webmailDomains: ["127.0.0.1"] }, tag: sealed.tag } });
    expect(await guardedHere()).toBe(false);
  });
});
