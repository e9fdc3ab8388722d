// The findings banner and the "not sent" dialog, in a closed shadow root: the webmail page's
// scripts cannot read it, and neither its styles nor ours leak across.
import {
  OVERRIDE_NOTE_MAX,
  OVERRIDE_NOTE_MIN,
  OVERRIDE_REASONS,
  type OverrideReason,
} from "@sigill/client/override-reasons";
import { findingKind, kindName, personalDataInNote, type DetectionResult, type Finding } from "@sigill/detection";
import type { AttachmentScanResult } from "./attachment-state.ts";
import { TEXT, type Lang } from "./messages.ts";
import type { DraftOverLimit } from "../wire.ts";

/**
 * What became of "this is not about an individual person": sent; or not recorded, the draft
 * changed, or the draft could not be read (each: nothing sent).
 */
export type NotAboutPersonOutcome = "sent" | "failed" | "changed" | "unreadable";

/**
 * Why something the person asked for did not happen, shown in the banner as an alert: the content
 * script was cut off from the extension (an update or reload), the extension did not open the secure
 * message, or the draft could not be read. In each case nothing was sent.
 */
export type Problem =
  "disconnected" | "divert-failed" | "divert-late" | "unreadable" | "scan-disconnected" | DraftOverLimit;

/** The dialog's offer to send mail flagged only by category words, once the writer attests it is not about a person. */
export interface NotAboutPersonOffer {
  /** The findings the warning rests on (each a category word), listed so the writer sees what they attest. */
  readonly findings: readonly Finding[];
  /** Records the attestation and, only then, sends the mail once. */
  send(): Promise<NotAboutPersonOutcome>;
}

/** What the "not sent" dialog may offer besides a secure message; each appears once policy allows it. */
export interface BlockedOptions {
  /** Sending as ordinary e-mail with a required reason: a fixed one, or "other" with a short note. */
  readonly override?: Promise<((reason: OverrideReason, note: string) => Promise<boolean>) | undefined>;
  /** "Det här handlar inte om en enskild person": only for a warning resting on category words alone. */
  readonly notAboutPerson?: Promise<NotAboutPersonOffer | undefined>;
}

/** An attachment as the banner shows it. */
export interface FileView {
  readonly name: string;
  /** null while the scan runs. */
  readonly scan: AttachmentScanResult | null;
  /** For an unscannable file: whether policy counts it as sensitive. */
  readonly unscannableCounts: boolean;
}

const STYLE = `
:host { all: initial; display: block; font: 14px/1.4 system-ui, sans-serif; margin: 6px 0; }
.banner { border: 2px solid #8a1c1c; background: #fff4f4; color: #2b0a0a; border-radius: 6px; padding: 8px 12px; }
.banner[hidden] { display: none; }
h2 { font-size: 15px; margin: 0 0 4px; }
ul { margin: 4px 0 0; padding-left: 18px; }
li { cursor: default; border-radius: 3px; }
li:hover, li:focus { background: #ffe9a8; }
li:focus-visible { outline: 3px solid #1a56db; outline-offset: 1px; }
.hint { font-size: 12px; margin: 4px 0 0; color: #4a1a1a; }
label { display: block; margin-top: 10px; }
textarea { font: inherit; width: 100%; box-sizing: border-box; }
fieldset { border: 0; margin: 8px 0 0; padding: 0; }
fieldset label { display: block; margin: 2px 0; }
.bar { text-align: right; }
.bar button { font-size: 12px; padding: 2px 10px; margin: 0 0 4px; }
.unsupported { font-weight: 600; margin: 4px 0; }
.unsupported[hidden] { display: none; }
.missing { border: 2px solid #7a5a00; background: #fffbe6; color: #2b2000; border-radius: 6px; padding: 8px 12px; margin: 0 0 6px; font-weight: 600; }
.missing[hidden] { display: none; }
.problem[hidden] { display: none; }
.problem { border: 2px solid #8a1c1c; border-left-width: 8px; background: #fff; color: #2b0a0a; border-radius: 6px; padding: 8px 12px; margin: 0 0 6px; }
.problem p { margin: 0; font-weight: 600; }
dialog { border: 2px solid #8a1c1c; border-radius: 8px; max-width: 420px; padding: 16px; color: #111; background: #fff; }
dialog::backdrop { background: rgba(0,0,0,.4); }
button { font: inherit; padding: 6px 14px; margin: 6px 6px 0 0; border-radius: 4px; border: 1px solid #333; background: #fff; color: #111; cursor: pointer; }
button.divert { background: #1a3d7c; border-color: #1a3d7c; color: #fff; }
.not-about-person-box ul { margin: 4px 0 6px; }
.not-about-person-box p { margin: 6px 0 0; }
button:focus-visible { outline: 3px solid #1a56db; outline-offset: 2px; }
`;

export interface Banner {
  /** Shows the findings in the text and the state of the draft's attachments. */
  show(result: DetectionResult, files?: readonly FileView[]): void;
  /**
   * Says what of a recognised compose window Sigill cannot find (`what`, empty: everything is
   * found), and, when `sendFound` is false, that a Send it cannot find is not stopped. A line of its
   * own: it stays, with or without findings, until the parts are found again.
   */
  showMissing(what: readonly string[], sendFound: boolean): void;
  /**
   * Marks the compose window as one no webmail adapter recognised: with findings, the banner then
   * says plainly that the page is not fully supported ("partial": Send is stopped where it was
   * found; "no-send": no send control was found, so sending cannot be stopped by a click).
   */
  setUnsupported(how: "partial" | "no-send" | null): void;
  /** Whether the "not sent" dialog is open now. */
  dialogOpen(): boolean;
  /**
   * Opens the modal "not sent" dialog; resolves when it closes. With `override`, the dialog also
   * offers sending as ordinary e-mail with a required reason; with `notAboutPerson`, a one-click
   * "this is not about an individual person" with the words the warning rests on (each only where
   * policy allows it, once it says so).
   */
  blocked(options?: BlockedOptions): Promise<void>;
  /**
   * Tells the person, in an alert a screen reader announces at once, why what they asked for did
   * not happen and what to do; null takes the alert away. It stays until then or until dismissed.
   */
  showProblem(problem: Problem | null): void;
  /** Detaches everything (the compose window closed). */
  remove(): void;
}

/**
 * @param onDivert "Send as secure message" (absent: no such button).
 * @param onPoint called with the finding a person hovers or focuses in the list, and with null when they leave it.
 */
export function createBanner(
  doc: Document,
  anchor: Element,
  lang: Lang,
  onDivert?: () => void,
  onPoint?: (finding: Finding | null) => void,
): Banner {
  const t = TEXT[lang];
  const host = doc.createElement("sigill-banner");
  const root = host.attachShadow({ mode: "closed" });
  const style = doc.createElement("style");
  style.textContent = STYLE;
  const box = doc.createElement("section");
  box.className = "banner";
  box.hidden = true;
  box.setAttribute("role", "status");
  box.setAttribute("aria-live", "polite");
  const heading = doc.createElement("h2");
  const advice = doc.createElement("p");
  const list = doc.createElement("ul");
  const hint = doc.createElement("p");
  hint.className = "hint";
  const unsupported = doc.createElement("p");
  unsupported.className = "unsupported";
  unsupported.hidden = true;
  box.append(heading, unsupported, advice, list, hint);
  const makeDivert = () => {
    const button = doc.createElement("button");
    button.type = "button";
    button.className = "divert";
    button.textContent = t.divert;
    button.onclick = () => {
      if (dialog.open) dialog.close();
      onDivert?.();
    };
    return button;
  };
  if (onDivert !== undefined) box.append(makeDivert());
  // Always there, even for a draft with nothing flagged: a person may choose a secure message.
  const bar = doc.createElement("div");
  bar.className = "bar";
  if (onDivert !== undefined) {
    const secure = doc.createElement("button");
    secure.type = "button";
    secure.className = "secure-compose";
    secure.textContent = t.composeSecure;
    secure.onclick = () => {
      onDivert();
    };
    bar.append(secure);
  }
  // The alert: outside the findings (shown with or without any) and outside the dialog (which is
  // closed by then), with a way to dismiss it.
  const problemBox = doc.createElement("div");
  problemBox.className = "problem";
  problemBox.hidden = true;
  // What Sigill cannot find in a recognised window: outside the findings, which every scan redraws.
  const missingLine = doc.createElement("p");
  missingLine.className = "missing";
  missingLine.hidden = true;
  missingLine.setAttribute("role", "status");
  const dismiss = doc.createElement("button");
  dismiss.type = "button";
  dismiss.className = "problem-dismiss";
  dismiss.textContent = t.dismiss;
  const dialog = doc.createElement("dialog");
  dialog.setAttribute("aria-labelledby", "sigill-dialog-title");
  const title = doc.createElement("h2");
  title.id = "sigill-dialog-title";
  title.textContent = t.blockedTitle;
  const body = doc.createElement("p");
  body.textContent = t.blockedBody;
  const edit = doc.createElement("button");
  edit.type = "button";
  edit.textContent = t.edit;
  const overrideBox = doc.createElement("div");
  overrideBox.className = "override";
  const notAboutPersonBox = doc.createElement("div");
  notAboutPersonBox.className = "not-about-person-box";
  const dialogDivert = onDivert === undefined ? [] : [makeDivert()];
  // Tab order: the secure message (focused), edit, then the ways to send as ordinary e-mail.
  dialog.append(title, body, ...dialogDivert, edit, notAboutPersonBox, overrideBox);
  root.append(style, bar, problemBox, missingLine, box, dialog);
  anchor.parentNode?.insertBefore(host, anchor);

  let lastShown = "";

  /** One line per finding in an attachment (with where it is), or its scanning / not-scannable state. */
  const filesToItems = (files: readonly FileView[]): HTMLLIElement[] =>
    files.flatMap((f) => {
      const line = (text: string, className: string) => {
        const li = doc.createElement("li");
        li.className = className;
        li.textContent = text;
        return li;
      };
      if (f.scan === null) return [line(t.fileScanning(f.name), "file-pending")];
      const scan = f.scan;
      const items = scan.result.findings.flatMap((finding, i) =>
        finding.level === "low"
          ? []
          : [line(t.fileFinding(f.name, where(scan.locations[i]), finding.explanation[lang]), "file-finding")],
      );
      if (scan.status === "unscannable")
        items.push(
          line(
            t.fileUnscannable(f.name, t.reasons[scan.reason ?? "unsupported"], f.unscannableCounts),
            "file-unscannable",
          ),
        );
      return items;
    });
  const where = (loc: AttachmentScanResult["locations"][number] | undefined) => {
    if (loc === undefined) return "";
    if (loc.part === "name") return t.where.name;
    if (loc.sheet !== undefined)
      return `${t.where.sheet} ${loc.sheet}${loc.cell === undefined ? "" : `, ${t.where.cell} ${loc.cell}`}`;
    if (loc.slide !== undefined) return `${t.where.slide} ${String(loc.slide)}`;
    if (loc.page !== undefined) return `${t.where.page} ${String(loc.page)}`;
    return "";
  };

  const showProblem = (problem: Problem | null) => {
    problemBox.hidden = problem === null;
    if (problem === null) {
      problemBox.replaceChildren();
      return;
    }
    // A new element with role="alert" each time: browsers announce an alert as it is inserted, so
    // the same problem a second time (Send pressed again) is announced again.
    const alert = doc.createElement("p");
    alert.setAttribute("role", "alert");
    alert.className = `problem-text problem-${problem}`;
    alert.textContent = t.problems[problem];
    problemBox.replaceChildren(alert, dismiss);
  };
  dismiss.onclick = () => {
    showProblem(null);
    // The button goes with the alert: the focus moves to the secure message rather than being lost.
    bar.querySelector("button")?.focus();
  };

  return {
    showProblem,
    show(result, files = []) {
      // Nothing changed since the last scan (the usual case while typing): leave the DOM alone, so
      // a line being pointed at stays the same element.
      const key = JSON.stringify([result, files.map((f) => [f.name, f.scan, f.unscannableCounts])]);
      if (key === lastShown) return;
      lastShown = key;
      const shown = result.findings.filter((f) => f.level !== "low");
      const fileItems = filesToItems(files);
      const textCounts = result.sensitive && shown.length > 0;
      box.hidden = !textCounts && fileItems.length === 0;
      if (box.hidden) return;
      const fileFindings = files.flatMap((f) => (f.scan?.result.findings ?? []).filter((x) => x.level !== "low"));
      const kinds = [
        ...new Set([...(textCounts ? shown : []), ...fileFindings].map((f) => kindName(findingKind(f))[lang])),
      ];
      const count = (textCounts ? shown.length : 0) + fileFindings.length;
      heading.textContent = count > 0 ? t.banner(count, kinds.join(", ")) : t.fileHeading;
      advice.textContent = t.advice;
      list.replaceChildren(
        ...(textCounts ? shown : []).map((f) => {
          const li = doc.createElement("li");
          li.textContent = f.explanation[lang];
          if (onPoint !== undefined) {
            // Focusable, so keyboard users can point too; the highlight is drawn outside the text.
            li.tabIndex = 0;
            li.onmouseenter = li.onfocus = () => {
              onPoint(f);
            };
            li.onmouseleave = li.onblur = () => {
              onPoint(null);
            };
          }
          return li;
        }),
        ...fileItems,
      );
      hint.textContent = onPoint === undefined || !textCounts ? "" : t.pointHint;
    },
    setUnsupported(how) {
      unsupported.hidden = how === null;
      unsupported.textContent = how === null ? "" : t.unsupported[how];
    },
    dialogOpen() {
      return dialog.open;
    },
    showMissing(what, sendFound) {
      const text = what.length === 0 ? "" : `${t.missing(what.join(", "))}${sendFound ? "" : ` ${t.missingSend}`}`;
      // Unchanged (asked again at every look at the page): left alone, so it is not announced again.
      if (text === missingLine.textContent) return;
      missingLine.hidden = text === "";
      missingLine.textContent = text;
    },
    blocked({ override: overridePromise, notAboutPerson } = {}) {
      overrideBox.replaceChildren();
      notAboutPersonBox.replaceChildren();
      void notAboutPerson?.then((offer) => {
        if (offer === undefined || !dialog.open) return;
        const words = doc.createElement("p");
        words.id = "sigill-nap-words";
        words.textContent = t.notAboutPersonWords;
        const list = doc.createElement("ul");
        list.id = "sigill-nap-list";
        list.setAttribute("aria-labelledby", "sigill-nap-words");
        list.append(
          ...[...new Set(offer.findings.map((f) => f.explanation[lang]))].map((text) => {
            const li = doc.createElement("li");
            li.textContent = text;
            return li;
          }),
        );
        const help = doc.createElement("p");
        help.id = "sigill-nap-help";
        help.textContent = t.notAboutPersonHelp;
        const button = doc.createElement("button");
        button.type = "button";
        button.className = "not-about-person";
        button.textContent = t.notAboutPerson;
        // Read with the button: which words the warning rests on, and what clicking it means.
        button.setAttribute("aria-describedby", "sigill-nap-list sigill-nap-help");
        const status = doc.createElement("p");
        status.className = "not-about-person-status";
        status.setAttribute("role", "alert");
        // Not disabled while busy: a disabled button would lose the keyboard focus.
        let busy = false;
        button.onclick = () => {
          if (busy) return;
          busy = true;
          button.setAttribute("aria-busy", "true");
          status.textContent = "";
          void offer.send().then((outcome) => {
            busy = false;
            button.removeAttribute("aria-busy");
            if (outcome === "sent") {
              dialog.close();
              return;
            }
            status.textContent =
              outcome === "failed"
                ? t.notAboutPersonFailed
                : outcome === "unreadable"
                  ? t.problems.unreadable
                  : t.notAboutPersonChanged;
            if (outcome === "changed") {
              // The draft no longer rests on category words alone: the offer goes, editing is next.
              words.remove();
              list.remove();
              help.remove();
              button.remove();
              edit.focus();
            }
          });
        };
        notAboutPersonBox.append(words, list, help, button, status);
      });
      // The dialog opens at once; the override appears only if and when policy allows it.
      void overridePromise?.then((override) => {
        if (override === undefined || !dialog.open) return;
        const open = doc.createElement("button");
        open.type = "button";
        open.className = "override-open";
        open.textContent = t.override;
        open.onclick = () => {
          // Fixed reasons first; a note only for "other", checked here (and by the server) for
          // personal data, since the access log keeps it for ever.
          const reasons = doc.createElement("fieldset");
          const legend = doc.createElement("legend");
          legend.textContent = t.reason;
          reasons.append(legend);
          let chosen: OverrideReason | null = null;
          const noteBox = doc.createElement("p");
          noteBox.hidden = true;
          const noteLabel = doc.createElement("label");
          noteLabel.htmlFor = "sigill-note";
          noteLabel.textContent = t.noteLabel;
          const note = doc.createElement("textarea");
          note.id = "sigill-note";
          note.rows = 2;
          note.maxLength = OVERRIDE_NOTE_MAX;
          noteBox.append(noteLabel, note);
          const confirm = doc.createElement("button");
          confirm.type = "button";
          confirm.className = "override-confirm";
          confirm.textContent = t.confirmOverride;
          confirm.disabled = true;
          const failed = doc.createElement("p");
          failed.setAttribute("role", "alert");
          const update = () => {
            noteBox.hidden = chosen !== "other";
            confirm.disabled = chosen === null || (chosen === "other" && note.value.trim().length < OVERRIDE_NOTE_MIN);
          };
          for (const value of OVERRIDE_REASONS) {
            const label = doc.createElement("label");
            const radio = doc.createElement("input");
            radio.type = "radio";
            radio.name = "sigill-reason";
            radio.id = `sigill-reason-${value}`;
            radio.value = value;
            radio.onchange = () => {
              chosen = value;
              failed.textContent = "";
              update();
            };
            label.append(radio, ` ${t.overrideReasons[value]}`);
            reasons.append(label);
          }
          note.oninput = () => {
            failed.textContent = "";
            update();
          };
          confirm.onclick = () => {
            if (chosen === null) return;
            const text = chosen === "other" ? note.value.trim() : "";
            if (personalDataInNote(text).length > 0) {
              failed.textContent = t.noteSensitive;
              note.focus();
              return;
            }
            confirm.disabled = true;
            void override(chosen, text).then((ok) => {
              if (ok) dialog.close();
              else failed.textContent = t.overrideFailed;
              confirm.disabled = false;
            });
          };
          overrideBox.replaceChildren(reasons, noteBox, confirm, failed);
          reasons.querySelector("input")?.focus();
        };
        overrideBox.append(open);
      });
      return new Promise((resolve) => {
        edit.onclick = () => {
          dialog.close();
        };
        dialog.onclose = () => {
          resolve();
        };
        dialog.showModal();
        // The safe choice has the focus: Enter sends securely, Escape goes back to editing.
        (dialog.querySelector<HTMLButtonElement>("button.divert") ?? edit).focus();
      });
    },
    remove() {
      host.remove();
    },
  };
}
