// Debian's Chromium with the built extension loaded unpacked (playwright-core; no browser download).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, type BrowserContext, type CDPSession } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { DEV_EXTENSION_ID } from "../wxt.config.ts";

export const extensionDir = join(new URL("..", import.meta.url).pathname, ".output", "chrome-mv3");

/** The flags keep Chromium off the (closed) network and out of first-run screens. */
/**
 * Chromium with the built extension in `profile`. With a `locale`, the extension pages' language is
 * pinned to it (see `pinPageLanguage`) unless `autoLanguage` is set, for tests of the "auto" setting.
 */
export async function launchWithExtension(
  profile: string,
  options: { locale?: string; autoLanguage?: boolean; args?: readonly string[]; ignoreHTTPSErrors?: boolean } = {},
): Promise<BrowserContext> {
  const context = await launchChromium(profile, options);
  if (options.locale !== undefined && options.autoLanguage !== true)
    await pinPageLanguage(context, options.locale.startsWith("en") ? "en" : "sv");
  return context;
}

function launchChromium(
  profile: string,
  options: { locale?: string; args?: readonly string[]; ignoreHTTPSErrors?: boolean },
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: process.env.SIGILL_CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    ...(options.locale !== undefined && { locale: options.locale }),
    ...(options.ignoreHTTPSErrors === true && { ignoreHTTPSErrors: true }),
    args: [
      ...(options.args ?? []),
      // The browser's own language too, not only Playwright's per-page override: an extension page
      // the extension opens (secure compose) can read navigator.language before that override reaches
      // it, and under a loaded full run it once came up in English.
      ...(options.locale !== undefined ? [`--lang=${options.locale}`] : []),
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Serves `pages` (path -> HTML) on 127.0.0.1; resolves to the server and its base URL. */
export async function servePages(pages: Record<string, string>): Promise<{ server: http.Server; base: string }> {
  const server = http.createServer((req, res) => {
    const html = pages[req.url ?? ""];
    res.statusCode = html === undefined ? 404 : 200;
    res.setHeader("content-type", "text/html; charset=utf-8");
    res.end(html ?? "");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, base: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}` };
}

/** A test file's browser: `pages` served on 127.0.0.1 and Chromium with the built extension. */
export interface ExtensionBrowser {
  /** The pages' base URL, e.g. http://127.0.0.1:PORT. */
  readonly base: string;
  readonly context: BrowserContext;
}

/**
 * Sets the extension pages' language as the options page does ("sv" or "en" instead of "auto").
 * Headless Chromium answers navigator.language from Playwright's per-page override only, and a
 * page the extension opens itself (secure compose after a divert) can read it before the override
 * reaches it: under loaded full runs that page twice came up in English. Tests that are not about
 * the "auto" language pin it (`launchWithExtension` does, given a locale); `pages-language.test.ts`
 * tests "auto" itself.
 */
export async function pinPageLanguage(context: BrowserContext, language: "sv" | "en"): Promise<void> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${DEV_EXTENSION_ID}/options.html`);
  await page.evaluate(`(async (lang) => {
    const current = (await chrome.storage.local.get("settings")).settings ?? {};
    await chrome.storage.local.set({ settings: { ...current, language: lang } });
  })(${JSON.stringify(language)})`);
  await page.close();
}

/** Starts the pages and the browser before the file's tests and removes both (and the profile) after. */
export function useExtensionBrowser(
  pages: Record<string, string>,
  options: { locale?: string } = {},
): ExtensionBrowser {
  let server: http.Server | undefined;
  let context: BrowserContext | undefined;
  let base = "";
  const profile = mkdtempSync(join(tmpdir(), "sigill-ext-"));
  beforeAll(async () => {
    ({ server, base } = await servePages(pages));
    context = await launchWithExtension(profile, { locale: options.locale ?? "sv-SE" });
  }, 60_000);
  afterAll(async () => {
    await context?.close();
    server?.close();
    rmSync(profile, { recursive: true, force: true });
  });
  return {
    get base() {
      return base;
    },
    get context() {
      if (context === undefined) throw new Error("the browser is not started yet");
      return context;
    },
  };
}

interface DomNode {
  nodeType: number;
  nodeName: string;
  nodeValue?: string;
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: DomNode[];
}

function textOf(node: DomNode): string {
  if (node.nodeType === 3) return node.nodeValue ?? "";
  if (node.nodeName === "STYLE") return "";
  return [...(node.shadowRoots ?? []), ...(node.children ?? [])].map(textOf).join(" ");
}

function findAll(node: DomNode, name: string): DomNode[] {
  if (node.nodeName === name) return [node];
  return [...(node.shadowRoots ?? []), ...(node.children ?? [])].flatMap((child) => findAll(child, name));
}

function find(node: DomNode, name: string): DomNode | undefined {
  return findAll(node, name)[0];
}

export interface BannerState {
  text: string;
  hidden: boolean;
  dialogOpen: boolean;
}

function stateOf(host: DomNode | undefined): BannerState {
  if (host === undefined) return { text: "", hidden: true, dialogOpen: false };
  const section = find(host, "SECTION");
  const dialog = find(host, "DIALOG");
  return {
    text: textOf(host).replace(/\s+/g, " ").trim(),
    hidden: section?.attributes?.includes("hidden") ?? true,
    dialogOpen: dialog?.attributes?.includes("open") ?? false,
  };
}

/** Every banner on the page, in document order, read through their closed shadow roots (DevTools protocol). */
export async function bannerStates(cdp: CDPSession): Promise<BannerState[]> {
  const { root } = (await cdp.send("DOM.getDocument", { depth: -1, pierce: true })) as { root: DomNode };
  return findAll(root, "SIGILL-BANNER").map(stateOf);
}

/**
 * The text of every alert (`role="alert"`) shown in the banners now: inside their closed shadow
 * roots, not under a `hidden` element (DevTools protocol).
 */
export async function bannerAlerts(cdp: CDPSession): Promise<string[]> {
  const { root } = (await cdp.send("DOM.getDocument", { depth: -1, pierce: true })) as { root: DomNode };
  const attr = (node: DomNode, name: string) => {
    const a = node.attributes ?? [];
    for (let i = 0; i < a.length; i += 2) if (a[i] === name) return a[i + 1];
    return undefined;
  };
  const shown = (node: DomNode): DomNode[] => {
    if (attr(node, "hidden") !== undefined) return [];
    if (attr(node, "role") === "alert") return [node];
    return [...(node.shadowRoots ?? []), ...(node.children ?? [])].flatMap(shown);
  };
  return findAll(root, "SIGILL-BANNER")
    .flatMap(shown)
    .map((n) => textOf(n).replace(/\s+/g, " ").trim())
    .filter((text) => text !== "");
}

/**
 * The text each banner shows now: inside its closed shadow root, leaving out whatever is under a
 * `hidden` element or a closed dialog (DevTools protocol).
 */
export async function bannerShownTexts(cdp: CDPSession): Promise<string[]> {
  const { root } = (await cdp.send("DOM.getDocument", { depth: -1, pierce: true })) as { root: DomNode };
  const has = (node: DomNode, name: string) => (node.attributes ?? []).some((a, i) => i % 2 === 0 && a === name);
  const shownText = (node: DomNode): string => {
    if (node.nodeType === 3) return node.nodeValue ?? "";
    if (node.nodeName === "STYLE" || has(node, "hidden")) return "";
    if (node.nodeName === "DIALOG" && !has(node, "open")) return "";
    return [...(node.shadowRoots ?? []), ...(node.children ?? [])].map(shownText).join(" ");
  };
  return findAll(root, "SIGILL-BANNER").map((host) => shownText(host).replace(/\s+/g, " ").trim());
}

/** The first banner's visible text and whether its dialog is open. */
export async function bannerState(cdp: CDPSession): Promise<BannerState> {
  return (await bannerStates(cdp))[0] ?? stateOf(undefined);
}

interface PiercedNode {
  nodeType: number;
  nodeName: string;
  backendNodeId: number;
  nodeValue?: string;
  attributes?: string[];
  children?: PiercedNode[];
  shadowRoots?: PiercedNode[];
}

function findNode(node: PiercedNode, test: (n: PiercedNode) => boolean): PiercedNode | undefined {
  if (test(node)) return node;
  for (const child of [...(node.shadowRoots ?? []), ...(node.children ?? [])]) {
    const hit = findNode(child, test);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

function attribute(node: PiercedNode, name: string): string | undefined {
  const a = node.attributes ?? [];
  for (let i = 0; i < a.length; i += 2) if (a[i] === name) return a[i + 1];
  return undefined;
}

/** Runs `fn` on the element `#id` or `.class` inside the banner's closed shadow root (through DevTools). */
export async function callInBanner(cdp: CDPSession, selector: string, fn: string, banner = 0): Promise<boolean> {
  return (await evaluateInBanner(cdp, selector, fn, banner)) !== null;
}

/**
 * Runs `fn` on the element `#id` or `.class` inside the closed shadow root of the page's banner
 * number `banner` (document order; the first by default) and returns what it returns, as a string
 * (null when there is no such element).
 */
export async function evaluateInBanner(
  cdp: CDPSession,
  selector: string,
  fn: string,
  banner = 0,
): Promise<string | null> {
  const { root } = (await cdp.send("DOM.getDocument", { depth: -1, pierce: true })) as { root: PiercedNode };
  const hosts: PiercedNode[] = [];
  const collect = (n: PiercedNode): void => {
    if (n.nodeName === "SIGILL-BANNER") hosts.push(n);
    for (const child of [...(n.shadowRoots ?? []), ...(n.children ?? [])]) collect(child);
  };
  collect(root);
  const host = hosts[banner];
  const wanted = selector.slice(1);
  const node =
    host &&
    findNode(host, (n) =>
      selector.startsWith("#")
        ? attribute(n, "id") === wanted
        : (attribute(n, "class") ?? "").split(" ").includes(wanted),
    );
  if (node === undefined) return null;
  const { object } = (await cdp.send("DOM.resolveNode", { backendNodeId: node.backendNodeId })) as {
    object: { objectId: string };
  };
  const { result } = (await cdp.send("Runtime.callFunctionOn", {
    objectId: object.objectId,
    functionDeclaration: fn,
    returnByValue: true,
  })) as { result: { value?: unknown } };
  return typeof result.value === "string" ? result.value : JSON.stringify(result.value ?? "");
}

/** Clicks a button inside the banner's closed shadow root (reachable only through DevTools). */
export async function clickInBanner(cdp: CDPSession, className: string, banner = 0): Promise<boolean> {
  return callInBanner(cdp, `.${className}`, "function () { this.click(); }", banner);
}

/**
 * Stores `items` in storage.local the way the extension does after fetching them over its
 * authenticated channel: sealed with its own key (`src/secure/sealed-store.ts`: HMAC-SHA-256 over
 * "<key>\n<JSON with sorted keys>", the key a non-extractable CryptoKey in the extension's IndexedDB,
 * made here as the extension would on first use). Run from one of the extension's pages: what the
 * tests use for a policy when no server is needed. Writing without this is what an attacker can do.
 */
export async function storeSealed(context: BrowserContext, items: Record<string, unknown>): Promise<void> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${DEV_EXTENSION_ID}/options.html`);
  await page.evaluate(`(async (items) => {
    const request = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
    const open = indexedDB.open("sigill-seal", 1);
    open.onupgradeneeded = () => open.result.createObjectStore("keys");
    const db = await request(open);
    const fresh = await crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    const store = db.transaction("keys", "readwrite").objectStore("keys");
    let key = await request(store.get("storage"));
    if (key === undefined) { await request(store.add(fresh, "storage")); key = fresh; }
    db.close();
    const canonical = (v) => Array.isArray(v) ? "[" + v.map(canonical).join(",") + "]"
      : typeof v === "object" && v !== null ? "{" + Object.keys(v).sort().filter((k) => v[k] !== undefined).map((k) => JSON.stringify(k) + ":" + canonical(v[k])).join(",") + "}"
      : JSON.stringify(v);
    for (const [name, value] of Object.entries(items)) {
      const tag = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(name + "\\n" + canonical(value))));
      const b64 = btoa(String.fromCharCode(...tag)).replace(/\\+/g, "-").replace(/\\//g, "_").replace(/=+$/, "");
      await chrome.storage.local.set({ [name]: { sealed: value, tag: b64 } });
    }
  })(${JSON.stringify(items)})`);
  await page.close();
}
