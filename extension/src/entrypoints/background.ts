import { browser } from "wxt/browser";
import { defineBackground } from "wxt/utils/define-background";
import { z } from "zod";
import { DIVERSIONS_KEY, REQUESTS, diversionSchema, hostAllowed, type Diversion, type Draft } from "../protocol.ts";
import { ask, listen, type AttachmentScan, type Sender, type SiteAnswer } from "../wire.ts";
import { senderHost } from "../adapters/index.ts";
import { nameOnlyScan } from "../content/attachment-state.ts";
import { cachedPolicy, recentPolicy, refreshPolicy } from "@sigill/client";
import type { OverrideReason } from "@sigill/client/override-reasons";
import { sendAdminReport, type AdminReport } from "../secure/admin-reports.ts";
import { startIdleLock } from "../secure/idle-lock.ts";
import { managedServer } from "../secure/allowed-server.ts";
import { loadSettings, type Settings } from "../secure/settings.ts";
import { lazyArea, openTrustedArea } from "../secure/sealed-store.ts";
import { chromeArea, loadSession, localArea } from "../secure/session-store.ts";

const sessionArea = chromeArea(browser.storage.session);
/** storage.local sealed by the extension (the policy copy and the pins), opened on first use. */
const trusted = lazyArea(() => openTrustedArea(localArea()));

function settings() {
  return loadSettings({
    managed: { get: () => browser.storage.managed.get() },
    local: browser.storage.local,
  });
}

async function idleMs(): Promise<number> {
  return (await settings()).lockIdleMs;
}

/**
 * The session for a look-up on a webmail page's behalf (site check, policy, override, report):
 * read only, never counted as the person's activity, so look-ups cannot keep the keys unlocked.
 * They need only the login; past the idle time the keys are dropped here too.
 */
async function currentSession(known?: Settings) {
  const current = known ?? (await settings());
  // A session for another server than IT's (managed `serverUrl`) is no session: see loadSession.
  return loadSession(sessionArea, Date.now(), current.lockIdleMs, managedServer(current));
}

/**
 * What policy lets staff send as ordinary e-mail once a send was stopped: with a reason, and mail
 * that is not about an individual person. Asked fresh; neither without a session.
 */
async function overrideAllowed(): Promise<{ allowed: boolean; notAboutPerson: boolean }> {
  const session = await currentSession();
  if (session === null) return { allowed: false, notAboutPerson: false };
  const policy = await refreshPolicy(session.api, trusted);
  return { allowed: policy.allowPlainOverride, notAboutPerson: policy.allowNotAboutPerson };
}

/**
 * Records an override on the server (the session token never reaches content scripts); throws when
 * it cannot, also when the server refuses a note holding personal data (REASON_SENSITIVE).
 */
async function recordOverride(kinds: string[], reason: OverrideReason, note: string): Promise<{ ok: boolean }> {
  const session = await currentSession();
  if (session === null) return { ok: false };
  await session.api.call(z.object({ ok: z.literal(true) }), "POST", "/api/events/plain-override", {
    kinds,
    reason,
    ...(note !== "" && { note }),
  });
  return { ok: true };
}

/**
 * Records on the server that the writer attested mail flagged only by category words is not about
 * an individual person (the categories only); throws when it cannot, so nothing is sent.
 */
async function recordNotAboutPerson(kinds: readonly string[]): Promise<{ ok: boolean }> {
  const session = await currentSession();
  if (session === null) return { ok: false };
  await session.api.call(z.object({ ok: z.literal(true) }), "POST", "/api/events/not-about-person", { kinds });
  return { ok: true };
}

/**
 * Tells the organisation's admin what the extension could not be sure of on the sender's webmail
 * page (see `secure/admin-reports.ts`). The host name comes from the sender's tab, never from the
 * page's message; without one nothing is reported.
 */
async function reportToAdmin(sender: Sender, report: (host: string) => AdminReport): Promise<{ ok: boolean }> {
  const host = senderHost(sender);
  if (host === "") return { ok: false };
  const session = await currentSession().catch(() => null);
  return sendAdminReport(
    sessionArea,
    report(host),
    session === null ? null : (r) => session.api.call(z.object({ ok: z.literal(true) }), "POST", r.path, r.body),
  );
}

/**
 * The policy copy that may decide for this browser: one fetched from the session's server (fresh
 * within five minutes when `fresh`), or, logged out, from the server IT set by policy; with neither
 * a session nor such a setting, the last copy. A copy from another server (a login IT has since
 * ruled out) does not count.
 */
async function policyCopy(fresh: boolean) {
  const current = await settings();
  const session = await currentSession(current).catch(() => null);
  if (session !== null)
    return (
      (fresh ? await recentPolicy(session.api, trusted).catch(() => null) : null) ??
      (await cachedPolicy(trusted, session.api.server))
    );
  return cachedPolicy(trusted, managedServer(current));
}

/**
 * The organisation's webmail domains, its rule for unscannable attachments and its detection
 * settings: when logged in, the copy fetched within the last five minutes or a fresh one
 * (POLICY_FRESH_MS), else the last copy; unknown means unscannable files count as sensitive and
 * every detection kind stays on.
 */
async function handleSiteCheck(host: string): Promise<SiteAnswer> {
  const policy = await policyCopy(true);
  return {
    generic: hostAllowed(host, policy?.webmailDomains ?? []),
    unscannableSensitive: policy?.unscannableSensitive ?? true,
    ...(policy !== null && {
      detection: { disabledKinds: policy.disabledKinds, extraKeywords: policy.extraKeywords },
    }),
  };
}

/** Scans an attachment in the offscreen document (created on first use), which runs it in a worker. */
async function handleScan(name: string, bytes: string): Promise<AttachmentScan> {
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
  const policy = await policyCopy(false).catch(() => null);
  return ask((message) => browser.runtime.sendMessage(message), {
    type: "sigill:scan-run",
    name,
    bytes,
    ...(policy !== null && {
      detection: { disabledKinds: policy.disabledKinds, extraKeywords: policy.extraKeywords },
    }),
  });
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

/** How long a diverted draft waits for its compose page before the next divert removes it. */
const DRAFT_WAIT_MS = 10 * 60_000;

/**
 * Removes drafts no compose page took within DRAFT_WAIT_MS (a tab closed before it loaded): each can
 * be megabytes, and enough of them would fill session storage (10 MB) so that no divert could be
 * kept. A draft's id starts with the time it was stored.
 */
async function dropUntakenDrafts(now: number): Promise<void> {
  const stale = Object.keys(await browser.storage.session.get(null)).filter((key) => {
    const at = /^draft:(\d+)-/.exec(key)?.[1];
    return at !== undefined && now - Number(at) > DRAFT_WAIT_MS;
  });
  if (stale.length > 0) await browser.storage.session.remove(stale);
}

/**
 * Opens secure compose for a diverted draft. The draft waits in browser.storage.session (memory
 * only, extension pages only) under a random id (after the time it was stored) until the compose
 * page takes it; if the compose page cannot be opened, it is removed at once.
 */
async function divert(draft: Draft, sender: Sender): Promise<{ ok: boolean }> {
  const tab = sender.tab?.id;
  if (tab === undefined) return { ok: false };
  const now = Date.now();
  await dropUntakenDrafts(now).catch(() => undefined);
  const id = `${String(now)}-${crypto.randomUUID()}`;
  void rememberDiversion({ at: now, kinds: draft.kinds, host: senderHost(sender) });
  const key = `draft:${id}`;
  await browser.storage.session.set({ [key]: draft });
  try {
    await browser.tabs.create({ url: browser.runtime.getURL(`/compose.html?draft=${id}&tab=${String(tab)}`) });
  } catch (error) {
    await browser.storage.session.remove(key).catch(() => undefined);
    throw error;
  }
  return { ok: true };
}

/**
 * Only the extension's own pages and this script may read or write `storage.local` (server address,
 * settings, the policy copy, the key pins): content scripts run in the webmail's renderer, which a
 * compromised page controls. Set on every start of the service worker, before anything else;
 * Firefox has no access levels (its content scripts there never touch storage either).
 */
async function restrictLocalStorage(): Promise<void> {
  const local = browser.storage.local as { setAccessLevel?: (options: { accessLevel: string }) => Promise<void> };
  await local.setAccessLevel?.({ accessLevel: "TRUSTED_CONTEXTS" });
}

export default defineBackground(() => {
  void restrictLocalStorage().catch(() => undefined);
  void startIdleLock({
    alarms: {
      get: (name) => browser.alarms.get(name),
      create: (name, info) => browser.alarms.create(name, info),
      onAlarm: (listener) => {
        browser.alarms.onAlarm.addListener((alarm) => {
          listener(alarm.name);
        });
      },
    },
    // Only "locked" (screen lock, screensaver): the browser's own "idle" state adds nothing, as
    // the idle lock already counts only the person's actions in the extension's pages.
    onScreenLocked: (listener) => {
      browser.idle.onStateChanged.addListener((state) => {
        if (state === "locked") listener();
      });
    },
    store: sessionArea,
    now: () => Date.now(),
    idleMs,
  }).catch(() => undefined);
  browser.runtime.onMessage.addListener(
    listen(REQUESTS, {
      "sigill:divert": (request, sender) => divert(request.draft, sender),
      // Any failure (no session, server down, policy refuses) means: not allowed, nothing sent.
      "sigill:override-allowed": () => overrideAllowed().catch(() => ({ allowed: false, notAboutPerson: false })),
      "sigill:override": (request) =>
        recordOverride(request.kinds, request.reason, request.note).catch(() => ({ ok: false })),
      "sigill:not-about-person": (request) => recordNotAboutPerson(request.kinds).catch(() => ({ ok: false })),
      // Any failure: the file could not be scanned (policy then decides), never "clean".
      "sigill:scan-attachment": (request) =>
        handleScan(request.name, request.bytes).catch(() => nameOnlyScan(request.name, "unsupported")),
      "sigill:site-check": (request) =>
        handleSiteCheck(request.host).catch(() => ({ generic: false, unscannableSensitive: true })),
      "sigill:unrecognised": (request, sender) =>
        reportToAdmin(sender, (host) => ({
          path: "/api/events/unrecognised-compose",
          body: { host, kinds: request.kinds },
        })),
      "sigill:unchecked-sent": (request, sender) =>
        reportToAdmin(sender, (host) => ({
          path: "/api/events/unchecked-attachment",
          body: { host, reasons: request.reasons, files: request.files },
        })),
    }),
  );
});
