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
} from "./types.ts";

/**
 * The generic guard: what Sigill does where no webmail adapter recognises the compose window (an
 * unknown webmail, or a known one whose markup changed). It knows nothing of any webmail's markup,
 * only of editable regions and accessible names:
 * - every editor a person can write a message in: a textarea, a contenteditable root, an ARIA
 *   multi-line textbox, and the body of a same-origin iframe in design mode (TinyMCE, CKEditor);
 * - the compose region around it: the nearest ancestor holding a control whose accessible name or
 *   title starts with Send/Skicka (see `accessible.ts`), else its form or dialog;
 * - within that region, every other text field is scanned too, a field labelled as the subject
 *   is read as the subject, and fields labelled To/Till, Cc/Kopia, Bcc/Hemlig kopia as recipients.
 * It cannot see the webmail's attachments or every way the webmail may send, and says so.
 */
export const GENERIC = {
  /** Multi-line editors: what a message body is written in (also looked for in same-origin iframes). */
  editors:
    "textarea, [contenteditable=''], [contenteditable=true], [contenteditable=plaintext-only], [role=textbox][aria-multiline=true]",
  /** Single-line text fields inside a compose region (subject, recipients, anything else typed). */
  fields: "input:not([type]), input[type=text], input[type=email], input[type=search]",
  /** Where a region ends when no send control is found. */
  region: "form, [role=dialog], [role=form]",
  subject: ["Subject", "Ämne", "Add a subject", "Lägg till ett ämne", "Emne", "Aihe", "Betreff", "Objet", "Asunto"],
  recipients: {
    to: ["To", "Till", "Mottagare", "Recipients"],
    cc: ["Cc", "Kopia"],
    bcc: ["Bcc", "Hemlig kopia", "Dold kopia"],
  },
} as const;

type Kind = keyof typeof GENERIC.recipients;

type Editor = PlacedEditor;

/** Editors the generic guard ignores: nested inside another editor, or Sigill's own elements. */
function isEditorRoot(el: Element): boolean {
  if (el.tagName === "SIGILL-BANNER" || el.closest("sigill-banner") !== null) return false;
  if (el.getAttribute("contenteditable") === "false") return false;
  const parent = el.parentElement?.closest(GENERIC.editors) ?? null;
  return parent === null;
}

function subjectField(el: Element): boolean {
  const name = `${el.getAttribute("name") ?? ""} ${el.id}`.toLowerCase();
  return labelStartsWith(el, GENERIC.subject) || /\bsubject|subjectbox\b/u.test(name);
}

function recipientKind(el: Element): Kind | null {
  for (const kind of ["to", "cc", "bcc"] as const) if (labelIs(el, GENERIC.recipients[kind])) return kind;
  return null;
}

/** Every editor a message could be written in, in document order (shown ones only), same-origin frames included. */
export function findEditors(doc: Document): Editor[] {
  return placedEditors(doc, GENERIC.editors).filter(
    ({ el, host }) =>
      (host !== el || isShown(el)) &&
      (el.tagName === "BODY" || (isEditorRoot(el) && recipientKind(el) === null && !subjectField(el))),
  );
}

/** Addresses a recipient field holds: typed text, and chips with the address in a title or label. */
function addressesIn(el: Element): string[] {
  const own = [fieldValue(el), el.getAttribute("title") ?? "", el.getAttribute("aria-label") ?? ""];
  if (el.tagName !== "INPUT" && el.tagName !== "TEXTAREA") own.push(el.textContent);
  return [
    ...new Set([
      ...own.flatMap(parseAddresses),
      ...[...el.querySelectorAll("[title], [aria-label], [data-hovercard-id], [email]")].flatMap((chip) =>
        ["title", "aria-label", "data-hovercard-id", "email"].flatMap((a) =>
          parseAddresses(chip.getAttribute(a) ?? ""),
        ),
      ),
    ]),
  ];
}

function compose(root: Element, first: Editor): ComposeWindow {
  /** The region's editors now (editors come and go while the person writes). */
  const editors = (): Editor[] =>
    findEditors(root.ownerDocument).filter((e) => root.contains(e.host) || e.host === first.host);
  const fields = () =>
    [...root.querySelectorAll<HTMLElement>(`${GENERIC.fields}, ${GENERIC.editors}`)].filter((f) => isShown(f));
  const subject = () => fields().find((f) => f.tagName === "INPUT" && subjectField(f)) ?? null;
  /** Inside a recipient well (its typing input, say): recipients, not text to scan as the body. */
  const inWell = (f: Element) => {
    for (let el: Element | null = f; el !== null && el !== root; el = el.parentElement)
      if (recipientKind(el) !== null) return true;
    return false;
  };
  /** Text fields that are neither the subject nor recipients: scanned with the body. */
  const others = () => fields().filter((f) => f.tagName === "INPUT" && !subjectField(f) && !inWell(f));
  const recipients = (kind: Kind) => [
    ...new Set(
      [...root.querySelectorAll("[aria-label], [placeholder], [title], [aria-labelledby]")]
        .filter((f) => recipientKind(f) === kind)
        .flatMap(addressesIn),
    ),
  ];
  const frames = () =>
    editors().flatMap((e) => (e.el.ownerDocument === root.ownerDocument ? [] : [e.el.ownerDocument]));
  const inRegion = (target: EventTarget | null) =>
    isNode(target) && (root.contains(target) || frames().some((d) => d.contains(target)));
  return {
    recognised: false,
    anchor: first.host,
    readRecipients: () => ({ to: recipients("to"), cc: recipients("cc"), bcc: recipients("bcc") }),
    readSubject: () => fieldValue(subject()),
    readBody: () =>
      [...editors().map((e) => readEditor(e.el)), ...others().map(fieldValue)].filter((t) => t !== "").join("\n\n"),
    isSendControl: (target) => isElement(target) && root.contains(target) && sendControlOf(target) !== null,
    canStopSend: () => sendControlsIn(root).length > 0,
    contains: inRegion,
    watched: () => [root, ...frames()],
    replaceContent: (subjectText, text) => {
      const field = subject();
      if (field !== null) {
        (field as HTMLInputElement).value = subjectText;
        fireInput(field);
      }
      const [main, ...rest] = editors();
      if (main !== undefined) writeEditor(main.el, text);
      // Whatever else was written in the region could hold the sensitive text: it goes too.
      for (const e of rest) writeEditor(e.el, "");
      for (const f of others()) writeEditor(f, "");
    },
    attachedFiles: () => [],
    removeAttachments: () => false,
    editors: () => ({
      subject: subject() as HTMLInputElement | null,
      body: editors()[0]?.el.ownerDocument === root.ownerDocument ? (editors()[0]?.el ?? null) : null,
    }),
    triggerSend: () => {
      const [send] = pressable(sendControlsIn(root));
      if (send === undefined) return false;
      pressControl(send);
      return true;
    },
  };
}

/** The generic guard: every compose region of the page's editors, except editors `skip` says are taken. */
export const generic = {
  name: "generic",
  findComposes: (doc: Document, skip: (editor: Element) => boolean = () => false): ComposeWindow[] => {
    const editors = findEditors(doc).filter((e) => !skip(e.host));
    if (editors.length === 0) return [];
    // Looked up only when some editor is left: the page's controls are many on a webmail.
    const controls = sendControlsIn(doc);
    const byRoot = new Map<Element, Editor>();
    for (const editor of editors) {
      const root = regionAround(editor.host, [controls], GENERIC.region);
      if (!byRoot.has(root)) byRoot.set(root, editor);
    }
    return [...byRoot].map(([root, first]) => compose(root, first));
  },
} as const;
