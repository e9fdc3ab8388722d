import { browser } from "wxt/browser";
import { defineBackground } from "wxt/utils/define-background";
import { z } from "zod";
import {
  DIVERSIONS_KEY,
  divertSchema,
  diversionSchema,
  hostAllowed,
  attachmentScanSchema,
  overrideSchema,
  scanRequestSchema,
  siteCheckSchema,
  type Diversion,
  type SiteAnswer,
} from "../protocol.ts";
import { cachedPolicy, recentPolicy, refreshPolicy } from "@sigill/client";
import { loadSettings } from "../secure/settings.ts";
import { chromeArea, loadSession } from "../secure/session-store.ts";

const local = chromeArea(browser.storage.local);

async function currentSession() {
  const settings = await loadSettings({
    managed: { get: () => browser.storage.managed.get() },
    local: browser.storage.local,
  });
  return loadSession(chromeArea(browser.storage.session), Date.now(), settings.lockIdleMs);
}

/** Policy and override calls need the session token, which content scripts never see. */
async function handleOverride(message: unknown): Promise<unknown> {
  const session = await currentSession();
  if (session === null) return { allowed: false, ok: false };
  if ((message as { type?: unknown }).type === "sigill:override-allowed") {
    const policy = await refreshPolicy(session.api, local);
    return { allowed: policy.allowPlainOverride };
  }
  const parsed = overrideSchema.safeParse(message);
  if (!parsed.success) return { ok: false };
  await session.api.call(z.object({ ok: z.literal(true) }), "POST", "/api/events/plain-override", {
    kinds: parsed.data.kinds,
    reason: parsed.data.reason,
  });
  return { ok: true };
}

/**
 * The organisation's webmail domains, its rule for unscannable attachments and its detection
 * settings: when logged in, the copy fetched within the last five minutes or a fresh one
 * (POLICY_FRESH_MS), else the last copy; unknown means unscannable files count as sensitive and
 * every detection kind stays on.
 */
async function handleSiteCheck(host: string): Promise<SiteAnswer> {
  const session = await currentSession().catch(() => null);
  const policy =
    (session === null ? null : await recentPolicy(session.api, local).catch(() => null)) ?? (await cachedPolicy(local));
  return {
    generic: hostAllowed(host, policy?.webmailDomains ?? []),
    unscannableSensitive: policy?.unscannableSensitive ?? true,
    ...(policy !== null && {
      detection: { disabledKinds: policy.disabledKinds, extraKeywords: policy.extraKeywords },
    }),
  };
}

/** Scans an attachment in the offscreen document (created on first use), which runs it in a worker. */
async function handleScan(name: string, bytes: string): Promise<unknown> {
  const offscreen = (browser as unknown as { offscreen?: OffscreenApi }).offscreen;
  if (offscreen === undefined) throw new Error("no offscreen documents in this browser");
  const url = browser.runtime.getURL("/offscreen.html");
  if (!(await offscreen.hasDocument?.().catch(() => false))) {
    await offscreen
      .createDocument({ url, reasons: ["WORKERS"], justification: "Scan attachments for personal data, locally" })
      .catch((error: unknown) => {
        // Two scans at once: the second finds the document already being created.
        if (!String(error).includes("Only a single offscreen")) throw error;
      });
  }
  // The organisation's detection settings as last fetched (the site check keeps the copy fresh).
  const policy = await cachedPolicy(local).catch(() => null);
  const answer: unknown = await browser.runtime.sendMessage({
    type: "sigill:scan-run",
    name,
    bytes,
    ...(policy !== null && {
      detection: { disabledKinds: policy.disabledKinds, extraKeywords: policy.extraKeywords },
    }),
  });
  return attachmentScanSchema.parse(answer);
}

interface OffscreenApi {
  hasDocument?: () => Promise<boolean>;
  createDocument(options: { url: string; reasons: string[]; justification: string }): Promise<void>;
}

/** The popup's "recent diversions": the last five, in session storage (gone with the browser session). */
async function rememberDiversion(d: Diversion): Promise<void> {
  const stored = z
    .array(diversionSchema)
    .safeParse((await browser.storage.session.get(DIVERSIONS_KEY))[DIVERSIONS_KEY]);
  const list = [d, ...(stored.success ? stored.data : [])].slice(0, 5);
  await browser.storage.session.set({ [DIVERSIONS_KEY]: list });
}

// Opens secure compose for a diverted draft. The draft waits in browser.storage.session (memory
// only, extension pages only) under a random id until the compose page takes it.
export default defineBackground(() => {
  browser.runtime.onMessage.addListener((message: unknown, sender, sendResponse: (answer: unknown) => void) => {
    const type = (message as { type?: unknown } | null)?.type;
    if (type === "sigill:override-allowed" || type === "sigill:override") {
      // Any failure (no session, server down, policy refuses) means: not allowed, nothing sent.
      void handleOverride(message).then(sendResponse, () => {
        sendResponse({ allowed: false, ok: false });
      });
      return true;
    }
    if (type === "sigill:scan-attachment") {
      const scan = scanRequestSchema.safeParse(message);
      if (!scan.success) return undefined;
      // Any failure: the file could not be scanned (policy then decides), never "clean".
      void handleScan(scan.data.name, scan.data.bytes).then(sendResponse, () => {
        sendResponse({
          status: "unscannable",
          name: scan.data.name,
          reason: "unsupported",
          result: { sensitive: false, findings: [] },
          locations: [],
        });
      });
      return true;
    }
    if (type === "sigill:site-check") {
      const check = siteCheckSchema.safeParse(message);
      if (!check.success) return undefined;
      void handleSiteCheck(check.data.host).then(sendResponse, () => {
        sendResponse({ generic: false });
      });
      return true;
    }
    const parsed = divertSchema.safeParse(message);
    const tab = sender.tab?.id;
    if (!parsed.success || tab === undefined) return undefined;
    const id = crypto.randomUUID();
    void rememberDiversion({
      at: Date.now(),
      kinds: parsed.data.draft.kinds,
      host: URL.canParse(sender.tab?.url ?? "") ? new URL(sender.tab?.url ?? "").hostname : "",
    });
    void browser.storage.session
      .set({ [`draft:${id}`]: parsed.data.draft })
      .then(() => browser.tabs.create({ url: browser.runtime.getURL(`/compose.html?draft=${id}&tab=${String(tab)}`) }));
    return undefined;
  });
});
