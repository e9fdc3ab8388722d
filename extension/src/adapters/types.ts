/** What Sigill needs from one open compose window, whatever the webmail. */
export interface ComposeWindow {
  /**
   * True when a webmail adapter recognised this compose window; false when only the generic guard
   * found it (an unknown layout: the guard cannot know every way this page sends).
   */
  readonly recognised: boolean;
  /** The element the banner is placed before (the body editor or its container). */
  readonly anchor: Element;
  /** Recipients as addresses, as the webmail holds them. */
  readRecipients(): { to: string[]; cc: string[]; bcc: string[] };
  readSubject(): string;
  /** The body as plain text (for detection), whichever editor is active. */
  readBody(): string;
  /** True when `target` is (inside) one of this window's send controls. */
  isSendControl(target: EventTarget | null): boolean;
  /** Whether this window's send control was found, so clicking it can be stopped. */
  canStopSend(): boolean;
  /** True when `target` is inside this compose window (for keyboard shortcuts). */
  contains(target: EventTarget | null): boolean;
  /** Elements whose edits change what is scanned (the body editor, subject, recipients). */
  watched(): readonly EventTarget[];
  /** Replaces the subject and the whole body (both editors) with plain text. */
  replaceContent(subject: string, text: string): void;
  /** Names of the files attached to the draft in the webmail (they would go out unencrypted). */
  attachedFiles(): string[];
  /**
   * Asks the webmail to remove every file attached to the draft (the webmail may finish this
   * asynchronously: callers re-check `attachedFiles()`); false when this adapter cannot.
   */
  removeAttachments(): boolean;
  /** The subject field and the active body editor (textarea or contenteditable root), for highlighting findings. */
  editors(): { subject: HTMLInputElement | null; body: HTMLElement | null };
  /** Starts the webmail's own send; false when this adapter cannot (the person must press Send). */
  triggerSend(): boolean;
}

/** The text of any editor: a textarea's or input's value, a rich editor's text as shown. */
export function readEditor(el: Element): string {
  return el.tagName === "TEXTAREA" || el.tagName === "INPUT" ? fieldValue(el) : editorText(el as HTMLElement);
}

/** Replaces any editor's content with plain text and tells the page (an input event). */
export function writeEditor(el: HTMLElement, text: string): void {
  if (el.tagName === "TEXTAREA" || el.tagName === "INPUT") {
    (el as HTMLTextAreaElement).value = text;
    fireInput(el);
  } else writeLines(el, text);
}

/** Presses a control as a person would: Closure-style controls (Gmail) act on mouse down and up, others on click. */
export function pressControl(el: HTMLElement): void {
  // Absent where there is no full DOM (linkedom in tests): then the click alone.
  const Mouse = (el.ownerDocument.defaultView as { MouseEvent?: typeof MouseEvent } | null)?.MouseEvent;
  if (Mouse !== undefined) {
    for (const type of ["mousedown", "mouseup"]) {
      el.dispatchEvent(new Mouse(type, { bubbles: true, cancelable: true, button: 0 }));
    }
  }
  el.click();
}

/** One webmail's integration. Selector tables live in the adapter file and nowhere else. */
export interface WebmailAdapter {
  readonly name: string;
  /** Whether this page is this webmail's compose view. */
  matches(doc: Document): boolean;
  /** Every compose window open now. */
  findComposes(doc: Document): ComposeWindow[];
  /** What the adapter expected but could not find (shown to the user instead of failing silently). */
  missing(doc: Document): string[];
}

/** Splits an address field ("Anna <a@b.se>, c@d.se") into bare addresses. */
export function parseAddresses(value: string): string[] {
  const out: string[] = [];
  for (const m of value.matchAll(/[^\s<>,;"']+@[^\s<>,;"']+\.[^\s<>,;"']+/g)) out.push(m[0].toLowerCase());
  return out;
}

/** Type guards that work across realms (page, isolated world, linkedom in tests). */
export function isElement(target: EventTarget | null | undefined): target is Element {
  return target != null && typeof (target as Element).closest === "function";
}

export function isNode(target: EventTarget | null | undefined): target is Node {
  return target != null && typeof (target as Node).nodeType === "number";
}

/** The value of an input or textarea; "" for anything else. */
export function fieldValue(el: Element | null): string {
  return el !== null && (el.tagName === "TEXTAREA" || el.tagName === "INPUT") ? (el as HTMLInputElement).value : "";
}

/** The text of a rich (contenteditable) editor as the person sees it. */
export function editorText(el: HTMLElement): string {
  return el.innerText || el.textContent || "";
}

/** Tells the webmail an editor changed (an input event made in the page's own realm). */
export function fireInput(el: Element): void {
  el.dispatchEvent(new (el.ownerDocument.defaultView?.Event ?? Event)("input", { bubbles: true }));
}

/** Replaces a rich editor's content with plain text, one <div> per line (<div><br></div> when empty), as Gmail and Outlook write it. */
export function writeLines(editor: HTMLElement, text: string): void {
  const doc = editor.ownerDocument;
  editor.replaceChildren(
    ...text.split("\n").map((line) => {
      const div = doc.createElement("div");
      if (line === "") div.append(doc.createElement("br"));
      else div.textContent = line;
      return div;
    }),
  );
  fireInput(editor);
}
