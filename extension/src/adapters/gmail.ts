import {
  editorText,
  fieldValue,
  fireInput,
  isElement,
  isNode,
  parseAddresses,
  writeLines,
  type ComposeWindow,
  type WebmailAdapter,
} from "./types.ts";

/**
 * Gmail (mail.google.com). Every open compose window is its own root: the new-message or
 * full-screen dialog (`div[role=dialog]`, as InboxSDK's setup-compose-view-driver-stream finds
 * it) or an inline reply's `div.M9` (gmail.js `api.dom.compose`). Sources, all public:
 * - InboxSDK gmail-compose-view.ts: body `[g_editable=true]`, subject `input[name=subjectbox]`,
 *   the send group `.IZ .Up … [role=button]` (Send, Send & archive, the schedule-send arrow);
 * - InboxSDK gmail-compose-view/page-parser.ts and get-recipients.ts: recipient chips
 *   `.anm[name=to|cc|bcc] [role=option][data-hovercard-id=<address>]` (2021 UI) and the older
 *   `.vR > input[type=hidden][name=to|cc|bcc]`; gmail.js `recipients()` reads the same inputs;
 * - Gmail userscripts/extensions: body `aria-label="Message Body"`, Send `data-tooltip^="Send"`,
 *   and the compose attachment chips `div.dL` with the name in `div.vI` and a
 *   "Remove attachment" control (a public "Attachment Guard" extension's dom_utils.js).
 * Not confirmed by a public source: the remove control's class `.vq` and the Swedish labels.
 * Classes are obfuscated and change: each entry lists explicit alternatives.
 */
export const GMAIL = {
  host: /(^|\.)mail\.google\.com$/,
  /** The compose roots, nearest first; the body editor is looked up from each. */
  root: "div.M9, div[role=dialog]",
  body: [
    "div[contenteditable=true][g_editable=true]",
    "div[contenteditable=true][role=textbox][aria-label='Message Body']",
    "div[contenteditable=true][role=textbox][aria-label='Meddelandetext']",
  ].join(", "),
  subject: "input[name=subjectbox]",
  /** The recipient field of each kind: the chip list (new UI), the typing input and the hidden per-chip inputs. */
  recipients: { to: "[name=to]", cc: "[name=cc]", bcc: "[name=bcc]" },
  /** Inside a recipient field, what carries an address. */
  recipientAddress: "[data-hovercard-id], [email], input, textarea",
  send: [
    "div[role=button][data-tooltip^='Send']",
    "div[role=button][data-tooltip^='Skicka']",
    "div[role=button][aria-label^='Send']",
    "div[role=button][aria-label^='Skicka']",
    ".IZ .Up [role=button]",
  ].join(", "),
  attachment: "div.dL",
  attachmentName: ".vI",
  removeAttachment: [
    "[role=button][aria-label^='Remove attachment']",
    "[role=button][aria-label^='Ta bort bilaga']",
    ".vq",
  ].join(", "),
} as const;

type Kind = keyof typeof GMAIL.recipients;

/** Gmail's buttons are Closure controls that act on mouse down/up; a click alone may not be enough. */
function press(el: HTMLElement): void {
  // Absent where there is no full DOM (linkedom in tests): then the click alone.
  const Mouse = (el.ownerDocument.defaultView as { MouseEvent?: typeof MouseEvent } | null)?.MouseEvent;
  if (Mouse !== undefined) {
    for (const type of ["mousedown", "mouseup"]) {
      el.dispatchEvent(new Mouse(type, { bubbles: true, cancelable: true, button: 0 }));
    }
  }
  el.click();
}

/** Addresses a recipient field holds: chips carry them in attributes, inputs in their value. */
function addressesIn(field: Element): string[] {
  return [field, ...field.querySelectorAll(GMAIL.recipientAddress)].flatMap((el) => [
    ...parseAddresses(fieldValue(el)),
    ...parseAddresses(el.getAttribute("data-hovercard-id") ?? ""),
    ...parseAddresses(el.getAttribute("email") ?? ""),
  ]);
}

/** The buttons that send when pressed (the schedule-send arrow only opens a menu). */
function sendButtons(root: Element): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(GMAIL.send)].filter((b) => b.getAttribute("aria-haspopup") !== "true");
}

function compose(root: Element, body: HTMLElement): ComposeWindow {
  const subjectField = () => root.querySelector<HTMLInputElement>(GMAIL.subject);
  const recipients = (kind: Kind) => [
    ...new Set([...root.querySelectorAll(GMAIL.recipients[kind])].flatMap(addressesIn)),
  ];
  return {
    anchor: body,
    readRecipients: () => ({ to: recipients("to"), cc: recipients("cc"), bcc: recipients("bcc") }),
    readSubject: () => fieldValue(subjectField()),
    readBody: () => editorText(body),
    isSendControl: (target) => isElement(target) && root.contains(target) && target.closest(GMAIL.send) !== null,
    contains: (target) => isNode(target) && root.contains(target),
    watched: () => [root],
    replaceContent: (subject, text) => {
      const field = subjectField();
      if (field !== null) {
        field.value = subject;
        fireInput(field);
      }
      writeLines(body, text);
    },
    attachedFiles: () =>
      [...root.querySelectorAll(GMAIL.attachment)].map((chip) =>
        (chip.querySelector(GMAIL.attachmentName)?.textContent ?? chip.textContent).trim(),
      ),
    removeAttachments: () => {
      const chips = [...root.querySelectorAll(GMAIL.attachment)];
      const controls = chips.map((chip) => chip.querySelector<HTMLElement>(GMAIL.removeAttachment));
      for (const control of controls) if (control !== null) press(control);
      return controls.every((control) => control !== null);
    },
    editors: () => ({ subject: subjectField(), body }),
    triggerSend: () => {
      const [send] = sendButtons(root);
      if (send === undefined) return false;
      press(send);
      return true;
    },
  };
}

/** The page's host name; "" for documents without a location (linkedom in tests). */
function hostname(doc: Document): string {
  return (doc.location as Location | null)?.hostname ?? "";
}

/** Each body editor with its compose root (an editor outside any compose root is not a compose window). */
function composeRoots(doc: Document): { root: Element; body: HTMLElement }[] {
  const seen = new Set<Element>();
  const out: { root: Element; body: HTMLElement }[] = [];
  for (const body of doc.querySelectorAll<HTMLElement>(GMAIL.body)) {
    const root = body.closest(GMAIL.root);
    if (root === null || seen.has(root)) continue;
    seen.add(root);
    out.push({ root, body });
  }
  return out;
}

export const gmail: WebmailAdapter = {
  name: "Gmail",
  // The host alone suffices on the real site (compose windows open later); the subject box marks a saved page.
  matches: (doc) => GMAIL.host.test(hostname(doc)) || doc.querySelector(GMAIL.subject) !== null,
  findComposes: (doc) => composeRoots(doc).map(({ root, body }) => compose(root, body)),
  missing: (doc) => {
    const roots = composeRoots(doc);
    if (roots.length === 0) return doc.querySelector(GMAIL.subject) === null ? [] : ["Gmail: message body"];
    const lacking = new Set<string>();
    for (const { root } of roots) {
      if (root.querySelector(GMAIL.recipients.to) === null) lacking.add("Gmail: to");
      if (root.querySelector(GMAIL.subject) === null) lacking.add("Gmail: subject");
      if (sendButtons(root).length === 0) lacking.add("Gmail: send");
    }
    return [...lacking];
  },
};
