import {
  editorText,
  fieldValue,
  fireInput,
  isElement,
  isNode,
  parseAddresses,
  type ComposeWindow,
  type WebmailAdapter,
} from "./types.ts";

/**
 * Roundcube 1.6, elastic skin (checked against a capture of Debian's 1.6.5, test/rig/). The hidden
 * textareas #_to/#_cc/#_bcc hold the authoritative recipients; the body is textarea#composebody
 * (plain) or the TinyMCE iframe #composebody_ifr (HTML); Send is button.send (and its clone a.send
 * in the footer toolbar), calling rcmail.command('send').
 */
export const ROUNDCUBE = {
  // The form has no id: #compose-content is the div around it.
  form: "form[name=form]",
  to: "#_to",
  cc: "#_cc",
  bcc: "#_bcc",
  subject: "#compose-subject",
  plainBody: "textarea#composebody",
  htmlFrame: "iframe#composebody_ifr",
  send: "button.send, a.send, [data-command=send]",
  attachments: "#attachment-list li",
  /**
   * Inside each attachment item: a.filename > span.attachment-name + span.attachment-size once
   * uploaded; while the upload runs, li.uploading holds a.cancelupload then span.uploading.
   */
  attachmentName: ".attachment-name, span.uploading",
  removeAttachment: "#attachment-list li a.delete, #attachment-list li a.cancelupload",
} as const;

function value(doc: Document, selector: string): string {
  return fieldValue(doc.querySelector(selector));
}

function htmlBody(doc: Document): HTMLElement | null {
  const frame = doc.querySelector<HTMLIFrameElement>(ROUNDCUBE.htmlFrame);
  // TinyMCE's iframe is same-origin, so its document is readable from the content script.
  return frame?.contentDocument?.body ?? null;
}

/**
 * Where the banner goes in HTML mode: before TinyMCE's whole editor (div.tox-tinymce), never
 * inside it. Its edit area sits in div.tox-sidebar-wrap, a flex row: a banner placed there takes
 * the row's width and squeezes the editor's iframe to nothing (caught by the Roundcube journey).
 */
function editorAnchor(doc: Document): Element | null {
  const frame = doc.querySelector(ROUNDCUBE.htmlFrame);
  return frame?.closest(".tox-tinymce, .mce-tinymce") ?? frame?.parentElement ?? null;
}

function compose(doc: Document): ComposeWindow {
  const plain = doc.querySelector<HTMLTextAreaElement>(ROUNDCUBE.plainBody);
  // The HTML editor is active when its iframe is shown; the plain textarea is then hidden.
  const activeBody = (): HTMLElement | null => {
    const html = htmlBody(doc);
    return html !== null && (plain === null || plain.offsetParent === null) ? html : plain;
  };
  const inside = (target: EventTarget | null, selector: string) =>
    isElement(target) && target.closest(selector) !== null;
  return {
    recognised: true,
    anchor: editorAnchor(doc) ?? plain ?? doc.body,
    readRecipients: () => ({
      to: parseAddresses(value(doc, ROUNDCUBE.to)),
      cc: parseAddresses(value(doc, ROUNDCUBE.cc)),
      bcc: parseAddresses(value(doc, ROUNDCUBE.bcc)),
    }),
    readSubject: () => value(doc, ROUNDCUBE.subject),
    readBody: () => {
      const editor = activeBody();
      if (editor === null) return "";
      return editor === plain ? fieldValue(plain) : editorText(editor);
    },
    isSendControl: (target) => inside(target, ROUNDCUBE.send),
    canStopSend: () => doc.querySelector(ROUNDCUBE.send) !== null,
    contains: (target) =>
      inside(target, ROUNDCUBE.form) || (isNode(target) && htmlBody(doc)?.contains(target) === true),
    replaceContent: (subject, text) => {
      const subjectField = doc.querySelector<HTMLInputElement>(ROUNDCUBE.subject);
      if (subjectField !== null) subjectField.value = subject;
      if (plain !== null) {
        plain.value = text;
        fireInput(plain);
      }
      const html = htmlBody(doc);
      if (html !== null) {
        // TinyMCE saves its iframe body into the textarea on send; paragraphs keep line breaks.
        html.replaceChildren(
          ...text.split("\n").map((line) => {
            const p = doc.createElement("p");
            p.textContent = line;
            return p;
          }),
        );
      }
    },
    attachedFiles: () =>
      [...doc.querySelectorAll(ROUNDCUBE.attachments)].map((li) =>
        (li.querySelector(ROUNDCUBE.attachmentName) ?? li).textContent.trim(),
      ),
    removeAttachments: () => {
      // Each delete link calls rcmail.command('remove-attachment', id); the list item goes when the
      // server answers. A cancel link aborts an upload still running and drops its item at once.
      for (const link of doc.querySelectorAll<HTMLElement>(ROUNDCUBE.removeAttachment)) link.click();
      return true;
    },
    editors: () => ({ subject: doc.querySelector<HTMLInputElement>(ROUNDCUBE.subject), body: activeBody() }),
    triggerSend: () => {
      const send = doc.querySelector<HTMLElement>(ROUNDCUBE.send);
      send?.click();
      return send !== null;
    },
    watched: () => [
      doc.querySelector(ROUNDCUBE.form) ?? doc,
      ...(htmlBody(doc) === null ? [] : [htmlBody(doc) as HTMLElement]),
    ],
  };
}

export const roundcube: WebmailAdapter = {
  name: "Roundcube",
  matches: (doc) =>
    doc.querySelector(ROUNDCUBE.to) !== null &&
    doc.querySelector(`${ROUNDCUBE.plainBody}, ${ROUNDCUBE.htmlFrame}`) !== null,
  findComposes: (doc) => (roundcube.matches(doc) ? [compose(doc)] : []),
  missing: (doc) =>
    (["to", "subject", "send"] as const)
      .filter((k) => doc.querySelector(ROUNDCUBE[k]) === null)
      .map((k) => `Roundcube: ${k}`),
};
