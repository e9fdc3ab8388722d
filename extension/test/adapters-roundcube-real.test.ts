// The Roundcube adapter on compose pages captured from a real Roundcube 1.6.5 (Debian, elastic
// skin, Swedish) by test/rig/capture-roundcube.mjs: the plain-text editor, the HTML editor
// (TinyMCE; its iframe document kept in srcdoc), and the attachment list while an upload runs.
// linkedom does no layout and loads no frames, so the tests supply what a browser would: decoded
// textarea values, the iframe's document, and offsetParent for the hidden plain textarea.
import { readFileSync } from "node:fs";
import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import { pickAdapter, type ComposeWindow } from "../src/adapters/index.ts";
import { roundcube } from "../src/adapters/roundcube.ts";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const plainPage = fixture("roundcube-real-compose.html");
const htmlPage = fixture("roundcube-real-compose-html.html");
const uploadingItem = fixture("roundcube-real-attachment-uploading.html");

/** Entities inside a textarea, decoded as a browser does (linkedom keeps them as written). */
function decode(text: string): string {
  return text
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&amp;", "&");
}

function page(html: string): Document {
  const { document } = parseHTML(html);
  for (const textarea of document.querySelectorAll("textarea")) textarea.value = decode(textarea.textContent);
  return document;
}

function byId(doc: Document, id: string): HTMLElement {
  const el = doc.getElementById(id);
  if (el === null) throw new Error(`fixture has no #${id}`);
  return el;
}

function one(doc: Document, selector: string): HTMLElement {
  const el = doc.querySelector<HTMLElement>(selector);
  if (el === null) throw new Error(`fixture has no ${selector}`);
  return el;
}

function onlyCompose(doc: Document): ComposeWindow {
  const [compose, ...rest] = roundcube.findComposes(doc);
  if (compose === undefined || rest.length > 0) throw new Error("expected exactly one compose window");
  return compose;
}

/** The HTML-editor page as a browser holds it: the iframe's document loaded, the plain textarea laid out as hidden. */
function htmlEditorPage(): { doc: Document; frameBody: HTMLElement } {
  const doc = page(htmlPage);
  const frame = one(doc, "iframe#composebody_ifr");
  const frameDoc = parseHTML(frame.getAttribute("srcdoc") ?? "").document;
  Object.defineProperty(frame, "contentDocument", { value: frameDoc });
  Object.defineProperty(byId(doc, "composebody"), "offsetParent", { value: null });
  return { doc, frameBody: frameDoc.body };
}

/** Records the clicks the page would see (Roundcube's own handlers do not run in linkedom). */
function recordClicks(el: Element): () => number {
  let clicks = 0;
  el.addEventListener("click", () => {
    clicks += 1;
  });
  return () => clicks;
}

describe("the Roundcube adapter on the real compose page, plain-text editor", () => {
  it("when the page is checked, then Roundcube is picked and nothing the adapter needs is missing", () => {
    const doc = page(plainPage);
    expect(pickAdapter(doc)?.name).toBe("Roundcube");
    expect(roundcube.missing(doc)).toEqual([]);
    expect(roundcube.findComposes(doc)).toHaveLength(1);
  });

  it("when the recipient widget holds an address, then it is read from the hidden #_to as Roundcube keeps it", () => {
    const doc = page(plainPage);
    const compose = onlyCompose(doc);
    // As captured: the widget wrote "Name <address>," into the hidden textarea.
    expect((byId(doc, "_to") as HTMLTextAreaElement).value).toBe("Vårdnadshavare <vardnadshavare@skola.test>,");
    expect(compose.readRecipients()).toEqual({ to: ["vardnadshavare@skola.test"], cc: [], bcc: [] });
    (byId(doc, "_cc") as HTMLTextAreaElement).value = "Kollega <kollega@skola.test>, rektor@skola.test,";
    (byId(doc, "_bcc") as HTMLTextAreaElement).value = '"Berg, Anna" <anna.berg@example.org>,';
    expect(compose.readRecipients()).toEqual({
      to: ["vardnadshavare@skola.test"],
      cc: ["kollega@skola.test", "rektor@skola.test"],
      bcc: ["anna.berg@example.org"],
    });
  });

  it("when subject and body are read, then they come from #compose-subject and textarea#composebody", () => {
    const doc = page(plainPage);
    const compose = onlyCompose(doc);
    expect(compose.readSubject()).toBe("Elevärende");
    expect(compose.readBody()).toBe("Hej, se bifogad fil.");
    (byId(doc, "composebody") as HTMLTextAreaElement).value = "Personnummer 19121212-1212";
    expect(compose.readBody()).toBe("Personnummer 19121212-1212");
    expect(compose.editors()).toEqual({ subject: byId(doc, "compose-subject"), body: byId(doc, "composebody") });
    expect(compose.anchor).toBe(byId(doc, "composebody"));
  });

  it("when something is clicked, then only the Send button and its footer clone count as sending", () => {
    const doc = page(plainPage);
    const compose = onlyCompose(doc);
    const send = one(doc, "button.send");
    expect(send.textContent).toBe("Skicka");
    expect(compose.isSendControl(send)).toBe(true);
    expect(compose.isSendControl(doc.querySelector("#rcmbtn111-clone span.inner"))).toBe(true);
    for (const other of [
      "a.save.draft",
      "#rcmbtn107-clone",
      "a.attach",
      "button.attach",
      "#attachment-list a.delete",
      "#attachment-list a.filename",
      ".editor-toolbar a.mce-i-html",
      "a.extwin",
      "#compose_to a.recipient",
      "a[data-target=cc]",
      "#_from",
      "#compose-subject",
      "#composebody",
      "#uploadformInput",
    ]) {
      expect(compose.isSendControl(one(doc, other)), other).toBe(false);
    }
    expect(compose.isSendControl(null)).toBe(false);
  });

  it("when focus is in a compose field, then it is inside the window; the mail list's search is not", () => {
    const doc = page(plainPage);
    const compose = onlyCompose(doc);
    for (const field of ["#compose-subject", "#composebody", "#_to", "#compose_to ul.recipient-input input"]) {
      expect(compose.contains(one(doc, field)), field).toBe(true);
    }
    expect(compose.contains(one(doc, "form[name=rcmqsearchform] input"))).toBe(false);
  });

  it("when a file has been uploaded, then its name is listed and removing clicks its delete link", () => {
    const doc = page(plainPage);
    const compose = onlyCompose(doc);
    expect(compose.attachedFiles()).toEqual(["elevlista.txt"]);
    const remove = one(doc, "#attachment-list li a.delete");
    const clicks = recordClicks(remove);
    // Roundcube drops the item when the server confirms remove-attachment.
    remove.addEventListener("click", () => remove.closest("li")?.remove());
    expect(compose.removeAttachments()).toBe(true);
    expect(clicks()).toBe(1);
    expect(compose.attachedFiles()).toEqual([]);
  });

  it("when a second file is still uploading, then it is listed by name and removing cancels its upload", () => {
    const doc = page(plainPage);
    one(doc, "#attachment-list").insertAdjacentHTML("beforeend", uploadingItem);
    const compose = onlyCompose(doc);
    // Before the fix the uploading item read "Avbrytelevlista.txt" (its cancel link's label glued on).
    expect(compose.attachedFiles()).toEqual(["elevlista.txt", "elevlista.txt"]);
    const cancel = one(doc, "#attachment-list li.uploading a.cancelupload");
    const cancels = recordClicks(cancel);
    const deletes = recordClicks(one(doc, "#attachment-list li a.delete"));
    expect(compose.removeAttachments()).toBe(true);
    expect([deletes(), cancels()]).toEqual([1, 1]);
  });

  it("when the file input is looked at, then it is Roundcube's multiple-file #uploadformInput in the upload form", () => {
    const doc = page(plainPage);
    const input = one(doc, "#uploadformInput");
    expect(input.getAttribute("type")).toBe("file");
    expect(input.hasAttribute("multiple")).toBe(true);
    expect(input.getAttribute("name")).toBe("_attachments[]");
    expect(input.closest("form")?.id).toBe("uploadformFrm");
    // Outside the compose form: uploads go by XHR the moment a file is picked.
    expect(onlyCompose(doc).contains(input)).toBe(false);
  });

  it("when Send is triggered, then the real Send button is pressed once", () => {
    const doc = page(plainPage);
    const sends = recordClicks(one(doc, "button.send"));
    const clones = recordClicks(byId(doc, "rcmbtn111-clone"));
    expect(onlyCompose(doc).triggerSend()).toBe(true);
    expect([sends(), clones()]).toEqual([1, 0]);
  });

  it("when the content is replaced, then subject and plain body hold the new text", () => {
    const doc = page(plainPage);
    const compose = onlyCompose(doc);
    compose.replaceContent("Säkert meddelande", "Hej!\nLäs det i Sigill.");
    expect(compose.readSubject()).toBe("Säkert meddelande");
    expect(compose.readBody()).toBe("Hej!\nLäs det i Sigill.");
  });
});

describe("the Roundcube adapter on the real compose page, HTML editor (TinyMCE)", () => {
  it("when the page is checked, then Roundcube is picked and nothing is missing", () => {
    const { doc } = htmlEditorPage();
    expect(pickAdapter(doc)?.name).toBe("Roundcube");
    expect(roundcube.missing(doc)).toEqual([]);
  });

  it("when the body is read, then it comes from TinyMCE's iframe body, not the hidden textarea", () => {
    const { doc, frameBody } = htmlEditorPage();
    const compose = onlyCompose(doc);
    expect(frameBody.id).toBe("tinymce");
    expect(frameBody.getAttribute("contenteditable")).toBe("true");
    expect(compose.readBody()).toBe("Hej, se bifogad fil.");
    expect(compose.editors().body).toBe(frameBody);
    expect(compose.contains(frameBody.firstChild)).toBe(true);
    expect(compose.watched()).toContain(frameBody);
    expect(compose.readSubject()).toBe("Elevärende");
    expect(compose.readRecipients().to).toEqual(["vardnadshavare@skola.test"]);
  });

  it("when the banner's place is chosen in HTML mode, then it is before TinyMCE's whole editor, outside its flex rows", () => {
    const { doc } = htmlEditorPage();
    const compose = onlyCompose(doc);
    // Inside div.tox-sidebar-wrap (a flex row) the banner squeezed the editor's iframe to nothing.
    expect(compose.anchor).toBe(one(doc, ".tox-tinymce"));
    expect(compose.anchor.contains(one(doc, "#composebody_ifr"))).toBe(true);
  });

  it("when something is clicked, then TinyMCE's toolbar buttons do not count as sending", () => {
    const { doc } = htmlEditorPage();
    const compose = onlyCompose(doc);
    const toolbar = [...doc.querySelectorAll(".tox-tinymce button")];
    expect(toolbar.length).toBeGreaterThan(5);
    expect(toolbar.filter((button) => compose.isSendControl(button))).toEqual([]);
    expect(compose.isSendControl(one(doc, "button.send"))).toBe(true);
  });

  it("when the content is replaced, then the iframe body holds one paragraph per line", () => {
    const { doc, frameBody } = htmlEditorPage();
    const compose = onlyCompose(doc);
    compose.replaceContent("Säkert meddelande", "Hej!\nLäs det i Sigill.");
    expect([...frameBody.children].map((p) => p.outerHTML)).toEqual(["<p>Hej!</p>", "<p>Läs det i Sigill.</p>"]);
    expect(compose.readSubject()).toBe("Säkert meddelande");
  });
});
