// HAND-WRITTEN FIXTURES (see test/fixtures/README.md): they prove only that the adapters match
// their own selector tables; adapters-real-markup.test.ts reads the real captures.
// The Gmail and Outlook on the web adapters on hand-written compose pages (linkedom): which
// adapter is picked, what each compose window reads, which clicks count as sending, and what the
// adapters do to the page (attachments removed, content replaced, Send pressed).
import { readFileSync } from "node:fs";
import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import { pickAdapter, type ComposeWindow } from "../src/adapters/index.ts";
import { gmail } from "../src/adapters/gmail.ts";
import { outlook } from "../src/adapters/outlook.ts";

const gmailFixture = readFileSync(new URL("./fixtures/gmail-compose.html", import.meta.url), "utf8");
const outlookFixture = readFileSync(new URL("./fixtures/outlook-compose.html", import.meta.url), "utf8");
const page = (html: string) => parseHTML(html).document;

function byId(doc: Document, id: string): HTMLElement {
  const el = doc.getElementById(id);
  if (el === null) throw new Error(`fixture has no #${id}`);
  return el;
}

function inputById(doc: Document, id: string): HTMLInputElement {
  return byId(doc, id) as HTMLInputElement;
}

/** Gmail's two windows, told apart by what they contain. */
function gmailWindows(doc: Document): { popout: ComposeWindow; reply: ComposeWindow } {
  const composes = gmail.findComposes(doc);
  const popout = composes.find((c) => c.contains(byId(doc, "new-body")));
  const reply = composes.find((c) => c.contains(byId(doc, "reply-body")));
  if (popout === undefined || reply === undefined) throw new Error("compose window not found");
  return { popout, reply };
}

function onlyCompose(doc: Document): ComposeWindow {
  const [compose, ...rest] = outlook.findComposes(doc);
  if (compose === undefined || rest.length > 0) throw new Error("expected exactly one compose window");
  return compose;
}

/** Records the clicks the page would see (the webmail's own handlers do not run in linkedom). */
function recordClicks(el: Element): () => number {
  let clicks = 0;
  el.addEventListener("click", () => {
    clicks += 1;
  });
  return () => clicks;
}

describe("the Gmail adapter on a page with a pop-out new message and an inline reply", () => {
  it("when the Gmail page is checked, then the Gmail adapter is picked and finds two compose windows", () => {
    const doc = page(gmailFixture);
    expect(pickAdapter(doc)?.name).toBe("Gmail");
    expect(gmail.findComposes(doc)).toHaveLength(2);
    expect(gmail.missing(doc)).toEqual([]);
  });

  it("when each window is read, then recipients, subject and body come from that window only", () => {
    const doc = page(gmailFixture);
    inputById(doc, "new-subject").value = "Elevärende";
    byId(doc, "new-body").textContent = "Hej Anna, se nedan.";
    byId(doc, "reply-body").textContent = "Tack, vi kommer!";
    const { popout, reply } = gmailWindows(doc);
    expect(popout.readRecipients()).toEqual({
      to: ["anna.berg@example.org", "bertil@example.org"],
      cc: ["rektor@skola.example"],
      bcc: [],
    });
    expect(popout.readSubject()).toBe("Elevärende");
    expect(popout.readBody()).toBe("Hej Anna, se nedan.");
    expect(reply.readRecipients()).toEqual({ to: ["larare@skola.example"], cc: [], bcc: [] });
    expect(reply.readSubject()).toBe("Re: Utflykt på fredag");
    expect(reply.readBody()).toBe("Tack, vi kommer!");
  });

  it("when an address is typed but not yet a chip, then it is read as a recipient too", () => {
    const doc = page(gmailFixture);
    inputById(doc, "new-to").value = "Cecilia <cecilia@example.org>";
    expect(gmailWindows(doc).popout.readRecipients().to).toEqual([
      "anna.berg@example.org",
      "bertil@example.org",
      "cecilia@example.org",
    ]);
  });

  it("when the two windows are compared, then each holds only its own elements and is its own banner anchor", () => {
    const doc = page(gmailFixture);
    const { popout, reply } = gmailWindows(doc);
    expect(popout.anchor).toBe(byId(doc, "new-body"));
    expect(reply.anchor).toBe(byId(doc, "reply-body"));
    expect(popout.contains(byId(doc, "reply-body"))).toBe(false);
    expect(reply.contains(byId(doc, "new-subject"))).toBe(false);
    expect(popout.editors()).toEqual({ subject: byId(doc, "new-subject"), body: byId(doc, "new-body") });
    expect(reply.editors().body).toBe(byId(doc, "reply-body"));
    expect(popout.watched()).toHaveLength(1);
    expect((popout.watched()[0] as Element).contains(byId(doc, "new-to"))).toBe(true);
  });

  it("when something is clicked, then only that window's Send controls count as sending", () => {
    const doc = page(gmailFixture);
    const { popout, reply } = gmailWindows(doc);
    expect(popout.isSendControl(byId(doc, "new-send"))).toBe(true);
    // The schedule-send arrow next to Send sends too.
    expect(popout.isSendControl(doc.querySelector("#popout [aria-haspopup=true]"))).toBe(true);
    expect(reply.isSendControl(byId(doc, "reply-send"))).toBe(true);
    expect(popout.isSendControl(byId(doc, "reply-send"))).toBe(false);
    expect(popout.isSendControl(byId(doc, "new-body"))).toBe(false);
    expect(popout.isSendControl(doc.querySelector("#popout [aria-label='Discard draft']"))).toBe(false);
    expect(popout.isSendControl(doc.querySelector("#popout .Ha"))).toBe(false);
    expect(popout.isSendControl(null)).toBe(false);
  });

  it("when a file is attached, then its name is listed and removing clicks the chip's remove control", () => {
    const doc = page(gmailFixture);
    const { popout, reply } = gmailWindows(doc);
    expect(popout.attachedFiles()).toEqual(["elevlista.xlsx"]);
    expect(reply.attachedFiles()).toEqual([]);
    const remove = doc.querySelector("#attachment-1 [aria-label='Remove attachment']");
    if (remove === null) throw new Error("no remove control");
    // Gmail removes the chip itself once it has handled the click.
    remove.addEventListener("click", () => {
      remove.closest(".dL")?.remove();
    });
    expect(popout.removeAttachments()).toBe(true);
    expect(popout.attachedFiles()).toEqual([]);
    expect(reply.removeAttachments()).toBe(true);
  });

  it("when an attachment chip has no remove control, then removeAttachments says it could not", () => {
    const doc = page(gmailFixture.replace(/<div\s+role="button"\s+class="vq"[^>]*><\/div>/, ""));
    expect(gmailWindows(doc).popout.removeAttachments()).toBe(false);
  });

  it("when the content is replaced, then subject and body hold the new text and Gmail is told by input events", () => {
    const doc = page(gmailFixture);
    const { popout, reply } = gmailWindows(doc);
    byId(doc, "new-body").textContent = `Personnummer 19121212-1212`;
    const inputs: string[] = [];
    for (const id of ["new-subject", "new-body"]) {
      byId(doc, id).addEventListener("input", () => inputs.push(id));
    }
    popout.replaceContent("Säkert meddelande", "Hej!\n\nLäs det i Sigill.");
    expect(popout.readSubject()).toBe("Säkert meddelande");
    expect([...byId(doc, "new-body").children].map((div) => div.outerHTML)).toEqual([
      "<div>Hej!</div>",
      "<div><br></div>",
      "<div>Läs det i Sigill.</div>",
    ]);
    expect(popout.readBody()).not.toContain("19121212");
    expect(inputs).toEqual(["new-subject", "new-body"]);
    expect(reply.readBody()).toBe("");
  });

  it("when Send is triggered, then the window's own Send button is pressed, not the other window's", () => {
    const doc = page(gmailFixture);
    const { popout } = gmailWindows(doc);
    const popoutSends = recordClicks(byId(doc, "new-send"));
    const replySends = recordClicks(byId(doc, "reply-send"));
    expect(popout.triggerSend()).toBe(true);
    expect([popoutSends(), replySends()]).toEqual([1, 0]);
  });

  it("when the send button is missing from the markup, then the adapter says so and cannot trigger Send", () => {
    const doc = page(gmailFixture);
    byId(doc, "new-send").remove();
    expect(gmail.missing(doc)).toEqual(["Gmail: send"]);
    // The schedule-send arrow is left, but it only opens a menu: it is never pressed as Send.
    expect(gmailWindows(doc).popout.triggerSend()).toBe(false);
  });

  it("when the markup has no recognisable body editor, then the adapter names it", () => {
    const doc = page(gmailFixture.replaceAll('g_editable="true"', "").replaceAll('role="textbox"', ""));
    expect(gmail.findComposes(doc)).toEqual([]);
    expect(gmail.missing(doc)).toEqual(["Gmail: message body"]);
  });
});

describe("the Outlook on the web adapter on a page with a new message in the reading pane", () => {
  it("when the Outlook page is checked, then the Outlook adapter is picked and finds the compose window", () => {
    const doc = page(outlookFixture);
    expect(pickAdapter(doc)?.name).toBe("Outlook on the web");
    expect(outlook.findComposes(doc)).toHaveLength(1);
    expect(outlook.missing(doc)).toEqual([]);
  });

  it("when the compose window is read, then recipients come from the chips' titles and labels", () => {
    const doc = page(outlookFixture);
    const compose = onlyCompose(doc);
    inputById(doc, "subject").value = "Elevärende";
    byId(doc, "body").textContent = "Hej Anna, se nedan.";
    expect(compose.readRecipients()).toEqual({
      to: ["anna.berg@example.org", "bertil@example.org"],
      cc: ["rektor@skola.example"],
      bcc: [],
    });
    expect(compose.readSubject()).toBe("Elevärende");
    expect(compose.readBody()).toBe("Hej Anna, se nedan.");
    expect(compose.anchor).toBe(byId(doc, "body"));
    expect(compose.editors()).toEqual({ subject: byId(doc, "subject"), body: byId(doc, "body") });
  });

  it("when an address is typed into a well but not resolved, then it is read without gluing it to a chip", () => {
    const doc = page(outlookFixture);
    byId(doc, "bcc").append(doc.createTextNode("kurator@skola.example"));
    byId(doc, "to").append(doc.createTextNode("cecilia@example.org"));
    const recipients = onlyCompose(doc).readRecipients();
    expect(recipients.bcc).toEqual(["kurator@skola.example"]);
    expect(recipients.to).toEqual(["anna.berg@example.org", "bertil@example.org", "cecilia@example.org"]);
  });

  it("when something is clicked, then only the Send button counts as sending", () => {
    const doc = page(outlookFixture);
    const compose = onlyCompose(doc);
    expect(compose.isSendControl(doc.querySelector("#send .ms-Button-label"))).toBe(true);
    expect(compose.isSendControl(doc.querySelector("[aria-label=Discard]"))).toBe(false);
    expect(compose.isSendControl(byId(doc, "body"))).toBe(false);
    expect(compose.isSendControl(doc.querySelector("[title='Add recipients']"))).toBe(false);
    expect(compose.contains(byId(doc, "to"))).toBe(true);
    expect(compose.contains(doc.querySelector("[data-app-section=MailList]"))).toBe(false);
  });

  it("when a file is attached, then its name is listed and removing clicks its remove button", () => {
    const doc = page(outlookFixture);
    const compose = onlyCompose(doc);
    expect(compose.attachedFiles()).toEqual(["elevlista.xlsx"]);
    const remove = doc.querySelector("#attachment-1 button");
    remove?.addEventListener("click", () => {
      remove.closest("[role=listitem]")?.remove();
    });
    expect(compose.removeAttachments()).toBe(true);
    expect(compose.attachedFiles()).toEqual([]);
  });

  it("when the content is replaced, then subject and body hold the new text and Outlook is told by input events", () => {
    const doc = page(outlookFixture);
    const compose = onlyCompose(doc);
    byId(doc, "body").textContent = "Personnummer 19121212-1212";
    let inputs = 0;
    compose.watched()[0]?.addEventListener("input", () => (inputs += 1));
    compose.replaceContent("Säkert meddelande", "Hej!\nLäs det i Sigill.");
    expect(compose.readSubject()).toBe("Säkert meddelande");
    expect(byId(doc, "body").innerHTML).toBe("<div>Hej!</div><div>Läs det i Sigill.</div>");
    expect(inputs).toBe(2);
  });

  it("when Send is triggered, then Outlook's Send button is clicked", () => {
    const doc = page(outlookFixture);
    const sends = recordClicks(byId(doc, "send"));
    expect(onlyCompose(doc).triggerSend()).toBe(true);
    expect(sends()).toBe(1);
  });

  it("when the send button is missing from the markup, then the adapter says so instead of failing silently", () => {
    const doc = page(outlookFixture.replace(/<button\s+type="button"\s+id="send"[^]*?<\/button>/, ""));
    expect(doc.getElementById("send")).toBeNull();
    expect(outlook.missing(doc)).toEqual(["Outlook on the web: send"]);
    // Still guarded: the window is found from its recipient well, so typing is still scanned.
    expect(outlook.findComposes(doc)).toHaveLength(1);
    expect(onlyCompose(doc).triggerSend()).toBe(false);
  });

  it.each([
    ["outlook.office.com", true],
    ["outlook.office365.com", true],
    ["outlook.live.com", true],
    ["mail.google.com", false],
    ["outlook.example.com", false],
  ])("when the page is on %s with no compose open yet, then Outlook matching is %s", (host, expected) => {
    const doc = page("<html><body><div id='app'></div></body></html>");
    Object.defineProperty(doc, "location", { value: new URL(`https://${host}/mail/`) });
    expect(outlook.matches(doc)).toBe(expected);
    expect(gmail.matches(doc)).toBe(host === "mail.google.com");
  });
});
