import { browser } from "wxt/browser";
import { defineContentScript } from "wxt/utils/define-content-script";
import { startGuard, type DivertOutcome } from "../content/guard.ts";
import { scanThroughExtension } from "../content/scan-request.ts";
import { TAB_REQUESTS, ask, bytesToBase64, listen, type Request, type SiteAnswer } from "../wire.ts";
import { pageLocation, wakesWithoutPolicy } from "../adapters/index.ts";

/** Longest the page waits for a scan before treating the file as not scannable. */
const SCAN_WAIT_MS = 60_000;
/** How long a file shared with secure compose stays reachable by its blob: URL (it is fetched at once). */
const SHARE_MS = 60_000;
/** Longest a divert waits for the background script to open secure compose before the person is told it failed. */
const DIVERT_WAIT_MS = 20_000;

const toBackground = (message: unknown) => browser.runtime.sendMessage(message);

/**
 * Whether this content script can still reach the extension: an update or reload of the extension
 * cuts off the scripts already in open pages ("Extension context invalidated"), which keep running
 * (and keep blocking Send) but can no longer send a message, and whose runtime has lost its id.
 */
function connected(): boolean {
  try {
    return (browser.runtime as { id?: string } | undefined)?.id !== undefined;
  } catch {
    return false;
  }
}

/**
 * Asks the background script to open secure compose for `draft`, and says what became of it. When it
 * has not answered within DIVERT_WAIT_MS the answer is "late", and `later` is told once it comes
 * (true: secure compose opened after all).
 */
async function divert(
  draft: Request<"sigill:divert">["draft"],
  later: (opened: boolean) => void,
): Promise<DivertOutcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waited = new Promise<"late">((resolve) => {
    timer = setTimeout(resolve, DIVERT_WAIT_MS, "late");
  });
  const opened = ask(toBackground, { type: "sigill:divert", draft }).then(
    (answer) => answer.ok,
    () => false,
  );
  let first: boolean | "late";
  try {
    first = await Promise.race([opened, waited]);
  } finally {
    clearTimeout(timer);
  }
  if (first === true) return "opened";
  if (first === "late") {
    void opened.then(later);
    return "late";
  }
  return connected() ? "failed" : "disconnected";
}

// Injected on localhost, 127.0.0.1 and every https page, but on an https host that is not known
// webmail it only asks the background script whether the organisation's policy lists the host,
// and does nothing more unless it does. Detection runs here, locally: no text is sent anywhere; a
// diverted draft (and, when asked, its files) goes only to the extension's own secure-compose page.
// It starts at document_start so that its capture-phase listeners are registered before any of
// the page's own: a blocked send reaches none of the webmail's handlers (on a host only policy
// lists, they are registered once the background has answered).
export default defineContentScript({
  matches: ["http://localhost/*", "http://127.0.0.1/*", "https://*/*"],
  runAt: "document_start",
  allFrames: false,
  // Also in a pop-out the mail page opens as about:blank and writes its compose window into (Outlook
  // on the web's "open in new window"): its opener matched, so it is that host's page.
  matchAboutBlank: true,
  main() {
    const here = pageLocation(window);
    // A missing or malformed answer: no generic guard beyond known webmail, unscannable files
    // count, all detection stays on.
    const sitePolicy = () =>
      ask(toBackground, { type: "sigill:site-check", host: here.hostname }).catch(() => ({
        generic: false,
        unscannableSensitive: true,
      }));
    // Issue 20: on a host that is neither known webmail nor development, nothing runs (no listener,
    // no scan, no look at the page) unless the organisation's policy lists the host.
    if (wakesWithoutPolicy(here)) guard(sitePolicy);
    else
      void sitePolicy().then((answer) => {
        if (answer.generic) guard(() => Promise.resolve(answer));
      });
  },
});

/** Guards the page's compose windows; `sitePolicy` says what the organisation's policy allows here. */
function guard(sitePolicy: () => Promise<SiteAnswer>): void {
  startGuard(window, {
    divert,
    sitePolicy,
    scanAttachment: (file) => scanThroughExtension(file, toBackground, SCAN_WAIT_MS),
    connected,
    // A missing or malformed answer: neither way of sending as ordinary e-mail.
    plainSendAllowed: async () => {
      const answer = await ask(toBackground, { type: "sigill:override-allowed" }).catch(() => null);
      return { override: answer?.allowed ?? false, notAboutPerson: answer?.notAboutPerson ?? false };
    },
    recordOverride: async (kinds, reason, note) =>
      (await ask(toBackground, { type: "sigill:override", kinds, reason, note }).catch(() => ({ ok: false }))).ok,
    recordNotAboutPerson: async (kinds) =>
      (await ask(toBackground, { type: "sigill:not-about-person", kinds }).catch(() => ({ ok: false }))).ok,
    reportUnrecognised: (kinds) => {
      void ask(toBackground, { type: "sigill:unrecognised", kinds }).catch(() => undefined);
    },
    reportUnchecked: (reasons, files) => {
      void ask(toBackground, { type: "sigill:unchecked-sent", reasons, files }).catch(() => undefined);
    },
    onDeliver: (handler) => {
      browser.runtime.onMessage.addListener(
        listen(TAB_REQUESTS, { "sigill:deliver": ({ source, subject, text }) => handler({ source, subject, text }) }),
      );
    },
    onReadAttachment: (handler) => {
      browser.runtime.onMessage.addListener(
        listen(TAB_REQUESTS, {
          "sigill:read-attachment": async (request) => {
            const bytes = await handler(request).catch(() => null);
            return { bytes: bytes === null ? null : bytesToBase64(bytes) };
          },
        }),
      );
    },
    onShareAttachment: (handler) => {
      browser.runtime.onMessage.addListener(
        listen(TAB_REQUESTS, {
          "sigill:share-attachment": (request) => {
            const file = handler(request);
            if (file === null) return Promise.resolve({ url: null });
            // The URL is this page's origin with a random name, told only to the extension; the
            // webmail itself already has the file. Revoked soon: secure compose fetches it at once.
            const url = URL.createObjectURL(file);
            setTimeout(() => {
              URL.revokeObjectURL(url);
            }, SHARE_MS);
            return Promise.resolve({ url });
          },
        }),
      );
    },
  });
}
