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
 * Outlook on the web (outlook.office.com, outlook.office365.com, outlook.live.com): a new message
 * in the reading pane, an inline reply, or a popped-out compose window. Its class names are
 * generated, so only roles, ARIA labels and titles are used. Sources, all public:
 * - the body `[aria-label="Message body"][contenteditable=true]`, the To well
 *   `[aria-label="To"][contenteditable=true]`, the subject `input[aria-label="Add a subject"]`,
 *   recipient chips with the address in `title`, and the compose root as the nearest ancestor
 *   holding both the body and `button[aria-label="Send"]`: an Outlook compose-context module
 *   of a public mail extension (findOutlookComposeRoot);
 * - `button[name="Send"]` and `[aria-label="Add a subject"]` (toggl/track-extension
 *   src/content/outlook.js); `[aria-label="Bcc"]` recipient well and `[aria-label="Send"]`
 *   (lucasjellema/outlook-addin); the Send tooltip "Send (Ctrl+Enter)" (Selenium page objects);
 * - the attachment well and its remove buttons are labelled "Attachments"/"Remove …" in the UI;
 *   that part is written from the UI's accessible names, not from a published selector.
 * Labels are listed in English and Swedish (the languages our users run); the Swedish ones are
 * translations of the English UI, not yet checked against a Swedish Outlook.
 */
export const OUTLOOK = {
  host: /^outlook\.(office|office365|live)\.com$/,
  body: [
    "div[contenteditable=true][role=textbox][aria-label='Message body']",
    "div[contenteditable=true][role=textbox][aria-label='Meddelandetext']",
  ].join(", "),
  send: [
    "button[aria-label='Send']",
    "button[aria-label='Skicka']",
    "button[title^='Send (']",
    "button[title^='Skicka (']",
    "button[name='Send']",
  ].join(", "),
  recipients: {
    to: "div[aria-label='To'], div[aria-label='Till']",
    cc: "div[aria-label='Cc'], div[aria-label='Kopia']",
    bcc: "div[aria-label='Bcc'], div[aria-label='Hemlig kopia']",
  },
  subject: [
    "input[aria-label='Add a subject']",
    "input[aria-label='Lägg till ett ämne']",
    "input[aria-label='Subject']",
    "input[aria-label='Ämne']",
  ].join(", "),
  attachmentWell: "[aria-label='Attachments'], [aria-label='Bifogade filer']",
  attachment: "[role=listitem], [role=option]",
  removeAttachment: "button[aria-label^='Remove'], button[aria-label^='Ta bort']",
} as const;

type Kind = keyof typeof OUTLOOK.recipients;

const NAME = "Outlook on the web";

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

/** The compose window around a body editor: the nearest ancestor with a Send button (else with a To well). */
function rootOf(body: Element): Element {
  for (const selector of [OUTLOOK.send, OUTLOOK.recipients.to]) {
    for (let el = body.parentElement; el !== null; el = el.parentElement) {
      if (el.querySelector(selector) !== null) return el;
    }
  }
  return body.parentElement ?? body;
}

function compose(root: Element, body: HTMLElement): ComposeWindow {
  const subjectField = () => root.querySelector<HTMLInputElement>(OUTLOOK.subject);
  const recipients = (kind: Kind) => [
    ...new Set([...root.querySelectorAll(OUTLOOK.recipients[kind])].flatMap(addressesIn)),
  ];
  const attachments = () =>
    [...root.querySelectorAll(OUTLOOK.attachmentWell)].flatMap((well) => [
      ...well.querySelectorAll(OUTLOOK.attachment),
    ]);
  return {
    anchor: body,
    readRecipients: () => ({ to: recipients("to"), cc: recipients("cc"), bcc: recipients("bcc") }),
    readSubject: () => fieldValue(subjectField()),
    readBody: () => editorText(body),
    isSendControl: (target) => isElement(target) && root.contains(target) && target.closest(OUTLOOK.send) !== null,
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
      attachments().map((item) =>
        (item.getAttribute("title") ?? item.querySelector("[title]")?.getAttribute("title") ?? item.textContent).trim(),
      ),
    removeAttachments: () => {
      const controls = attachments().map((item) => item.querySelector<HTMLElement>(OUTLOOK.removeAttachment));
      for (const control of controls) control?.click();
      return controls.every((control) => control !== null);
    },
    editors: () => ({ subject: subjectField(), body }),
    triggerSend: () => {
      const send = root.querySelector<HTMLElement>(OUTLOOK.send);
      send?.click();
      return send !== null;
    },
  };
}

function composeRoots(doc: Document): { root: Element; body: HTMLElement }[] {
  const seen = new Set<Element>();
  const out: { root: Element; body: HTMLElement }[] = [];
  for (const body of doc.querySelectorAll<HTMLElement>(OUTLOOK.body)) {
    const root = rootOf(body);
    if (seen.has(root)) continue;
    seen.add(root);
    out.push({ root, body });
  }
  return out;
}

/** The page's host name; "" for documents without a location (linkedom in tests). */
function hostname(doc: Document): string {
  return (doc.location as Location | null)?.hostname ?? "";
}

export const outlook: WebmailAdapter = {
  name: NAME,
  // The host alone suffices on the real site (compose opens later); the labelled body marks a saved page.
  matches: (doc) => OUTLOOK.host.test(hostname(doc)) || doc.querySelector(OUTLOOK.body) !== null,
  findComposes: (doc) => composeRoots(doc).map(({ root, body }) => compose(root, body)),
  missing: (doc) => {
    const roots = composeRoots(doc);
    if (roots.length === 0)
      return doc.querySelector(`${OUTLOOK.send}, ${OUTLOOK.subject}`) === null ? [] : [`${NAME}: message body`];
    const lacking = new Set<string>();
    for (const { root } of roots) {
      if (root.querySelector(OUTLOOK.recipients.to) === null) lacking.add(`${NAME}: to`);
      if (root.querySelector(OUTLOOK.send) === null) lacking.add(`${NAME}: send`);
    }
    return [...lacking];
  },
};
