// The adapters on REAL captured webmail markup (test/fixtures/gmail/, test/fixtures/outlook/; each
// fixture records where it comes from and what was added around the capture), read with linkedom:
// which adapter takes the page, what it reads, which element it treats as Send, and what it writes.
// Labels are swapped for other UI languages (Swedish: our translation; Vietnamese and Chinese: as
// captured in public sources) to show recognition does not rest on English labels.
import { readFileSync } from "node:fs";
import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import { generic, pickAdapter, type ComposeWindow } from "../src/adapters/index.ts";
import { gmail } from "../src/adapters/gmail.ts";
import { outlook } from "../src/adapters/outlook.ts";
import { webmailPages } from "./webmail-pages.ts";

const fixture = (path: string) => readFileSync(new URL(`./fixtures/${path}`, import.meta.url), "utf8");
const doc = (html: string) => parseHTML(html).document;

function only(composes: ComposeWindow[]): ComposeWindow {
  const [c, ...rest] = composes;
  if (c === undefined || rest.length > 0)
    throw new Error(`expected one compose window, found ${String(composes.length)}`);
  return c;
}

const JSMIN = fixture("gmail/jsmin-compose-dialog-2020.html");

describe("Gmail on the captured compose dialog (evan-brass/js-min, 2020)", () => {
  it("when the page is read, then Gmail's adapter takes it and finds one compose window with its Send", () => {
    const d = doc(JSMIN);
    expect(pickAdapter(d)?.name).toBe("Gmail");
    const c = only(gmail.findComposes(d));
    expect(c.recognised).toBe(true);
    expect(c.isSendControl(d.querySelector("div[role=button].aoO"))).toBe(true);
    // The "More send options" arrow schedules sends: stopped too.
    expect(c.isSendControl(d.querySelector("div[role=button].hG"))).toBe(true);
    expect(c.isSendControl(d.querySelector("[aria-label^='Discard draft']"))).toBe(false);
    expect(c.isSendControl(d.querySelector("[g_editable=true]"))).toBe(false);
    expect(gmail.missing(d)).toEqual([]);
  });

  it("when recipients, subject and body are filled as a person would, then the adapter reads them", () => {
    const d = doc(JSMIN);
    (d.querySelector("textarea[name=to]") as HTMLTextAreaElement).value =
      "Anna Berg <anna.berg@example.org>, bertil@example.org";
    (d.querySelector("textarea[name=cc]") as HTMLTextAreaElement).value = "rektor@skola.example";
    (d.querySelector("input[name=subjectbox]") as HTMLInputElement).value = "Utflykt";
    (d.querySelector("[g_editable=true]") as HTMLElement).textContent = "Hej!";
    const c = only(gmail.findComposes(d));
    expect(c.readRecipients()).toEqual({
      to: ["anna.berg@example.org", "bertil@example.org"],
      cc: ["rektor@skola.example"],
      bcc: [],
    });
    expect(c.readSubject()).toBe("Utflykt");
    expect(c.readBody()).toBe("Hej!");
  });

  it("when the content is replaced and Send triggered, then subject and body hold the notification and the Send button (not the arrow) is pressed", () => {
    const d = doc(JSMIN);
    const c = only(gmail.findComposes(d));
    const pressed: string[] = [];
    for (const b of d.querySelectorAll("div[role=button]"))
      b.addEventListener("click", () => pressed.push(b.className));
    c.replaceContent("Säkert meddelande", "Rad ett\n\nRad tre");
    expect((d.querySelector("input[name=subjectbox]") as HTMLInputElement).value).toBe("Säkert meddelande");
    expect(d.querySelector("[g_editable=true]")?.innerHTML).toBe("<div>Rad ett</div><div><br></div><div>Rad tre</div>");
    expect(c.triggerSend()).toBe(true);
    expect(pressed).toEqual(["T-I J-J5-Ji aoO v7 T-I-atl L3"]);
  });

  it.each([
    [
      "Swedish (our translation)",
      [
        ["Message Body", "Meddelandetext"],
        ["Send \u202a(Ctrl-Enter)\u202c", "Skicka \u202a(Ctrl-Enter)\u202c"],
        [">Send</div>", ">Skicka</div>"],
      ],
    ],
    // As captured from a Vietnamese Gmail (an unattributed public capture, test/fixtures/gmail/SOURCES.md).
    [
      "Vietnamese (a language we list no words for)",
      [
        ["Message Body", "Nội dung thư"],
        ["Send \u202a(Ctrl-Enter)\u202c", "Gửi \u202a(Ctrl-Enter)\u202c"],
        [">Send</div>", ">Gửi</div>"],
      ],
    ],
  ] as const)("when the UI is in %s, then the compose and its Send are still recognised", (_lang, swaps) => {
    let html = JSMIN;
    for (const [from, to] of swaps) html = html.replaceAll(from, to);
    const d = doc(html);
    const c = only(gmail.findComposes(d));
    expect(c.isSendControl(d.querySelector("div[role=button].aoO"))).toBe(true);
    expect(gmail.missing(d)).toEqual([]);
  });

  it('when the captured 2023 Send buttons (macOS hint "(⌘Enter)") stand in a compose, then each is its window\'s Send', () => {
    const buttons =
      fixture("gmail/pixl-send-buttons-2023.html").match(/<div id=":[^"]+" class="T-I[\s\S]*?<\/div>/g) ?? [];
    expect(buttons).toHaveLength(2);
    const d = doc(
      `<html><body>${buttons.map((b, i) => `<div class="M9" id="w${String(i)}"><div contenteditable="true" g_editable="true" role="textbox"></div>${b}</div>`).join("")}</body></html>`,
    );
    const composes = gmail.findComposes(d);
    expect(composes).toHaveLength(2);
    const [first, second] = composes as [ComposeWindow, ComposeWindow];
    expect(first.isSendControl(d.querySelector("#w0 [role=button]"))).toBe(true);
    expect(first.isSendControl(d.querySelector("#w1 [role=button]"))).toBe(false);
    expect(second.isSendControl(d.querySelector("#w1 [role=button]"))).toBe(true);
  });

  it("when the captured attachment chip (2015, Japanese UI) is in the compose, then its file is listed and removing presses its remove control", () => {
    const chip =
      /<div class="dL"[\s\S]*?<!-- END CAPTURE -->\n<\/div>/.exec(
        fixture("gmail/seya128-attachment-chip-ja-2015.html"),
      )?.[0] ?? "";
    expect(chip).not.toBe("");
    const d = doc(JSMIN.replace('<div class="M9"', `<div class="M9"><div id="chips">${chip}</div><span hidden`));
    const c = only(gmail.findComposes(d));
    expect(c.attachedFiles()).toEqual(["GMailSendAdressCheckerSS.png"]);
    let removed = 0;
    d.querySelector("div.vq")?.addEventListener("click", () => (removed += 1));
    expect(c.removeAttachments()).toBe(true);
    expect(removed).toBe(1);
  });
});

describe("Outlook on the web on pages built around captured compose elements", () => {
  for (const lang of ["en", "sv"] as const) {
    for (const p of webmailPages(lang).filter((x) => x.name.startsWith("Outlook"))) {
      it(`when ${p.name} is read, then Outlook's adapter finds one compose window, its Send and its recipients`, () => {
        const d = doc(p.html);
        expect(pickAdapter(d)?.name).toBe("Outlook on the web");
        const c = only(outlook.findComposes(d));
        expect(c.recognised).toBe(true);
        expect(c.isSendControl(d.querySelector(p.send))).toBe(true);
        expect(c.canStopSend()).toBe(true);
        expect(c.readRecipients().to.length).toBe(1);
        expect(c.contains(d.querySelector(p.body))).toBe(true);
        // The To well is a contenteditable textbox too: it is never taken for the body.
        expect(c.anchor.getAttribute("aria-label") ?? "").not.toMatch(/^(To|Till)$/);
        // Nothing is left for the generic guard.
        expect(generic.findComposes(d).filter((g) => !c.contains(g.anchor))).toEqual([]);
      });
    }
  }

  it("when the reading-pane compose is replaced, then the captured subject and body hold the notification and the chip stays", () => {
    const d = doc(fixture("outlook/new-outlook-reading-pane.html"));
    const c = only(outlook.findComposes(d));
    c.replaceContent("Säkert meddelande", "Länk");
    expect((d.querySelector("#TextField63") as HTMLInputElement).value).toBe("Säkert meddelande");
    expect(d.querySelector("#editorParent_1 > [contenteditable]")?.textContent).toBe("Länk");
    expect(c.readRecipients().to).toEqual(["anna.berg@example.org"]);
  });

  it("when the page is the captured OWA Light form (Chinese UI), then the adapter reads its captured recipient chip and textarea by their ids", () => {
    const d = doc(fixture("outlook/classic-owa-light-compose-zh-konglx90.html"));
    const c = only(outlook.findComposes(d));
    expect(c.readRecipients().to).toEqual(["17600367421@163.com"]);
    expect(c.readBody()).toContain("今日完成");
    expect(c.isSendControl(d.querySelector("#lnkHdrsend"))).toBe(true);
  });

  it("when the captured signature editor of Outlook's settings is on a page, then it is not taken for a message body", () => {
    const d = doc(
      `<html><body><div tabindex="0" dir="ltr" class="K2IBb DziEn RlaWM" role="textbox" aria-multiline="true" aria-label="Signature, press Alt+F10 to exit" contenteditable="true"></div><button>Save</button></body></html>`,
    );
    expect(outlook.findComposes(d)).toEqual([]);
  });
});
