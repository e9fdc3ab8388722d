import { readFileSync } from "node:fs";
import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import { pageLocation, parseAddresses, pickAdapter, wakesWithoutPolicy } from "../src/adapters/index.ts";
import { generic } from "../src/adapters/generic.ts";
import { roundcube } from "../src/adapters/roundcube.ts";

const fixture = readFileSync(new URL("./fixtures/roundcube-compose.html", import.meta.url), "utf8");
const page = (html: string) => parseHTML(html).document;

describe("webmail adapters on saved compose pages", () => {
  it("when the Roundcube compose page is read, then recipients, subject and body come from its own fields", () => {
    const doc = page(fixture);
    expect(pickAdapter(doc)?.name).toBe("Roundcube");
    const [compose] = roundcube.findComposes(doc);
    if (compose === undefined) throw new Error("no compose window");
    // Browsers decode the fixture's &lt;/&gt; inside the textarea; linkedom keeps them, so set the value as a browser shows it.
    (doc.querySelector("#_to") as HTMLTextAreaElement).value = "Anna Berg <anna.berg@example.org>, bertil@example.org";
    expect(compose.readRecipients()).toEqual({
      to: ["anna.berg@example.org", "bertil@example.org"],
      cc: ["rektor@skola.example"],
      bcc: [],
    });
    (doc.querySelector("#compose-subject") as HTMLInputElement).value = "Elevärende";
    (doc.querySelector("#composebody") as HTMLTextAreaElement).value = "Hej, se nedan.";
    expect(compose.readSubject()).toBe("Elevärende");
    expect(compose.readBody()).toBe("Hej, se nedan.");
    expect(roundcube.missing(doc)).toEqual([]);
  });

  it("when something is clicked, then only Roundcube's send controls count as sending", () => {
    const doc = page(fixture);
    const [compose] = roundcube.findComposes(doc);
    expect(compose?.isSendControl(doc.querySelector("button.send span"))).toBe(true);
    expect(compose?.isSendControl(doc.querySelector("#composebody"))).toBe(false);
    expect(compose?.contains(doc.querySelector("#composebody"))).toBe(true);
  });

  it("when the send button is missing from the markup, then the adapter says so instead of failing silently", () => {
    const doc = page(fixture.replace(/<button[^]*?<\/button>/, ""));
    expect(roundcube.missing(doc)).toEqual(["Roundcube: send"]);
  });

  it("when a page has only a plain editor, then no webmail adapter claims it, and the generic guard reads it and admits it cannot stop a send", () => {
    const doc = page("<html><body><textarea id='note'></textarea></body></html>");
    expect(pickAdapter(doc)).toBeNull();
    const [compose, ...rest] = generic.findComposes(doc);
    if (compose === undefined) throw new Error("no compose");
    expect(rest).toEqual([]);
    (doc.querySelector("#note") as HTMLTextAreaElement).value = "text";
    expect(compose.readBody()).toBe("text");
    expect(compose.recognised).toBe(false);
    expect(compose.canStopSend()).toBe(false);
    expect(compose.triggerSend()).toBe(false);
  });

  it("when a compose region has a subject, labelled recipients and a Send named by its title, then the generic guard reads them and knows where Send is", () => {
    const doc = page(`<html><body><main><section id="c">
      <input id="to" aria-label="Till" value="Anna Berg <anna.berg@example.org>">
      <input id="cc" aria-label="Kopia" value="rektor@skola.example">
      <input id="subject" placeholder="Ämne" value="Utflykt">
      <input id="other" value="anteckning">
      <div id="body" contenteditable="true">Hej!</div>
      <button id="send" title="Skicka"><svg></svg></button></section>
      <section id="d"><textarea id="elsewhere"></textarea></section></main></body></html>`);
    const composes = generic.findComposes(doc);
    const compose = composes.find((c) => c.contains(doc.getElementById("body")));
    if (compose === undefined) throw new Error("no compose");
    expect(compose.readRecipients()).toEqual({ to: ["anna.berg@example.org"], cc: ["rektor@skola.example"], bcc: [] });
    expect(compose.readSubject()).toBe("Utflykt");
    // Other text fields of the region are scanned with the body: they would be sent too.
    expect(compose.readBody()).toBe("Hej!\n\nanteckning");
    expect(compose.isSendControl(doc.getElementById("send"))).toBe(true);
    expect(compose.contains(doc.getElementById("elsewhere"))).toBe(false);
    expect(compose.canStopSend()).toBe(true);
  });

  it.each([
    ["Anna <a@b.se>, c@d.se", ["a@b.se", "c@d.se"]],
    ['"Berg, Anna" <Anna.Berg@Skola.SE>; x@y.org', ["anna.berg@skola.se", "x@y.org"]],
    ["", []],
    ["no address here", []],
  ])("when the address field is %j, then the addresses are %j", (value, expected) => {
    expect(parseAddresses(value)).toEqual(expected);
  });
});

describe("where a page is from (pop-outs written by their opener)", () => {
  const about = (origin: string) => ({ location: { protocol: "about:", hostname: "" } as Location, origin });
  it.each([
    ["https://outlook.office.com", "https:", "outlook.office.com", true],
    ["http://127.0.0.1:8080", "http:", "127.0.0.1", true],
    ["https://example.com", "https:", "example.com", false],
    // An opaque origin (a sandboxed opener): no host, so nothing wakes without policy.
    ["null", "about:", "", false],
  ])("when an about:blank window inherited %s, then it is %s//%s (wakes: %s)", (origin, protocol, hostname, wakes) => {
    const here = pageLocation(about(origin));
    expect(here).toEqual({ protocol, hostname });
    expect(wakesWithoutPolicy(here)).toBe(wakes);
  });

  it("when the window has an address of its own, then that is where it is from", () => {
    const win = { location: { protocol: "https:", hostname: "mail.google.com" } as Location, origin: "https://x.test" };
    expect(pageLocation(win)).toEqual({ protocol: "https:", hostname: "mail.google.com" });
  });
});
