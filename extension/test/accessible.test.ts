// Accessible names: how the adapters and the generic guard recognise a send control, a body or a
// subject without the webmails' generated class names. Tables of names as the real webmails write
// them (Gmail wraps "(Ctrl-Enter)" in bidi marks) and of near misses.
import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import {
  isSendName,
  labelIs,
  labelStartsWith,
  pressable,
  regionAround,
  sendControlOf,
  sendControlsIn,
} from "../src/adapters/accessible.ts";

const page = (html: string) => parseHTML(`<!doctype html><html><body>${html}</body></html>`).document;

describe("send names", () => {
  it.each([
    "Send",
    "send",
    "Skicka",
    "SKICKA",
    "Send (Ctrl+Enter)",
    "Send \u202a(Ctrl-Enter)\u202c", // Gmail's label, with its bidi marks
    "Skicka \u202a(Ctrl-Enter)\u202c",
    "Skicka (Ctrl+Retur)",
    " Send ",
    "Skicka senare",
    "Send now",
    "Sänd",
    "Lähetä",
    "Senden",
  ])("when a control is named %j, then it sends", (name) => {
    expect(isSendName(name)).toBe(true);
  });

  it.each([
    "Sender",
    "Sendung",
    "Skickat",
    "Skickade objekt",
    "Sent Items",
    "Resend",
    "Återsänd",
    "Discard",
    "",
    "Schemalägg",
  ])("when a control is named %j, then it does not send", (name) => {
    expect(isSendName(name)).toBe(false);
  });
});

describe("send controls in markup", () => {
  it("when a button's name is in aria-label, title, text, value or Gmail's data-tooltip, then it is a send control", () => {
    const doc = page(`
      <button id="a" aria-label="Send" title="Send (Ctrl+Enter)"><i></i></button>
      <div id="b" role="button" data-tooltip="Skicka \u202a(Ctrl-Enter)\u202c"><span id="b-inner">x</span></div>
      <button id="c"><span id="c-inner">Skicka</span></button>
      <input id="d" type="submit" value="Send">
      <div id="e" role="button" aria-labelledby="e-label"><span id="e-label">Skicka</span></div>
      <button id="f" title="Send (Ctrl+Enter)"><svg></svg></button>`);
    for (const id of ["a", "b-inner", "c-inner", "d", "e", "f"])
      expect(sendControlOf(doc.getElementById(id)), id).not.toBeNull();
  });

  it("when a control is named otherwise, is no control, or is a link inside the draft's own text, then it is not a send control", () => {
    const doc = page(`
      <button id="discard" aria-label="Discard">Discard</button>
      <div id="box"><span id="plain">Send</span></div>
      <div contenteditable="true"><a id="link" href="https://x.example">Skicka</a></div>`);
    for (const id of ["discard", "plain", "link"]) expect(sendControlOf(doc.getElementById(id)), id).toBeNull();
    expect(sendControlsIn(doc)).toEqual([]);
  });

  it("when a menu button beside Send is named Send too, then it is stopped like Send but never pressed to send", () => {
    const doc = page(`
      <div role="button" id="more" aria-haspopup="true" aria-label="Send options">▾</div>
      <button id="send">Skicka</button>`);
    expect(sendControlOf(doc.getElementById("more"))).not.toBeNull();
    expect(pressable(sendControlsIn(doc)).map((c) => c.id)).toEqual(["send"]);
  });
});

describe("field labels", () => {
  it("when a label starts with the word, then it matches; a longer word does not", () => {
    const doc = page(`
      <div id="live" aria-label="Message body, press Alt+F10 to exit"></div>
      <div id="short" aria-label="Message body"></div>
      <div id="sv" aria-label="Meddelandetext, tryck på Alt+F10 för att avsluta"></div>
      <div id="other" aria-label="Message bodyguard"></div>
      <input id="subject" placeholder="Add a subject">`);
    const el = (id: string) => doc.getElementById(id) as Element;
    expect(labelStartsWith(el("live"), ["Message body"])).toBe(true);
    expect(labelStartsWith(el("short"), ["message body"])).toBe(true);
    expect(labelStartsWith(el("sv"), ["Meddelandetext"])).toBe(true);
    expect(labelStartsWith(el("other"), ["Message body"])).toBe(false);
    expect(labelStartsWith(el("subject"), ["Add a subject"])).toBe(true);
    expect(labelIs(el("short"), ["Message Body"])).toBe(true);
    expect(labelIs(el("live"), ["Message body"])).toBe(false);
  });
});

describe("compose regions", () => {
  it("when two compose windows each hold a Send, then each editor's region is its own window", () => {
    const doc = page(`
      <main>
        <section id="one"><div id="e1" contenteditable="true"></div><button>Send</button></section>
        <section id="two"><div><div id="e2" contenteditable="true"></div></div><div><button>Skicka</button></div></section>
      </main>`);
    const controls = sendControlsIn(doc);
    expect(regionAround(doc.getElementById("e1") as Element, [controls]).id).toBe("one");
    expect(regionAround(doc.getElementById("e2") as Element, [controls]).id).toBe("two");
  });

  it("when there is no Send anywhere, then the region is the editor's form or dialog", () => {
    const doc = page(`<div role="dialog" id="d"><div><textarea id="t"></textarea></div></div>`);
    expect(regionAround(doc.getElementById("t") as Element, [], "form, [role=dialog]").id).toBe("d");
  });
});
