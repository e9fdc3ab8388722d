// Wires a webmail adapter to the detection engine and the banner, and stops every way of sending
// while the draft holds sensitive data. Fail closed: when in doubt, the mail is not sent.
import { pickAdapter, type ComposeWindow } from "../adapters/index.ts";
import { createScanner, findingKind, type DetectionResult, type Scanner } from "../detection/index.ts";
import { createBanner, type Banner } from "./banner.ts";
import { pickLang } from "./messages.ts";

interface Guarded {
  readonly compose: ComposeWindow;
  readonly banner: Banner;
  /** The window's own incremental scanner (compiled once). */
  readonly scanner: Scanner;
  result: DetectionResult;
}

/** The draft handed to secure compose (it stays inside the extension: session storage only). */
export interface DivertedDraft {
  readonly to: string[];
  readonly cc: string[];
  readonly bcc: string[];
  readonly subject: string;
  readonly body: string;
}

/** How the content script talks to the rest of the extension (browser.runtime in the extension). */
export interface GuardBridge {
  divert(draft: DivertedDraft): void;
  /** Whether organisation policy lets staff send flagged mail as ordinary e-mail (false when unknown). */
  overrideAllowed(): Promise<boolean>;
  /** Records the override on the server (kinds and reason only); false if it could not be recorded. */
  recordOverride(kinds: string[], reason: string): Promise<boolean>;
  /** Registers what to do when secure compose asks to send the notification from this webmail. */
  onDeliver(
    handler: (notification: { subject: string; text: string }) => Promise<{ sent: boolean; attachments: number }>,
  ): void;
}

export interface GuardHandle {
  /** The latest decision for each guarded compose window (for tests and the popup). */
  results(): DetectionResult[];
  stop(): void;
}

/** Starts guarding every compose window in `win`'s document; re-checks when the page changes. */
export function startGuard(win: Window, bridge?: GuardBridge): GuardHandle {
  const doc = win.document;
  const lang = pickLang(win.navigator.language);
  const guarded: Guarded[] = [];
  const adapter = pickAdapter(doc);

  /** Scans what the compose window holds now and updates its banner. */
  const rescan = (g: Guarded) => {
    g.result = g.scanner.update([g.compose.readSubject(), g.compose.readBody()].join("\n\n"));
    g.banner.show(g.result);
  };

  const attach = () => {
    if (adapter === null || guarded.length > 0) return;
    for (const compose of adapter.findComposes(doc)) {
      const divert =
        bridge === undefined
          ? undefined
          : () => {
              bridge.divert({ ...compose.readRecipients(), subject: compose.readSubject(), body: compose.readBody() });
            };
      const g: Guarded = {
        compose,
        banner: createBanner(doc, compose.anchor, lang, divert),
        scanner: createScanner(),
        result: { sensitive: false, findings: [] },
      };
      guarded.push(g);
      let pending = false;
      // One scan per frame at most: typing never waits for detection.
      const schedule = () => {
        if (pending) return;
        pending = true;
        win.requestAnimationFrame(() => {
          pending = false;
          rescan(g);
        });
      };
      for (const target of compose.watched()) {
        target.addEventListener("input", schedule, true);
        target.addEventListener("keyup", schedule, true);
        target.addEventListener("change", schedule, true);
      }
      rescan(g);
      if (adapter.name === "Roundcube") g.banner.showMissing(adapter.missing(doc));
    }
  };

  const sensitiveFor = (target: EventTarget | null, via: "click" | "key"): Guarded | undefined => {
    const sending = guarded.filter((g) =>
      via === "click" ? g.compose.isSendControl(target) : g.compose.contains(target),
    );
    // A last scan right now, so a keystroke in the same frame cannot slip through.
    for (const g of sending) rescan(g);
    return sending.find((g) => g.result.sensitive);
  };

  // Set only after the server has recorded an override; lets exactly one send through.
  let bypassOnce = false;
  const block = (event: Event, g: Guarded) => {
    event.preventDefault();
    event.stopImmediatePropagation();
    const kinds = [...new Set(g.result.findings.filter((f) => f.level !== "low").map(findingKind))];
    const override = (async () => {
      if (bridge === undefined || !(await bridge.overrideAllowed().catch(() => false))) return undefined;
      return async (reason: string) => {
        if (!(await bridge.recordOverride(kinds, reason).catch(() => false))) return false;
        bypassOnce = true;
        // The webmail's own send, now let through once; the draft goes out as written.
        win.setTimeout(() => {
          if (!g.compose.triggerSend()) bypassOnce = false;
        }, 0);
        return true;
      };
    })();
    void g.banner.blocked(override);
  };
  // Capture phase on the window: runs before the page's own handlers (inline onclick included).
  const onClick = (event: MouseEvent) => {
    if (bypassOnce) {
      bypassOnce = false;
      return;
    }
    const g = sensitiveFor(event.target, "click");
    if (g !== undefined) block(event, g);
  };
  const onKey = (event: KeyboardEvent) => {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
    const g = sensitiveFor(event.target, "key");
    if (g !== undefined) block(event, g);
  };
  win.addEventListener("click", onClick, true);
  win.addEventListener("keydown", onKey, true);
  attach();
  bridge?.onDeliver(async (notification) => {
    const g = guarded[0];
    if (g === undefined) return { sent: false, attachments: 0 };
    // The sensitive draft is overwritten with the content-free notification, then sent by the webmail.
    g.compose.replaceContent(notification.subject, notification.text);
    rescan(g);
    await Promise.resolve();
    // Files attached in the webmail would go out unencrypted with the notification: never send then.
    const attachments = g.compose.attachedFiles().length;
    if (attachments > 0) return { sent: false, attachments };
    return { sent: !g.result.sensitive && g.compose.triggerSend(), attachments };
  });
  // Compose windows can appear later (single-page webmails): look again when the DOM changes.
  const observer = new (win as Window & typeof globalThis).MutationObserver(() => {
    attach();
  });
  observer.observe(doc.documentElement, { childList: true, subtree: true });

  return {
    results: () => guarded.map((g) => g.result),
    stop: () => {
      observer.disconnect();
      win.removeEventListener("click", onClick, true);
      win.removeEventListener("keydown", onKey, true);
      for (const g of guarded) g.banner.remove();
    },
  };
}
