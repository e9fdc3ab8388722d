// Wires a webmail adapter to the detection engine and the banner, and stops every way of sending
// while the draft holds sensitive data. Fail closed: when in doubt, the mail is not sent.
import type { OverrideReason } from "@sigill/client/override-reasons";
import {
  generic,
  isKnownWebmailHost,
  pageLocation,
  pickAdapter,
  sendControlOf,
  type ComposeWindow,
  type WebmailAdapter,
} from "../adapters/index.ts";
import {
  createScanner,
  findingKind,
  policyFromOrg,
  type DetectionResult,
  type Finding,
  type Policy,
  type Scanner,
} from "@sigill/detection";
import {
  countingFiles,
  createListMemory,
  listedAs,
  fileIsSensitive,
  removalDueAt,
  fileKinds,
  uncheckedFiles,
  type AttachmentScanResult,
  type ListMemory,
  type TrackedFile,
} from "./attachment-state.ts";
import { createBanner, type Banner, type NotAboutPersonOutcome } from "./banner.ts";
import { createHighlighter, spanOf } from "./highlight.ts";
import {
  notAboutPersonFindings,
  notAboutPersonKinds,
  withinAttested,
  type NotAboutPersonKind,
} from "./not-about-person.ts";
import type { UnscannableReason } from "../attachments/types.ts";
import type { Draft } from "../protocol.ts";
import { DRAFT_LIMITS, draftOverLimit, shortenName, type SiteAnswer } from "../wire.ts";
import { pickLang } from "./messages.ts";

interface Guarded {
  readonly compose: ComposeWindow;
  readonly banner: Banner;
  /** The window's own incremental scanner (compiled once per policy). */
  scanner: Scanner;
  result: DetectionResult;
  /** The subject length at the last scan (findings are offsets into subject + "\n\n" + body). */
  subjectLength: number;
  /**
   * Files the person picked or dropped into this compose window, each with its scan: every one,
   * also a second file of the same name (it does not hide the first).
   */
  readonly files: { readonly file: File; readonly tracked: TrackedFile }[];
  /** What the webmail's attachment list held at the last look (which entries the files stand for). */
  readonly listMemory: ListMemory;
  /** Schedules a scan for the next frame (set once the window is guarded). */
  schedule: () => void;
  /** The last read of the draft failed, and the banner says so (until a read succeeds). */
  unreadable: boolean;
  /** The webmail's list of attached files when the banner last showed them (see `refreshFiles`). */
  listed: string;
  /** The unchecked files last reported as let through to Send (one report per set of them). */
  uncheckedReported: string;
}

/** The draft handed to secure compose (it stays inside the extension: session storage only). */
export type DivertedDraft = Omit<Draft, "source">;

/**
 * What became of a divert: secure compose opened; or this content script was cut off from the
 * extension (updated or reloaded since the page loaded: only reloading the page helps); or the
 * background script failed or refused; or it has not answered yet, in time ("late": it may still open
 * secure compose, and the bridge says so when it does).
 */
export type DivertOutcome = "opened" | "disconnected" | "failed" | "late";

/** How the content script talks to the rest of the extension (browser.runtime in the extension). */
export interface GuardBridge {
  /**
   * Hands the draft to secure compose; `source` names this draft when secure compose asks for its
   * files. Resolves once secure compose was opened, or why not (never rejects); after "late",
   * `later` is called once the answer comes (true: secure compose opened after all).
   */
  divert(draft: DivertedDraft & { readonly source: string }, later: (opened: boolean) => void): Promise<DivertOutcome>;
  /**
   * Organisation policy for this page: whether the generic adapter may guard every editor here (by
   * host name), whether an attachment that cannot be scanned counts as sensitive, and the
   * organisation's detection settings (kinds switched off, extra keywords; absent when unknown).
   */
  sitePolicy(): Promise<SiteAnswer>;
  /** Scans a picked or dropped file (off this page's main thread, inside the extension). */
  scanAttachment(file: File): Promise<AttachmentScanResult>;
  /**
   * Whether this content script can still reach the extension (false once an update or reload has
   * cut it off): a file that then comes back unscanned says so, and that only reloading helps.
   */
  connected?(): boolean;
  /**
   * What organisation policy lets staff send as ordinary e-mail once a send is stopped (each false
   * when unknown): flagged mail with a reason (`override`), and mail flagged only by category words
   * that the writer attests is not about an individual person (`notAboutPerson`).
   */
  plainSendAllowed(): Promise<{ override: boolean; notAboutPerson: boolean }>;
  /** Records the override on the server (kinds, reason and note only); false if it could not be recorded. */
  recordOverride(kinds: string[], reason: OverrideReason, note: string): Promise<boolean>;
  /**
   * Records on the server that the writer attested the mail is not about an individual person: the
   * categories only, never the text; false if it could not be recorded.
   */
  recordNotAboutPerson(kinds: NotAboutPersonKind[]): Promise<boolean>;
  /**
   * Tells the organisation's admin that on this webmail page a compose window was guarded only by
   * the generic guard (its layout was not recognised) while it held sensitive data: the kinds of
   * data only (the background script adds the host name). Best effort, never awaited.
   */
  reportUnrecognised(kinds: string[]): void;
  /**
   * Tells the organisation's admin that a draft holding attachments Sigill could not scan, which
   * policy lets go, was let through to the webmail's Send: why they could not be scanned and how
   * many, never their names (the background script adds the host name). Best effort, never awaited.
   */
  reportUnchecked(reasons: UnscannableReason[], files: number): void;
  /** Registers what to do when secure compose asks to send the notification from this webmail. */
  /** Registers how secure compose has the notification of the draft `source` sent from its window. */
  onDeliver(
    handler: (notification: {
      source: string;
      subject: string;
      text: string;
    }) => Promise<{ sent: boolean; attachments: number }>,
  ): void;
  /** Registers how secure compose reads a piece of a diverted draft's file (null: no such file). */
  onReadAttachment(
    handler: (request: { source: string; index: number; offset: number; length: number }) => Promise<Uint8Array | null>,
  ): void;
  /** Registers how secure compose gets a diverted draft's file whole (null: no such file). */
  onShareAttachment(handler: (request: { source: string; index: number }) => File | null): void;
}

/** A send that must be stopped, in which compose window, and why. */
interface Stopped {
  readonly g: Guarded;
  readonly why: "sensitive" | "unreadable";
}

/** Every event a press on a send control produces before its click (touch screens included). */
const PRESS_EVENTS = ["pointerdown", "mousedown", "touchstart", "pointerup", "mouseup", "touchend"] as const;
/** Every event a key produces: a webmail may act on any of them. */
const KEY_EVENTS = ["keydown", "keypress", "keyup"] as const;

/** How long delivery waits for the webmail to remove the draft's files before giving up. */
const REMOVE_WAIT_MS = 15_000;

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
  const highlighter = createHighlighter(win);
  /**
   * Per diverted draft (by its source id): the files kept for secure compose (only this page's
   * extension code can ask) and the compose window it came from, from which its notification goes.
   */
  const diverted = new Map<string, { readonly files: File[]; from: Guarded; readonly recipients: string }>();
  /** A compose window's recipients as one comparable value (order and case do not matter). */
  const recipientsOf = (g: Guarded) => {
    const { to, cc, bcc } = g.compose.readRecipients();
    const norm = (list: string[]) => list.map((a) => a.trim().toLowerCase()).sort();
    return JSON.stringify([norm(to), norm(cc), norm(bcc)]);
  };
  /** The webmail adapter that recognised this page (sticky: single-page webmails keep their markup). */
  let adapter: WebmailAdapter | null = null;
  let lastActive: Guarded | undefined;
  // The generic guard takes every editor an adapter did not recognise, so it runs only on webmail:
  // a host Sigill knows, a page an adapter recognised, or a host the organisation's policy lists.
  const knownHost = isKnownWebmailHost(pageLocation(win).hostname);
  let policyListed = bridge === undefined;
  /** Kinds already reported for an unrecognised compose on this page (one report per set of kinds). */
  const reported = new Set<string>();
  // Until policy says otherwise, a file that cannot be scanned counts as sensitive (fail closed).
  let unscannableSensitive = true;
  // Until policy says otherwise, every detection kind is on and there are no extra keywords.
  let detection: Policy | undefined;

  /**
   * Scans what the compose window holds now and updates its banner.
   * @throws whatever reading the page throws (an editor's frame gone, a webmail's DOM in a state
   *   the adapter cannot read): callers deciding a send use {@link mustStop}, which stops it.
   */
  const rescan = (g: Guarded) => {
    const subject = g.compose.readSubject();
    g.subjectLength = subject.length;
    g.result = g.scanner.update([subject, g.compose.readBody()].join("\n\n"));
    showWithFiles(g);
    if (!g.compose.recognised && isSensitive(g)) reportUnrecognised(g);
    if (g.unreadable) {
      g.unreadable = false;
      g.banner.showProblem(null);
    }
  };

  const reportUnrecognised = (g: Guarded) => {
    const kinds = kindsOf(g).sort();
    const key = kinds.join(",");
    if (kinds.length === 0 || reported.has(key)) return;
    reported.add(key);
    bridge?.reportUnrecognised(kinds);
  };

  /** Shows the last scan and the draft's files as the webmail lists them now. */
  const showWithFiles = (g: Guarded) => {
    g.listed = g.compose.attachedFiles().join("\n");
    g.banner.show(g.result, filesOf(g));
    lookAgainAt(removalDueAt(g.listMemory));
  };

  /**
   * A file gone from the list counts as removed only once it has been gone a while (a re-render
   * may bring it back): the windows are looked at again then, so the banner stops showing it.
   */
  let settling: number | undefined;
  const lookAgainAt = (due: number | undefined) => {
    if (due === undefined || settling !== undefined) return;
    settling = win.setTimeout(
      () => {
        settling = undefined;
        for (const g of guarded) {
          try {
            showWithFiles(g);
          } catch {
            // Told at the next scan or send, which fail closed.
          }
        }
      },
      Math.max(0, due - win.performance.now()) + 20,
    );
  };

  /**
   * A file the webmail took out of its list (Gmail's and Outlook's chips are removed with a click,
   * no input or change event): the banner stops showing it at once, not at the next keystroke.
   * The send decision reads the list afresh anyway; a list that cannot be read is left to it.
   */
  const refreshFiles = () => {
    for (const g of guarded) {
      try {
        if (g.compose.attachedFiles().join("\n") !== g.listed) showWithFiles(g);
      } catch {
        // Told at the next scan or send, which fail closed.
      }
    }
  };

  /** The draft's files that count now, as the banner shows them (`listed`: the list, if just read). */
  const counted = (g: Guarded, listed = g.compose.attachedFiles()) =>
    countingFiles(
      g.files.map((f) => f.tracked),
      listed,
      g.listMemory,
      win.performance.now(),
    );
  const filesOf = (g: Guarded) =>
    counted(g).map((f) => ({ name: f.name, scan: f.scan, unscannableCounts: unscannableSensitive }));
  /** Whether some attachment counts against sending (a finding, a scan still running, or unscannable by policy). */
  const filesCount = (g: Guarded) => counted(g).some((f) => fileIsSensitive(f, unscannableSensitive));
  /** The send decision: the text, or any counted attachment. */
  const isSensitive = (g: Guarded) => g.result.sensitive || filesCount(g);
  const kindsOf = (g: Guarded) => [
    ...new Set([
      ...g.result.findings.filter((f) => f.level !== "low").map(findingKind),
      ...fileKinds(counted(g), unscannableSensitive),
    ]),
  ];

  /**
   * The files in the webmail draft: those whose bytes were captured (and still count), and each
   * entry of the list that stands for none of them (named as unreadable in the secure message).
   */
  const draftFiles = (g: Guarded) => {
    const listed = g.compose.attachedFiles();
    const counting = counted(g, listed);
    const carried = g.files
      .filter((f) => counting.includes(f.tracked) && listed.some((l) => listedAs(l, f.file.name)))
      .map((f) => f.file);
    const unreadable = counting.filter((t) => !g.files.some((f) => f.tracked === t)).map((t) => t.name);
    return { carried, unreadable };
  };

  /** The draft could not be read: the person is told (nothing was sent, nor diverted). */
  const cannotRead = (g: Guarded) => {
    g.unreadable = true;
    g.banner.showProblem("unreadable");
  };
  /** A scan outside a send (typing, a new window): a draft that cannot be read is told, not thrown. */
  const rescanOrTell = (g: Guarded) => {
    try {
      rescan(g);
    } catch {
      cannotRead(g);
    }
  };

  /**
   * Hands the draft to secure compose. When that fails, the draft stays as it is (Send stays
   * blocked while it is sensitive) and the banner says what happened and what to do.
   */
  const divertFrom = async (g: Guarded) => {
    if (bridge === undefined) return;
    g.unreadable = false;
    g.banner.showProblem(null);
    const source = crypto.randomUUID();
    let draft: DivertedDraft & { readonly source: string };
    let kept: { readonly files: File[]; from: Guarded; readonly recipients: string };
    try {
      const { carried, unreadable } = draftFiles(g);
      kept = { files: carried, from: g, recipients: recipientsOf(g) };
      draft = {
        ...g.compose.readRecipients(),
        subject: g.compose.readSubject(),
        body: g.compose.readBody(),
        attachments: carried.map((f) => ({
          // A file made by a page script may have no name; the draft needs one.
          name: f.name === "" ? "bilaga" : shortenName(f.name, DRAFT_LIMITS.fileName),
          type: f.type.length > DRAFT_LIMITS.fileType ? "" : f.type,
          size: f.size,
        })),
        unreadable: unreadable.map((name) => shortenName(name, DRAFT_LIMITS.unreadableName)),
        source,
        kinds: kindsOf(g),
      };
    } catch {
      cannotRead(g);
      return;
    }
    // More than a secure message can take: the person is told which part, and what to do.
    const over = draftOverLimit(draft);
    if (over !== null) {
      g.banner.showProblem(over);
      return;
    }
    diverted.set(source, kept);
    // A late answer that opened secure compose after all: the alert goes (its files stay reachable);
    // one that did not: its files are let go.
    const later = (opened: boolean) => {
      if (!opened) {
        diverted.delete(source);
        return;
      }
      const from = diverted.get(source)?.from ?? g;
      from.banner.showProblem(null);
    };
    const outcome = await bridge.divert(draft, later).catch((): DivertOutcome => "failed");
    if (outcome === "opened") return;
    if (outcome !== "late") diverted.delete(source);
    g.banner.showProblem(
      outcome === "disconnected" ? "disconnected" : outcome === "late" ? "divert-late" : "divert-failed",
    );
  };

  const point = (g: Guarded, finding: Finding | null) => {
    if (finding === null) {
      highlighter.clear();
      return;
    }
    const span = spanOf(g.subjectLength, finding.start, finding.end);
    const text = span.field === "subject" ? g.compose.readSubject() : g.compose.readBody();
    highlighter.show(span, g.compose.editors(), text);
  };

  /**
   * Listens to edits (and, in an editor's own frame, to keys) on what the compose window watches
   * now: an editor may replace its frame's document and body, and the new ones get listeners too.
   */
  const listenTo = (g: Guarded) => {
    // Added again every time, not once per target: an editor frame rewritten by document.open()
    // keeps its window and document but loses their listeners (adding one already there does nothing).
    for (const target of g.compose.watched()) {
      target.addEventListener("input", g.schedule, true);
      target.addEventListener("keyup", g.schedule, true);
      target.addEventListener("change", g.schedule, true);
      // Keys in an editor's own frame (TinyMCE's, classic OWA's) never reach this window: listened
      // to on that frame's window, in the capture phase (before the editor's own handlers), and on
      // the editor itself. An event seen by both is handled once.
      if (target !== doc && (target as Partial<Node>).ownerDocument !== doc) {
        const frameWindow = (target as Partial<Node>).ownerDocument?.defaultView ?? null;
        for (const t of frameWindow === null ? [target] : [frameWindow, target]) {
          for (const type of KEY_EVENTS) t.addEventListener(type, onKeyEvent as EventListener, true);
        }
      }
    }
  };

  /** `before`: the same compose window as found earlier (e.g. after an editor switch): its files go on. */
  const guard = (compose: ComposeWindow, before?: Guarded) => {
    const g: Guarded = {
      compose,
      banner: createBanner(
        doc,
        compose.anchor,
        lang,
        bridge === undefined
          ? undefined
          : () => {
              void divertFrom(g);
            },
        (finding) => {
          point(g, finding);
        },
      ),
      scanner: createScanner(detection === undefined ? {} : { policy: detection }),
      result: { sensitive: false, findings: [] },
      subjectLength: 0,
      files: before?.files ?? [],
      listMemory: before?.listMemory ?? createListMemory(),
      schedule: () => undefined,
      unreadable: false,
      listed: "",
      // A window found again (an editor switch, a re-render) has already reported its files.
      uncheckedReported: before?.uncheckedReported ?? "",
    };
    guarded.push(g);
    // A window found again (the webmail re-rendered it) keeps the drafts diverted from it.
    if (before !== undefined) for (const d of diverted.values()) if (d.from === before) d.from = g;
    let pending = false;
    // One scan per frame at most: typing never waits for detection.
    const schedule = () => {
      if (pending) return;
      pending = true;
      win.requestAnimationFrame(() => {
        pending = false;
        rescanOrTell(g);
      });
    };
    g.schedule = schedule;
    listenTo(g);
    if (!compose.recognised) g.banner.setUnsupported(compose.canStopSend() ? "partial" : "no-send");
    // One window that cannot be read must not keep the others from being guarded.
    rescanOrTell(g);
  };

  /** Whether the generic guard may take editors no adapter recognised here. */
  const genericHere = () => knownHost || policyListed || adapter !== null;

  /** Guards compose windows that appeared and lets go of those that closed. */
  const attach = () => {
    adapter ??= pickAdapter(doc);
    const recognised = adapter?.findComposes(doc) ?? [];
    // What no adapter recognised: every other editor on a webmail page, guarded generically.
    const unrecognised = genericHere()
      ? generic.findComposes(doc, (editor) => recognised.some((r) => r.contains(editor)))
      : [];
    const found = [...recognised, ...unrecognised];
    const gone: Guarded[] = [];
    for (const g of [...guarded]) {
      if (g.compose.anchor.isConnected && found.some((c) => c.anchor === g.compose.anchor)) continue;
      g.banner.remove();
      guarded.splice(guarded.indexOf(g), 1);
      gone.push(g);
      if (lastActive === g) lastActive = undefined;
    }
    const fresh = found.filter((compose) => !guarded.some((g) => g.compose.anchor === compose.anchor));
    // One window gone and one new in the same look is the same draft with a new editor (Roundcube
    // switching between plain text and HTML moves the anchor): the files picked so far stay with it.
    const same = gone.length === 1 && fresh.length === 1 ? gone[0] : undefined;
    for (const compose of fresh) guard(compose, same);
    // An editor that rewrote its frame (TinyMCE does after it is shown) has a new body to listen to.
    for (const g of guarded) listenTo(g);
    showMissing();
  };

  /**
   * What the adapter expected but could not find: shown once the page has loaded (parts may still
   * be arriving before), in every recognised window, new ones too, until it is found again; a
   * window whose Send is not found is told that Sigill cannot stop it.
   */
  const showMissing = () => {
    if (adapter === null || doc.readyState === "loading") return;
    const missing = adapter.missing(doc);
    for (const g of guarded) if (g.compose.recognised) g.banner.showMissing(missing, g.compose.canStopSend());
  };

  /** The compose window an event belongs to: the one containing it, else the one last used, else the only one. */
  const owner = (target: EventTarget | null): Guarded | undefined =>
    guarded.find((g) => g.compose.contains(target)) ?? lastActive ?? (guarded.length === 1 ? guarded[0] : undefined);

  /** Events on Sigill's own banner and dialog (their host element, seen from the page) are never a send. */
  const ours = (target: EventTarget | null) => (target as Partial<Element> | null)?.tagName === "SIGILL-BANNER";

  /**
   * Whether `g`'s draft must not go out as it is, read right now: it is sensitive, or it could not
   * be read (fail closed: a draft Sigill cannot read is not let through unchecked).
   */
  const mustStop = (g: Guarded): Stopped["why"] | null => {
    try {
      rescan(g);
      return isSensitive(g) ? "sensitive" : null;
    } catch {
      return "unreadable";
    }
  };

  /**
   * The compose window whose send `target` would make and must be stopped: for a press, the window
   * whose send control it is — or whose region holds a control named Send/Skicka — and, for a
   * control named so outside every window, the window last written in; for a key, the window
   * holding the focus, else the one last written in.
   */
  const stoppedSend = (target: EventTarget | null, via: "click" | "key", sends: boolean): Stopped | undefined => {
    if (ours(target)) return undefined;
    const own = guarded.filter((g) =>
      via === "click"
        ? g.compose.isSendControl(target) || (g.compose.contains(target) && sendControlOf(target) !== null)
        : g.compose.contains(target),
    );
    let sending = own;
    const fallback = lastActive ?? (guarded.length === 1 ? guarded[0] : undefined);
    if (sending.length === 0 && fallback !== undefined && (via === "key" || sendControlOf(target) !== null))
      sending = [fallback];
    // A last scan right now, so a keystroke in the same frame cannot slip through.
    for (const g of sending) {
      const why = mustStop(g);
      if (why !== null) return { g, why };
    }
    // Reported only for the event that sends (a click, a keydown) in the window's own send control or
    // editor: a press elsewhere that is stopped to be safe (another "Send" on the page) sends nothing.
    if (sends) for (const g of own) reportUnchecked(g);
    return undefined;
  };

  /**
   * A draft let through to Send while it holds files Sigill could not scan (policy lets them go):
   * the admin is told, once per set of such files in a window (a press is several events).
   */
  const reportUnchecked = (g: Guarded) => {
    const files = counted(g);
    const unchecked = uncheckedFiles(files);
    if (unchecked === null || bridge === undefined) return;
    const key = files
      .filter((f) => f.scan?.status === "unscannable")
      .map((f) => f.name)
      .join("\n");
    if (key === g.uncheckedReported) return;
    g.uncheckedReported = key;
    bridge.reportUnchecked(unchecked.reasons, unchecked.files);
  };

  // True only while the webmail's own Send is pressed for a send the server has recorded: the
  // press runs synchronously, so exactly that one goes through and nothing after it.
  let bypassing = false;
  /** Presses the webmail's own Send once, with the guard standing aside for that press only. */
  const sendOnce = (g: Guarded): boolean => {
    // The override and "not about a person" record the text's kinds; files that went unchecked are told too.
    try {
      reportUnchecked(g);
    } catch {
      // Best effort: the send was decided and recorded already.
    }
    bypassing = true;
    try {
      return g.compose.triggerSend();
    } finally {
      bypassing = false;
    }
  };
  const stop = (event: Event) => {
    event.preventDefault();
    event.stopImmediatePropagation();
  };
  const NOTHING_ALLOWED = { override: false, notAboutPerson: false };

  /**
   * "Det här handlar inte om en enskild person": checked against the draft as it is now (the page
   * may have changed it while the dialog was open), recorded on the server, and only then sent,
   * once, if the draft still holds no finding beyond those the writer attested.
   */
  const sendNotAboutPerson = async (g: Guarded): Promise<NotAboutPersonOutcome> => {
    if (bridge === undefined) return "failed";
    let attested: readonly Finding[] | null;
    try {
      rescan(g);
      attested = notAboutPersonFindings(g.result, filesCount(g));
    } catch {
      return "unreadable";
    }
    if (attested === null) return "changed";
    if (!(await bridge.recordNotAboutPerson(notAboutPersonKinds(attested)).catch(() => false))) return "failed";
    win.setTimeout(() => {
      let stopped: boolean;
      try {
        rescan(g);
        const now = notAboutPersonFindings(g.result, filesCount(g));
        // A finding that appeared while the server was asked: not attested, so stopped again.
        stopped = isSensitive(g) && (now === null || !withinAttested(now, attested));
      } catch {
        cannotRead(g); // the dialog has closed: the banner says it
        return;
      }
      if (stopped) openBlocked(g);
      else sendOnce(g);
    }, 0);
    return "sent";
  };

  /** Opens the "not sent" dialog for `g`, with what policy allows for this draft. */
  const openBlocked = (g: Guarded) => {
    if (g.banner.dialogOpen()) return;
    const kinds = kindsOf(g);
    const allowed =
      bridge === undefined ? Promise.resolve(NOTHING_ALLOWED) : bridge.plainSendAllowed().catch(() => NOTHING_ALLOWED);
    const override = allowed.then((a) =>
      bridge === undefined || !a.override
        ? undefined
        : async (reason: OverrideReason, note: string) => {
            if (!(await bridge.recordOverride(kinds, reason, note).catch(() => false))) return false;
            // The webmail's own send, now let through once; the draft goes out as written.
            win.setTimeout(() => {
              sendOnce(g);
            }, 0);
            return true;
          },
    );
    // Offered only when the warning rests on category words alone (never a number, protected
    // identity, the organisation's keywords, a custom pattern or an attachment).
    const findings = notAboutPersonFindings(g.result, filesCount(g));
    const notAboutPerson =
      findings === null
        ? undefined
        : allowed.then((a) => (a.notAboutPerson ? { findings, send: () => sendNotAboutPerson(g) } : undefined));
    void g.banner.blocked({ override, ...(notAboutPerson !== undefined && { notAboutPerson }) });
  };
  /**
   * {@link stoppedSend}, failing closed: when reading the page throws while deciding (a compose
   * window's editor frame gone, a dead object in Firefox), a press that may be on a send control, or
   * a sending key, is stopped and the person told that the draft could not be read.
   */
  const stoppedSendSafely = (target: EventTarget | null, via: "click" | "key", sends = false): Stopped | undefined => {
    try {
      return stoppedSend(target, via, sends);
    } catch {
      const g = lastActive ?? guarded[0];
      if (g === undefined) return undefined;
      if (via === "key") return { g, why: "unreadable" };
      try {
        return sendControlOf(target) === null ? undefined : { g, why: "unreadable" };
      } catch {
        return { g, why: "unreadable" };
      }
    }
  };
  /** Stops a send: a sensitive draft gets the "not sent" dialog, one that could not be read the banner's alert. */
  const block = (event: Event, { g, why }: Stopped) => {
    stop(event);
    if (why === "sensitive") openBlocked(g);
    else cannotRead(g);
  };
  // Capture phase on the window, registered before the page's own scripts run (document_start):
  // runs before every handler of the page, inline onclick and React's root listeners included.
  const onClick = (event: MouseEvent) => {
    if (bypassing) return;
    const stopped = stoppedSendSafely(event.target, "click", true);
    if (stopped !== undefined) block(event, stopped);
  };
  /** Outlook's Alt+S. */
  const sendsByAltS = (event: KeyboardEvent) =>
    event.altKey && !event.ctrlKey && (event.key === "s" || event.key === "S");
  /** A key that sends: Enter or Space on a send control, Ctrl/Cmd+Enter, Outlook's Alt+S. */
  const sendingKey = (event: KeyboardEvent): "click" | "key" | null => {
    if ((event.key === "Enter" || event.key === " ") && sendControlOf(event.target) !== null) return "click";
    if ((event.key === "Enter" || event.key === " ") && guarded.some((x) => x.compose.isSendControl(event.target)))
      return "click";
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) return "key";
    if (sendsByAltS(event)) return "key";
    return null;
  };
  /** {@link sendingKey}, failing closed: a key that may send, when that cannot be told, is taken as one. */
  const sendingKeySafely = (event: KeyboardEvent): "click" | "key" | null => {
    try {
      return sendingKey(event);
    } catch {
      return event.key === "Enter" || event.key === " " || sendsByAltS(event) ? "key" : null;
    }
  };
  /** The key whose keydown was stopped: its keypress and keyup are stopped too (some webmails act on those). */
  let stoppedKey: string | null = null;
  /** Key events already handled (one listened to on a frame's window and on its editor). */
  const handled = new WeakSet<Event>();
  const onKeyEvent = (event: KeyboardEvent) => {
    if (bypassing || handled.has(event)) return;
    handled.add(event);
    // The rest of a stopped key is stopped too, even once the dialog has the focus.
    if (event.type !== "keydown" && stoppedKey === event.key) {
      stop(event);
      if (event.type === "keyup") stoppedKey = null;
      return;
    }
    if (ours(event.target)) {
      // Keys in Sigill's own banner and dialog are its own; but a chord that sends (Ctrl/Cmd+Enter,
      // Alt+S) must not reach a webmail listening for it anywhere on the page: with the "not sent"
      // dialog holding the focus, it would send the draft the dialog is about.
      if ((event.key === "Enter" && (event.ctrlKey || event.metaKey)) || sendsByAltS(event)) stop(event);
      return;
    }
    if (event.type !== "keydown") {
      if (stoppedKey !== event.key) {
        const via = sendingKeySafely(event);
        if (via !== null && stoppedSendSafely(event.target, via) !== undefined) stop(event);
        return;
      }
      stop(event);
      if (event.type === "keyup") stoppedKey = null;
      return;
    }
    const via = sendingKeySafely(event);
    const stopped = via === null ? undefined : stoppedSendSafely(event.target, via, true);
    if (stopped === undefined) return;
    stoppedKey = event.key;
    block(event, stopped);
  };
  // Some webmails (Gmail) act on mouse or pointer down/up rather than click: those are stopped
  // silently on a sensitive draft's send control; the click that follows opens the dialog.
  const onPress = (event: Event) => {
    if (bypassing) return;
    if (stoppedSendSafely(event.target, "click") === undefined) return;
    stop(event);
  };
  const onFocus = (event: FocusEvent) => {
    const g = guarded.find((x) => x.compose.contains(event.target));
    // An editor shown since the last look (webmails reveal editors by style, which mutations miss).
    const target = event.target as Partial<HTMLElement> | null;
    const editable =
      target?.isContentEditable === true || ["TEXTAREA", "INPUT", "IFRAME"].includes(target?.tagName ?? "");
    if (g === undefined && editable) attach();
    lastActive = g ?? guarded.find((x) => x.compose.contains(event.target)) ?? lastActive;
  };
  // Files as they are picked or dropped: kept (in this page's memory only) in case the draft is diverted.
  const keepFiles = (target: EventTarget | null, files: FileList | null | undefined) => {
    const g = owner(target);
    if (g === undefined || files == null) return;
    for (const f of files) {
      const tracked: TrackedFile = { name: f.name, scan: null, seenListed: false };
      g.files.push({ file: f, tracked });
      // A look at once, before the webmail lists the file: entries of its name already there are not it.
      try {
        counted(g);
      } catch {
        // Looked at again at the next scan; until then entries of its name count as never captured.
      }
      if (bridge === undefined) continue;
      // Scanned inside the extension; until the answer comes, the file blocks sending (fail closed).
      void bridge
        .scanAttachment(f)
        .catch((): AttachmentScanResult => ({
          status: "unscannable",
          name: f.name,
          reason: "unsupported",
          result: { sensitive: false, findings: [] },
          locations: [],
        }))
        .then((scan) => {
          tracked.scan = scan;
          if (scan.status === "unscannable" && bridge.connected?.() === false)
            g.banner.showProblem("scan-disconnected");
          rescan(g);
        });
    }
    rescan(g);
  };
  const onChange = (event: Event) => {
    const input = event.target as HTMLInputElement | null;
    if (input?.tagName === "INPUT" && input.type === "file") keepFiles(input, input.files);
  };
  const onDrop = (event: DragEvent) => {
    keepFiles(event.target, event.dataTransfer?.files);
  };
  // An editor frame's document arrives with its load event, which changes nothing in this document.
  const onLoad = (event: Event) => {
    if ((event.target as Partial<Element> | null)?.tagName === "IFRAME") attach();
  };
  // Started at document_start: the page is still arriving; look again once it is all there.
  const onReady = () => {
    attach();
  };
  /**
   * Registers the guard's listeners. Again whenever the document changes: a page that rewrites its
   * document (document.open(), as an opener writing a pop-out's compose window may) erases every
   * listener on the window and the document; adding a listener already there does nothing.
   */
  const listeners: readonly (readonly [EventTarget, string, EventListener, boolean])[] = [
    [win, "click", onClick as EventListener, true],
    ...KEY_EVENTS.map((type) => [win, type, onKeyEvent as EventListener, true] as const),
    ...PRESS_EVENTS.map((type) => [win, type, onPress, true] as const),
    [win, "focusin", onFocus as EventListener, true],
    [win, "change", onChange, true],
    [win, "drop", onDrop as EventListener, true],
    [doc, "load", onLoad, true],
    [doc, "DOMContentLoaded", onReady, false],
  ];
  const listen = () => {
    for (const [target, type, listener, capture] of listeners) target.addEventListener(type, listener, capture);
  };
  listen();
  attach();
  if (bridge !== undefined) {
    void bridge
      .sitePolicy()
      .catch((): SiteAnswer => ({ generic: false, unscannableSensitive: true }))
      .then((policy) => {
        unscannableSensitive = policy.unscannableSensitive;
        policyListed = policy.generic;
        if (policy.detection !== undefined) {
          detection = policyFromOrg(policy.detection);
          for (const g of guarded) g.scanner = createScanner({ policy: detection });
        }
        attach();
        for (const g of guarded) rescan(g);
      });
  }

  bridge?.onDeliver(async ({ source, ...notification }) => {
    // The window this draft came from, not the one diverted from last: two drafts of two windows
    // may be in secure compose at once, each with its own recipients.
    const entry = diverted.get(source);
    diverted.delete(source);
    // The window the draft came from has closed (or no draft of this page has that id): nothing to
    // send from, and nothing is sent.
    const g = entry !== undefined && guarded.includes(entry.from) ? entry.from : undefined;
    if (g === undefined) return { sent: false, attachments: 0 };
    // Nor from a window now holding another draft (a reading pane that switched drafts in one
    // render is taken for the same window): its recipients are no longer the diverted draft's.
    let same: boolean;
    try {
      same = recipientsOf(g) === entry?.recipients;
    } catch {
      same = false;
    }
    if (!same) return { sent: false, attachments: 0 };
    // The sensitive draft is overwritten with the content-free notification, then sent by the webmail.
    g.compose.replaceContent(notification.subject, notification.text);
    rescan(g);
    // The generic guard cannot see the webmail's attachments: files the person attached here may
    // still be in the draft, so the notification is not sent from it automatically.
    if (!g.compose.recognised && g.files.length > 0) return { sent: false, attachments: g.files.length };
    // Files in the draft would go out unencrypted with the notification: they went into the secure
    // message (or the person was told they could not), so they leave the draft; if they will not, nothing is sent.
    if (g.compose.attachedFiles().length > 0 && g.compose.removeAttachments()) {
      const until = Date.now() + REMOVE_WAIT_MS;
      while (g.compose.attachedFiles().length > 0 && Date.now() < until)
        await new Promise((resolve) => win.setTimeout(resolve, 100));
    }
    // Files gone from the list count as removed only once gone a while (a re-render may bring them back).
    counted(g);
    const due = removalDueAt(g.listMemory);
    if (due !== undefined)
      await new Promise((resolve) => win.setTimeout(resolve, Math.max(0, due - win.performance.now()) + 20));
    await Promise.resolve();
    const attachments = g.compose.attachedFiles().length;
    if (attachments > 0) return { sent: false, attachments };
    return { sent: !isSensitive(g) && g.compose.triggerSend(), attachments };
  });
  bridge?.onReadAttachment(async ({ source, index, offset, length }) => {
    const file = diverted.get(source)?.files[index];
    if (file === undefined) return null;
    return new Uint8Array(await file.slice(offset, offset + length).arrayBuffer());
  });
  bridge?.onShareAttachment(({ source, index }) => diverted.get(source)?.files[index] ?? null);

  // Compose windows come and go (single-page webmails, pop-outs) and files leave their lists: look
  // again when the DOM changes, at most once per frame (`composesMoved`: for compose windows too).
  let looking = false;
  let composesMoved = false;
  const observer = new (win as Window & typeof globalThis).MutationObserver((records) => {
    // At once, not in the next frame: a script the rewritten document loads after this microtask
    // must not get its window listeners in before the guard's.
    listen();
    // Typing changes only the editor being typed in: no compose window can have come or gone, but
    // a file may have left the window's list.
    if (!records.every((r) => guarded.some((g) => g.compose.anchor.contains(r.target)))) composesMoved = true;
    if (looking) return;
    looking = true;
    win.requestAnimationFrame(() => {
      looking = false;
      if (composesMoved) {
        composesMoved = false;
        attach();
      }
      refreshFiles();
    });
  });
  // The document, not its root element: a rewritten document has a new root.
  observer.observe(doc, { childList: true, subtree: true });

  return {
    results: () => guarded.map((g) => g.result),
    stop: () => {
      observer.disconnect();
      win.clearTimeout(settling);
      for (const [target, type, listener, capture] of listeners) target.removeEventListener(type, listener, capture);
      for (const g of guarded) g.banner.remove();
      highlighter.remove();
    },
  };
}
