import { editorText, fieldValue, fireInput, isNode, type ComposeWindow, type WebmailAdapter } from "./types.ts";

/**
 * The fallback for any compose-like editor on a domain the organisation allows: every large
 * textarea or contenteditable region. It cannot read recipients or find a send button, and says so.
 */
export const GENERIC = {
  editors: "textarea, [contenteditable=''], [contenteditable=true]",
} as const;

function textOf(el: Element): string {
  return el.tagName === "TEXTAREA" ? fieldValue(el) : editorText(el as HTMLElement);
}

export const generic: WebmailAdapter = {
  name: "generic",
  matches: (doc) => doc.querySelector(GENERIC.editors) !== null,
  findComposes: (doc) =>
    [...doc.querySelectorAll(GENERIC.editors)].map((editor): ComposeWindow => ({
      anchor: editor,
      readRecipients: () => ({ to: [], cc: [], bcc: [] }),
      readSubject: () => "",
      readBody: () => textOf(editor),
      isSendControl: () => false,
      contains: (target) => isNode(target) && editor.contains(target),
      watched: () => [editor],
      replaceContent: (_subject, text) => {
        if (editor.tagName === "TEXTAREA") (editor as HTMLTextAreaElement).value = text;
        else editor.textContent = text;
        fireInput(editor);
      },
      attachedFiles: () => [],
      removeAttachments: () => false,
      editors: () => ({ subject: null, body: editor as HTMLElement }),
      triggerSend: () => false,
    })),
  missing: () => ["generic: recipients", "generic: send button"],
};
