// Component tests for the portal's message views: rendered with React's server renderer (no
// browser), they check the markup people and screen readers get — labels tied to fields, the
// confirmation that gates the recovery code, the error texts by code — and the formatting tables.
// The same views run in Chromium in ../../test/portal-messages.test.ts.
import { SigillError } from "@sigill/client";
import { CryptoError } from "@sigill/crypto";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { HandoverRequestForm, PendingHandovers } from "../src/admin-handover.tsx";
import type { ChainStatus } from "../src/admin-log.ts";
import { AnchorStatus } from "../src/admin-log-page.tsx";
import { SendExceptions } from "../src/admin-policy-page.tsx";
import { RESET_REASONS } from "../src/admin-users.ts";
import { PortalError } from "../src/api.ts";
import { describe as describeError } from "../src/errors.ts";
import { formatSize } from "../src/format.ts";
import { MAIL_TEXT } from "../src/i18n-mail.ts";
import { EVENT_TYPES, TEXT } from "../src/i18n.ts";
import { RecoveryCodeStep } from "../src/secure.tsx";

describe("the portal's message views", () => {
  it.each([
    [0, "sv", "0 B"],
    [999, "sv", "999 B"],
    [1000, "sv", "1 kB"],
    [1500, "sv", "1,5 kB"],
    [1500, "en", "1.5 kB"],
    [300_000, "sv", "300 kB"],
    [999_999, "sv", "1\u00a0000 kB"],
    [2_147_483_648, "sv", "2,1 GB"],
    [5_000_000_000_000, "en", "5,000 GB"],
  ])("when %d bytes are shown in %s, then they read %s", (bytes, lang, shown) => {
    expect(formatSize(bytes, lang)).toBe(shown);
  });

  it("when the recovery code is shown, then it is on the page once, the button waits for the confirmation, and the box has a label", () => {
    const html = renderToStaticMarkup(
      createElement(RecoveryCodeStep, {
        m: MAIL_TEXT.sv,
        code: "KYNM-8VXH-S5RD-MT9Q-QPF7-0QTT-B5DE-N84N",
        onDone: () => undefined,
      }),
    );
    expect(html.split("KYNM-8VXH-S5RD-MT9Q-QPF7-0QTT-B5DE-N84N")).toHaveLength(2);
    expect(html).toMatch(/<input type="checkbox" id="recovery-saved"/);
    expect(html).toContain('<label for="recovery-saved">Jag har sparat koden</label>');
    expect(html).toMatch(/<button type="button" disabled="">Fortsätt till meddelandet<\/button>/);
    expect(html).toMatch(/<h2 id="recovery-h">Spara din återställningskod<\/h2>/);
  });

  it("when the same view is in English, then every text is English", () => {
    const html = renderToStaticMarkup(
      createElement(RecoveryCodeStep, { m: MAIL_TEXT.en, code: "X", label: "Continue", onDone: () => undefined }),
    );
    expect(html).toContain("Save your recovery code");
    expect(html).toContain(">Continue</button>");
    expect(html).not.toMatch(/[åäö]/);
  });

  it("when a step fails, then the person reads what to do, chosen by the error's code and never its message", () => {
    const t = TEXT.sv;
    const m = MAIL_TEXT.sv;
    const server = (code: string) =>
      new SigillError("SERVER", "internal detail 19121212-1212", { serverCode: code, status: 400 });
    expect(describeError(t, server("INVITATION_LOCKED"), m)).toBe(m.errors.INVITATION_LOCKED);
    expect(describeError(t, server("ACCESS_CODE_WRONG"), m)).toContain("Koden stämmer inte");
    expect(describeError(t, new SigillError("BAD_LINK", "x"), m)).toContain("Länken är ofullständig");
    expect(describeError(t, new SigillError("CANCELLED", "x"), m)).toBe(t.errors.CANCELLED);
    expect(describeError(t, new CryptoError("DECRYPT_FAILED", "x"), m)).toBe(m.errors.DECRYPT_FAILED);
    expect(describeError(t, new PortalError("RATE_LIMITED", "x", 429), m)).toBe(t.errors.RATE_LIMITED);
    // Unknown codes and foreign errors get the general text; no message text ever shows.
    expect(describeError(t, server("SOMETHING_NEW"), m)).toBe(t.unknownError);
    expect(describeError(t, new Error("19121212-1212"), m)).toBe(t.unknownError);
  });

  it("when the two languages are compared, then they have the same texts, errors and states", () => {
    const keys = (o: object) => Object.keys(o).sort();
    expect(keys(MAIL_TEXT.en)).toEqual(keys(MAIL_TEXT.sv));
    expect(keys(MAIL_TEXT.en.errors)).toEqual(keys(MAIL_TEXT.sv.errors));
    expect(keys(MAIL_TEXT.en.states)).toEqual(keys(MAIL_TEXT.sv.states));
  });
});

describe("the two-administrator handover views (issue 18)", () => {
  const account = {
    id: "acc1",
    email: "larare@skola.example",
    displayName: "Lärare Lisa",
    role: "staff",
    status: "active",
    passkeys: 1,
    createdAt: "2026-11-01T08:00:00.000Z",
  };
  const request = {
    id: "req1",
    account: { id: "acc1", email: "larare@skola.example", displayName: "Lärare Lisa" },
    requestedBy: { id: "admin-a", email: "rektor@skola.example", displayName: "Rektor" },
    reason: "no-mailbox-access" as const,
    note: "Mobilen stulen",
    createdAt: "2026-12-01T08:00:00.000Z",
    expiresAt: "2026-12-02T08:00:00.000Z",
  };
  const noop = () => undefined;

  it("when the request form renders, then every reason is a labelled radio in a fieldset, the note has its label and help, and its error is an alert", () => {
    const html = renderToStaticMarkup(
      createElement(HandoverRequestForm, { t: TEXT.sv, lang: "sv", account, onSent: noop, onClose: noop }),
    );
    expect(html).toContain("<legend>Varför kan länken inte skickas med e-post?</legend>");
    for (const r of RESET_REASONS) {
      expect(html).toMatch(
        new RegExp(`<input id="reason-${r}" type="radio" name="reason" (checked="" )?value="${r}"/>`),
      );
      expect(html).toContain(`<label for="reason-${r}">${TEXT.sv.users.reasons[r] ?? "-"}</label>`);
    }
    expect(html).toContain('<label for="handover-note">Kort förklaring (högst 140 tecken)</label>');
    expect(html).toMatch(
      /<input id="handover-note" maxLength="140" autoComplete="off" aria-describedby="handover-note-help"/,
    );
    expect(html).toContain('<p role="alert" id="handover-form-error" class="error"></p>');
  });

  it("when a request is listed, then its asker sees only 'withdraw', another administrator 'approve' and 'decline', in either language", () => {
    const as = (me: string, lang: "sv" | "en") =>
      renderToStaticMarkup(
        createElement(PendingHandovers, {
          t: TEXT[lang],
          lang,
          me,
          requests: [request],
          onChanged: noop,
          onApproved: noop,
          onStatus: noop,
          onError: noop,
        }),
      );
    const own = as("admin-a", "sv");
    expect(own).toContain("Din begäran: en annan administratör måste godkänna den.");
    expect(own).toContain(">Dra tillbaka begäran för larare@skola.example</button>");
    expect(own).not.toContain("Godkänn överlämning");
    const other = as("admin-b", "sv");
    expect(other).toContain(">Godkänn överlämning för larare@skola.example</button>");
    expect(other).toContain(">Avslå begäran för larare@skola.example</button>");
    expect(other).toContain("<caption>Väntande begäranden (1)</caption>");
    const english = as("admin-b", "en");
    expect(english).toContain(">Approve the handover for larare@skola.example</button>");
    expect(english).toContain("The person cannot get into their e-mail");
    expect(english).not.toMatch(/[åäö]/);
  });

  it("when the portal's texts are compared, then the users page and errors have the same keys in Swedish and English, with every reset error and reason", () => {
    const keys = (o: object) => Object.keys(o).sort();
    expect(keys(TEXT.en.users)).toEqual(keys(TEXT.sv.users));
    expect(keys(TEXT.en.users.reasons)).toEqual([...RESET_REASONS].sort());
    expect(keys(TEXT.sv.users.reasons)).toEqual([...RESET_REASONS].sort());
    for (const code of ["SECOND_ADMIN_REQUIRED", "RESET_REQUEST_EXPIRED", "MAIL_UNAVAILABLE"]) {
      expect(TEXT.sv.errors[code], code).toEqual(expect.any(String));
      expect(TEXT.en.errors[code], code).toEqual(expect.any(String));
    }
    for (const type of EVENT_TYPES) {
      expect(TEXT.sv.events[type], type).toEqual(expect.any(String));
      expect(TEXT.en.events[type], type).toEqual(expect.any(String));
    }
  });
});

describe("the policy page's send exceptions (issue 19)", () => {
  const render = (lang: "sv" | "en", allowNotAboutPerson: boolean) =>
    renderToStaticMarkup(
      createElement(SendExceptions, {
        p: TEXT[lang].policy,
        allowPlainOverride: false,
        allowNotAboutPerson,
        onChange: () => undefined,
      }),
    );

  it("when the page renders, then 'not about an individual person' is a labelled checkbox beside the plain override, described by a help that says what it never covers and what is logged", () => {
    const html = render("sv", false);
    expect(html).toContain('<input id="p-override" type="checkbox"/>');
    expect(html).toContain(
      '<input id="p-not-about-person" type="checkbox" aria-describedby="p-not-about-person-help"/>',
    );
    expect(html).toContain(
      '<label for="p-not-about-person">Personal får skicka som vanligt mejl när varningen bara bygger på ett ord om till exempel hälsa eller stöd och de intygar att mejlet inte handlar om en enskild person</label>',
    );
    expect(html).toMatch(/<p id="p-not-about-person-help" class="hint">Gäller aldrig personnummer[^<]*<\/p>/);
    const help = TEXT.sv.policy.notAboutPersonHelp;
    for (const word of ["personnummer", "skyddad identitet", "bilagor", "bara typerna", "aldrig mejlets text"])
      expect(help).toContain(word);
    // The plain override comes first, then the new setting and its help.
    expect(html.indexOf('id="p-override"')).toBeLessThan(html.indexOf('id="p-not-about-person"'));
    expect(html.indexOf('id="p-not-about-person"')).toBeLessThan(html.indexOf('id="p-not-about-person-help"'));
  });

  it("when the setting is on, then the box is checked; in English every text is English", () => {
    expect(render("sv", true)).toContain(
      '<input id="p-not-about-person" type="checkbox" aria-describedby="p-not-about-person-help" checked=""/>',
    );
    const english = render("en", true);
    expect(english).toContain("they confirm the e-mail is not about an individual person</label>");
    expect(english).toContain("The access log gets only the kinds of data");
    expect(english).not.toMatch(/[åäö]/);
    expect(TEXT.en.events["policy.not_about_person"]).toBe("Sent as ordinary e-mail: not about an individual person");
    expect(TEXT.sv.events["policy.not_about_person"]).toBe(
      "Skickat som vanligt mejl: handlar inte om en enskild person",
    );
  });
});

describe("the access log's checkpoint status (issue 20)", () => {
  const status = (state: ChainStatus["anchor"]["state"], extra: Partial<ChainStatus> = {}): ChainStatus => ({
    ok: state === "agrees" || state === "none",
    entries: 40,
    firstBadSeq: null,
    unkeyed: 0,
    anchor: {
      state,
      checkpoints: state === "none" ? 0 : 3,
      latest: state === "none" ? null : { kind: "checkpoint", seq: 57, at: "2026-12-06T10:15:02.123Z" },
      firstDifferentSeq: state === "differs" ? 57 : null,
    },
    ...extra,
  });
  const render = (lang: "sv" | "en", chain: ChainStatus) =>
    renderToStaticMarkup(createElement(AnchorStatus, { t: TEXT[lang], chain }));

  it.each([
    [
      "agrees",
      "Senaste kontrollpunkt: post 57, 2026-12-06 10:15 (UTC). Databasen stämmer med kontrollpunkterna.",
      false,
    ],
    ["none", "Ingen kontrollpunkt ännu", false],
    ["behind", "loggen har bara 40 poster", true],
    ["differs", "Databasen stämmer inte med kontrollpunkterna: loggen har skrivits om", true],
    ["unreadable", "Filen med kontrollpunkter innehåller rader som inte är signerade", true],
  ] as const)(
    "when the checkpoints %s, then the page says so in Swedish, as an error when they do not agree",
    (state, words, error) => {
      const html = render("sv", status(state));
      expect(html).toContain(words);
      expect(html.includes('class="error"')).toBe(error);
      expect(html).toContain('role="status"');
      expect(render("en", status(state))).not.toContain(words);
    },
  );

  it("when the checkpoints agree in English, and older unkeyed entries exist, then both are said", () => {
    const html = render("en", status("agrees", { unkeyed: 12 }));
    expect(html).toContain(
      "Last checkpoint: entry 57, 2026-12-06 10:15 (UTC). The database agrees with the checkpoints.",
    );
    expect(html).toContain("12 older entries were written before the log key existed");
  });
});
