import { isSendControlElement, labelStartsWith, pressable, regionAround } from "./accessible.ts";
import {
  editorText,
  fieldValue,
  fireInput,
  isElement,
  isNode,
  parseAddresses,
  pressControl,
  writeLines,
  type ComposeWindow,
  type WebmailAdapter,
} from "./types.ts";

/**
 * Gmail (mail.google.com). Every open compose window is its own root: the new-message or
 * full-screen dialog, or an inline reply; each holds a `div.M9` (gmail.js `api.dom.compose`,
 * InboxSDK's message view), which the popup sits in inside a `div[role=dialog]`. An editor in
 * neither is placed by the nearest ancestor holding a Send control. Checked against a real capture
 * of a whole compose dialog (2020, `test/fixtures/gmail/`), and selectors of public scripts that
 * drive the live site (InboxSDK, gmail.js, Mailvelope, FlowCrypt; `test/fixtures/gmail/SOURCES.md`):
 * - body `div[g_editable=true][role=textbox][contenteditable=true]` (captured; its label "Message
 *   Body" is localised, `g_editable` is not);
 * - subject `input[name=subjectbox]` and recipient fields `[name=to|cc|bcc]` (captured; names are
 *   not localised), chips with the address in `data-hovercard-id` (2021+ UI, InboxSDK) or hidden
 *   inputs `.vR > input[name=to]` (classic);
 * - Send `div[role=button]` labelled "Send ‪(Ctrl-Enter)‬" (captured; Swedish "Skicka …" is our
 *   assumption): recognised by the name's first word in any of our UI languages, by the
 *   language-independent shortcut hint "(Ctrl-Enter)"/"(⌘Enter)" in its label, or by its place
 *   in the send group `.IZ .Up` (InboxSDK); the "More send options" arrow has aria-haspopup;
 * - attachment chips `div.dL` with the name in `.vI` and the remove control `div.vq[role=button]`
 *   (captured in a 2015 Japanese UI; no later capture found).
 */
export const GMAIL = {
  host: /(^|\.)mail\.google\.com$/,
  /** The compose roots, nearest first; the body editor is looked up from each. */
  root: "div.M9, div[role=dialog]",
  /** The body: `g_editable` in every UI language; a labelled contenteditable textbox as a fallback. */
  body: "div[contenteditable=true][g_editable=true], div[contenteditable=true][role=textbox][aria-label]",
  bodyLabels: ["Message Body", "Meddelandetext", "Brödtext"],
  subject: "input[name=subjectbox]",
  /** The recipient field of each kind: the chip list (new UI), the typing input and the hidden per-chip inputs. */
  recipients: { to: "[name=to]", cc: "[name=cc]", bcc: "[name=bcc]" },
  /** Inside a recipient field, what carries an address. */
  recipientAddress: "[data-hovercard-id], [email], input, textarea",
  /** Send, whatever the UI language: the shortcut hint in its tooltip or label, or its place in the send group. */
  send: [
    "div[role=button][data-tooltip*='Enter)']",
    "div[role=button][aria-label*='Enter)']",
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

/** Addresses a recipient field holds: chips carry them in attributes, inputs in their value. */
function addressesIn(field: Element): string[] {
  return [field, ...field.querySelectorAll(GMAIL.recipientAddress)].flatMap((el) => [
    ...parseAddresses(fieldValue(el)),
    ...parseAddresses(el.getAttribute("data-hovercard-id") ?? ""),
    ...parseAddresses(el.getAttribute("email") ?? ""),
  ]);
}

/** The send group's buttons, in document order: Send, and the arrow beside it that schedules a send. */
function sendButtons(root: Element): HTMLElement[] {
  const bySelector = new Set(root.querySelectorAll<HTMLElement>(GMAIL.send));
  return [...root.querySelectorAll<HTMLElement>("[role=button]")].filter(
    (b) => bySelector.has(b) || isSendControlElement(b),
  );
}

function isBody(el: Element): boolean {
  return el.getAttribute("g_editable") === "true" || labelStartsWith(el, GMAIL.bodyLabels);
}

function compose(root: Element, body: HTMLElement): ComposeWindow {
  const subjectField = () => root.querySelector<HTMLInputElement>(GMAIL.subject);
  const recipients = (kind: Kind) => [
    ...new Set([...root.querySelectorAll(GMAIL.recipients[kind])].flatMap(addressesIn)),
  ];
  return {
    recognised: true,
    anchor: body,
    readRecipients: () => ({ to: recipients("to"), cc: recipients("cc"), bcc: recipients("bcc") }),
    readSubject: () => fieldValue(subjectField()),
    readBody: () => editorText(body),
    isSendControl: (target) => {
      if (!isElement(target) || !root.contains(target)) return false;
      const button = target.closest("[role=button]");
      return button !== null && sendButtons(root).includes(button as HTMLElement);
    },
    canStopSend: () => sendButtons(root).length > 0,
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
      for (const control of controls) if (control !== null) pressControl(control);
      return controls.every((control) => control !== null);
    },
    editors: () => ({ subject: subjectField(), body }),
    triggerSend: () => {
      const [send] = pressable(sendButtons(root));
      if (send === undefined) return false;
      pressControl(send);
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
  const bodies = [...doc.querySelectorAll<HTMLElement>(GMAIL.body)].filter(isBody);
  const controls = bodies.length === 0 ? [] : sendButtons(doc.documentElement);
  for (const body of bodies) {
    // A compose window outside the known roots (a new layout): the nearest ancestor holding a Send.
    const root = body.closest(GMAIL.root) ?? (controls.length > 0 ? regionAround(body, [controls]) : null);
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
      if (pressable(sendButtons(root)).length === 0) lacking.add("Gmail: send");
    }
    return [...lacking];
  },
};
