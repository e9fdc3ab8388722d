import {
  isShown,
  labelIs,
  placedEditors,
  type PlacedEditor,
  labelStartsWith,
  pressable,
  regionAround,
  sendControlOf,
  sendControlsIn,
} from "./accessible.ts";
import {
  fieldValue,
  fireInput,
  isElement,
  isNode,
  parseAddresses,
  pressControl,
  readEditor,
  writeEditor,
  type ComposeWindow,
  type WebmailAdapter,
} from "./types.ts";

/**
 * Outlook on the web: the new Outlook (outlook.office.com, outlook.office365.com,
 * outlook.live.com, outlook.cloud.microsoft) and Exchange's OWA on an organisation's own host
 * (2013-2019, and OWA Light). A new message in the reading pane, an inline reply, or a
 * popped-out compose window. Class names are generated and change with every build, so nothing
 * here uses them: the compose window is found by accessible names and roles, which Microsoft keeps
 * for screen readers, and by the few ids and test ids that do not depend on the UI language.
 * Where each comes from (real captures and public scripts, with commits or index ids) is in
 * `test/fixtures/outlook/SOURCES.md`; in short:
 * - body: a contenteditable whose label starts with "Message body" (captured 2021 and 2023:
 *   "Message body, press Alt+F10 to exit"; Exchange 2016/2019 and newer builds "Message body"),
 *   or the editor inside `[id^=editorParent_]` (captured), or classic OWA's
 *   `#MicrosoftOWAEditorRegion` in `iframe#EditorBody` (captured, Chinese UI), or OWA Light's
 *   `textarea[name=txtbdy]` (captured); or, whatever its label, a multi-line contenteditable
 *   textbox in a region that also holds Send and is not a recipient well or the signature editor;
 * - Send: a control whose accessible name or title starts with Send/Skicka (scripts:
 *   `button[aria-label="Send"]`, `[title="Send (Ctrl+Enter)"]`, `button[name="Send"]`), or
 *   inside `[data-testid=ComposeSendButton]` (scripts, 2023 on), or OWA Light's `#lnkHdrsend`;
 * - To/Cc/Bcc wells by label (captured `div[role=textbox][aria-label="To"]`; Exchange 2013
 *   "To recipients. …"), by group ids ending `_TO`/`_CC`/`_BCC`, or OWA Light's `#txtto`/`#divTo`;
 *   addresses from chips' aria-label or title, or text;
 * - subject by label (captured `input[aria-label="Add a subject"]`), `[id$=_SUBJECT]`, Exchange
 *   2013's `aria-labelledby` "MailCompose.SubjectWellLabel", or OWA Light's `#txtsbj`;
 * - the attachment well and its remove buttons by their accessible names (no capture found).
 * The Swedish labels are our translations (no Swedish capture exists publicly): recognition does
 * not depend on them.
 */
export const OUTLOOK = {
  host: /^(outlook\.(office|office365|live)\.com|outlook\.cloud\.microsoft)$/,
  /** Label prefixes of the body editor. */
  bodyLabels: ["Message body", "Meddelandetext", "Meddelandets brödtext", "Brödtext"],
  /** Label prefixes of editors that look like the body but are not (Settings' signature editor). */
  notBodyLabels: ["Signature", "Signatur"],
  /** Candidates for the body (the label, id or region decides). */
  editors: "[contenteditable=true], [contenteditable=''], textarea[name=txtbdy]",
  /** Bodies known by a language-independent id: the new Outlook's wrapper, classic OWA, OWA Light. */
  bodyIds: "[id^=editorParent_] > [contenteditable=true], #MicrosoftOWAEditorRegion, textarea[name=txtbdy]",
  /** Send controls known by a language-independent id (the name decides for every other control). */
  sendIds: "[data-testid=ComposeSendButton] button, button[data-testid=ComposeSendButton], a#lnkHdrsend",
  subjectLabels: ["Add a subject", "Lägg till ett ämne", "Subject", "Ämne"],
  subjectIds: "input[id$=_SUBJECT], input[aria-labelledby*='SubjectWellLabel'], input#txtsbj",
  recipients: {
    to: ["To", "Till"],
    cc: ["Cc", "Kopia"],
    bcc: ["Bcc", "Hemlig kopia", "Dold kopia"],
  },
  /** Exchange 2013's recipient inputs: "To recipients. Enter an email address or a name from your contact list." */
  recipientPrefixes: {
    to: ["To recipients", "Till-mottagare"],
    cc: ["Cc recipients", "Kopia-mottagare"],
    bcc: ["Bcc recipients", "Hemlig kopia-mottagare"],
  },
  /** Recipient wells known by a language-independent id (group ids end _TO/_CC/_BCC; OWA Light). */
  recipientIds: {
    to: "[id$=_TO], #txtto, #divTo",
    cc: "[id$=_CC], #txtcc, #divCc",
    bcc: "[id$=_BCC], #txtbcc, #divBcc",
  },
  /** Where the compose region ends when no Send control is found (a pop-out has nothing around it). */
  region: "[role=dialog], [role=main], form",
  attachmentWellLabels: ["Attachments", "Bifogade filer", "Bilagor"],
  attachment: "[role=listitem], [role=option]",
  removeAttachmentLabels: ["Remove", "Ta bort"],
} as const;

type Kind = keyof typeof OUTLOOK.recipients;

/** Elements that may be a recipient well or the subject (what their label or id then decides). */
const FIELDS = [
  "[aria-label]",
  "[aria-labelledby]",
  "input[placeholder]",
  ...Object.values(OUTLOOK.recipientIds),
  OUTLOOK.subjectIds,
].join(", ");

const NAME = "Outlook on the web";

function recipientKind(el: Element): Kind | null {
  for (const kind of ["to", "cc", "bcc"] as const) {
    if (labelIs(el, OUTLOOK.recipients[kind]) || el.matches(OUTLOOK.recipientIds[kind])) return kind;
    // Exchange 2013: "To recipients. Enter an email address or a name from your contact list."
    if (el.tagName === "INPUT" && labelStartsWith(el, OUTLOOK.recipientPrefixes[kind])) return kind;
  }
  return null;
}

/** The body by its label or a language-independent id (never the signature editor). */
function isBodyLabelled(el: Element): boolean {
  if (labelStartsWith(el, OUTLOOK.notBodyLabels)) return false;
  return labelStartsWith(el, OUTLOOK.bodyLabels) || el.matches(OUTLOOK.bodyIds);
}

function isSubject(el: Element): boolean {
  return el.tagName === "INPUT" && (labelStartsWith(el, OUTLOOK.subjectLabels) || el.matches(OUTLOOK.subjectIds));
}

/** Send controls under `root`: by accessible name, or by a language-independent id. */
function sendControls(root: ParentNode): HTMLElement[] {
  const byId = [...root.querySelectorAll<HTMLElement>(OUTLOOK.sendIds)];
  return [...new Set([...byId, ...sendControlsIn(root)])];
}

/** A multi-line contenteditable textbox that is not a recipient well: the body when its region has Send. */
function isUnlabelledBody(el: Element): boolean {
  return (
    el.getAttribute("role") === "textbox" &&
    el.getAttribute("aria-multiline") === "true" &&
    recipientKind(el) === null &&
    !labelStartsWith(el, OUTLOOK.notBodyLabels) &&
    !labelStartsWith(el, OUTLOOK.subjectLabels)
  );
}

/**
 * Addresses a recipient well holds, in document order: chips carry them in title or aria-label,
 * typed text in text nodes (one at a time: joined chip texts would glue two addresses into one).
 */
function addressesIn(node: Node): string[] {
  if (node.nodeType === 3) return parseAddresses(node.textContent ?? "");
  if (!isElement(node)) return [];
  return [
    ...parseAddresses(node.getAttribute("title") ?? ""),
    ...parseAddresses(node.getAttribute("aria-label") ?? ""),
    ...parseAddresses(fieldValue(node)),
    ...[...node.childNodes].flatMap(addressesIn),
  ];
}

/** `host`: the element of the page holding the body (itself, or classic OWA's editor iframe). */
function compose(root: Element, body: HTMLElement, host: Element): ComposeWindow {
  // Classic OWA writes the body in an iframe of the compose page: its document is part of the window.
  const framed = body.ownerDocument !== root.ownerDocument;
  const inWindow = (target: EventTarget | null) =>
    isNode(target) && (root.contains(target) || (framed && body.contains(target)));
  const subjectField = () => [...root.querySelectorAll<HTMLInputElement>("input")].find(isSubject) ?? null;
  const recipients = (kind: Kind) => {
    const wells = [...root.querySelectorAll(FIELDS)].filter((el) => recipientKind(el) === kind);
    // A well inside another well of the same kind (a group and its input) is read once, through the outer one.
    const outer = wells.filter((w) => !wells.some((o) => o !== w && o.contains(w)));
    return [...new Set(outer.flatMap(addressesIn))];
  };
  const attachments = () =>
    [...root.querySelectorAll("[aria-label], [aria-labelledby]")]
      .filter((el) => labelIs(el, OUTLOOK.attachmentWellLabels))
      .flatMap((well) => [...well.querySelectorAll(OUTLOOK.attachment)]);
  const removeControl = (item: Element) =>
    [...item.querySelectorAll<HTMLElement>("button, [role=button]")].find((b) =>
      labelStartsWith(b, OUTLOOK.removeAttachmentLabels),
    ) ?? null;
  return {
    recognised: true,
    // The banner goes into the page before the editor (or its frame), never into the editor's document.
    anchor: host,
    readRecipients: () => ({ to: recipients("to"), cc: recipients("cc"), bcc: recipients("bcc") }),
    readSubject: () => {
      const field = subjectField();
      if (field !== null) return fieldValue(field);
      // An inline reply has no subject field: the conversation's heading names it (toggl/track-extension reads the same).
      const heading = (root.closest("#ReadingPaneContainerId") ?? root.ownerDocument).querySelector(
        "[role=heading][title]",
      );
      const title = heading?.getAttribute("title")?.trim() ?? "";
      return title === "" || /^(sv|re|vb|fw|fwd):/iu.test(title) ? title : `Sv: ${title}`;
    },
    readBody: () => readEditor(body),
    isSendControl: (target) =>
      isElement(target) &&
      root.contains(target) &&
      (sendControlOf(target) !== null || sendControls(root).some((c) => c.contains(target))),
    canStopSend: () => sendControls(root).length > 0,
    contains: inWindow,
    watched: () => (framed ? [root, body] : [root]),
    replaceContent: (subject, text) => {
      const field = subjectField();
      if (field !== null) {
        field.value = subject;
        fireInput(field);
      }
      writeEditor(body, text);
    },
    attachedFiles: () =>
      attachments().map((item) =>
        (item.getAttribute("title") ?? item.querySelector("[title]")?.getAttribute("title") ?? item.textContent).trim(),
      ),
    removeAttachments: () => {
      const controls = attachments().map(removeControl);
      for (const control of controls) control?.click();
      return controls.every((control) => control !== null);
    },
    editors: () => ({ subject: subjectField(), body: framed ? null : body }),
    triggerSend: () => {
      const [send] = pressable(sendControls(root));
      if (send === undefined) return false;
      pressControl(send);
      return true;
    },
  };
}

function composeRoots(doc: Document): { root: Element; body: HTMLElement; host: Element }[] {
  const controls = sendControls(doc);
  // Without a Send control the region still reaches the To well and the subject, when there are any.
  let fields: Element[] | undefined;
  const markers = [
    controls,
    () => (fields ??= [...doc.querySelectorAll(FIELDS)].filter((el) => recipientKind(el) !== null || isSubject(el))),
  ];
  const seen = new Set<Element>();
  const out: { root: Element; body: HTMLElement; host: Element }[] = [];
  const candidates = placedEditors(doc, OUTLOOK.editors).filter(
    ({ el, host }) => el.parentElement?.closest(OUTLOOK.editors) == null && isShown(host),
  );
  const add = ({ el, host }: PlacedEditor, needSend: boolean) => {
    const root = regionAround(host, markers, OUTLOOK.region);
    if (seen.has(root) || [...seen].some((r) => r.contains(host))) return;
    if (needSend && !controls.some((c) => root.contains(c))) return;
    seen.add(root);
    out.push({ root, body: el, host });
  };
  // Labelled bodies first; an unlabelled multi-line textbox counts only in a region with Send.
  for (const c of candidates.filter(({ el }) => isBodyLabelled(el))) add(c, false);
  for (const c of candidates.filter(({ el }) => !isBodyLabelled(el) && isUnlabelledBody(el))) add(c, true);
  return out;
}

/** The page's host name; "" for documents without a location (linkedom in tests). */
function hostname(doc: Document): string {
  return (doc.location as Location | null)?.hostname ?? "";
}

export const outlook: WebmailAdapter = {
  name: NAME,
  // The host alone suffices on Microsoft's sites (compose opens later); elsewhere (an organisation's
  // own OWA host, a saved page) a labelled body marks it.
  matches: (doc) =>
    OUTLOOK.host.test(hostname(doc)) || placedEditors(doc, OUTLOOK.editors).some(({ el }) => isBodyLabelled(el)),
  findComposes: (doc) => composeRoots(doc).map(({ root, body, host }) => compose(root, body, host)),
  missing: (doc) => {
    const lacking = new Set<string>();
    for (const { root } of composeRoots(doc)) {
      if (![...root.querySelectorAll(FIELDS)].some((el) => recipientKind(el) === "to")) lacking.add(`${NAME}: to`);
      if (sendControls(root).length === 0) lacking.add(`${NAME}: send`);
    }
    return [...lacking];
  },
};
