import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildNotification, notificationParagraph } from "@sigill/client";
import { allowedServer, managedServer } from "../src/secure/allowed-server.ts";
import { LANGUAGE_SETTINGS, mergeSettings } from "../src/secure/settings.ts";

describe("settings under enterprise policy", () => {
  it("when nothing is set, then the defaults apply and nothing is locked", () => {
    expect(mergeSettings(undefined, undefined)).toEqual({
      serverUrl: null,
      organisationName: "Sigill",
      lockIdleMs: 900_000,
      language: "auto",
      notificationEnglish: false,
      lockedByPolicy: [],
    });
  });

  it("when both policy and the person set a field, then policy wins and locks it", () => {
    const s = mergeSettings(
      { serverUrl: "https://sigill.kommun.se", lockIdleMinutes: 5 },
      { serverUrl: "https://elsewhere.example", organisationName: "Skolan", lockIdleMinutes: 60 },
    );
    expect(s).toEqual({
      serverUrl: "https://sigill.kommun.se",
      organisationName: "Skolan",
      lockIdleMs: 300_000,
      language: "auto",
      notificationEnglish: false,
      lockedByPolicy: ["serverUrl", "lockIdleMinutes"],
    });
  });

  it.each([
    [{ serverUrl: "javascript:alert(1)" }],
    [{ serverUrl: "not a url" }],
    [{ serverUrl: 42 }],
    [{ serverUrl: null }],
  ])(
    "when policy sets the server to a bad value %j, then the server stays locked, to none (never to the one the person chose)",
    (managed) => {
      const s = mergeSettings(managed, { serverUrl: "https://sigill.kommun.se" });
      expect(s.lockedByPolicy).toEqual(["serverUrl"]);
      expect(s.serverUrl).toBe("");
      expect(() => allowedServer("https://sigill.kommun.se/enrol", managedServer(s))).toThrow(
        expect.objectContaining({ code: "SERVER_NOT_ALLOWED", message: "" }) as Error,
      );
    },
  );

  it.each([
    [{ lockIdleMinutes: 0 }],
    [{ lockIdleMinutes: 10_000 }],
    [{ organisationName: "" }],
    [{ lockIdleMinutes: "5" }],
    [{ language: "fr" }],
    [{ language: "EN" }],
    [{ language: null }],
  ])("when policy has a bad value %j, then it is ignored, not half-applied", (managed) => {
    const s = mergeSettings(managed, { serverUrl: "https://sigill.kommun.se" });
    expect(s.lockedByPolicy).toEqual([]);
    expect(s.serverUrl).toBe("https://sigill.kommun.se");
    expect(s.lockIdleMs).toBe(900_000);
    expect(s.language).toBe("auto");
  });

  it("when the person picks a language, then it is kept and not locked", () => {
    expect(mergeSettings(undefined, { language: "en" })).toMatchObject({ language: "en", lockedByPolicy: [] });
    expect(mergeSettings({}, { language: "sv" })).toMatchObject({ language: "sv", lockedByPolicy: [] });
  });

  it("when policy sets the language, then it wins over the person's choice and locks it", () => {
    expect(mergeSettings({ language: "sv" }, { language: "en" })).toMatchObject({
      language: "sv",
      lockedByPolicy: ["language"],
    });
    expect(mergeSettings({ language: "auto" }, { language: "en" })).toMatchObject({
      language: "auto",
      lockedByPolicy: ["language"],
    });
  });

  it("when the person stored a language the extension does not know, then the default (follow the browser) applies", () => {
    expect(mergeSettings(undefined, { language: "de", organisationName: "Skolan" })).toMatchObject({
      language: "auto",
      organisationName: "Skolan",
    });
  });
});

describe("English in notification mails", () => {
  it("when nobody sets it, then notifications are Swedish only; the person or IT can add English, and a bad value is ignored", () => {
    expect(mergeSettings(undefined, undefined).notificationEnglish).toBe(false);
    expect(mergeSettings(undefined, { notificationEnglish: true }).notificationEnglish).toBe(true);
    expect(mergeSettings({ notificationEnglish: false }, { notificationEnglish: true })).toMatchObject({
      notificationEnglish: false,
      lockedByPolicy: ["notificationEnglish"],
    });
    expect(mergeSettings(undefined, { notificationEnglish: "yes" }).notificationEnglish).toBe(false);
  });

  it("when the notification is built, then English follows the Swedish only when asked, and neither holds content", () => {
    const input = {
      senderName: "Anna Lärare",
      organisation: "Exempelskolan",
      link: "https://sigill.example/m/abc#def",
      expiresAt: new Date("2026-12-07T00:00:00Z"),
      accessCodeRequired: true,
    };
    const sv = buildNotification(input);
    const both = buildNotification(input, true);
    expect(sv.subject).toBe("Säkert meddelande från Exempelskolan");
    expect(sv.text).toContain("Öppna det här: https://sigill.example/m/abc#def");
    expect(sv.text).toContain("kod som avsändaren ger dig per telefon");
    expect(sv.text).not.toContain("Open it here");
    expect(both.text.startsWith(sv.text)).toBe(true);
    expect(both.text).toContain("Open it here: https://sigill.example/m/abc#def");
    expect(both.text).toContain("2026-12-07");
  });

  it("when the organisation adds a paragraph, then it follows Sigill's text once, and nothing from the draft is in the mail", () => {
    const input = {
      senderName: "Anna Berg",
      organisation: "Exempelskolan",
      link: "https://sigill.example/m/abc#def",
      expiresAt: new Date("2026-12-07T00:00:00Z"),
      accessCodeRequired: false,
      organisationText: "Frågor? Ring expeditionen på 031-123 45 67.\n\nVi svarar vardagar 8–16.",
    };
    const { subject, text } = buildNotification(input, true);
    expect(text).toContain(
      "Sigill ber aldrig om lösenord via e-post.\n\nFrågor? Ring expeditionen på 031-123 45 67.\n\nVi svarar vardagar 8–16.\n",
    );
    expect(text.split("Frågor?")).toHaveLength(2);
    // Only the notification's own link, whatever the paragraph says.
    expect(text.match(/https?:\/\//g)).toHaveLength(2); // Swedish and English part: the same link
    for (const draft of ["Olles utredning", "19121212-1212", "utredning.pdf"])
      expect(`${subject}\n${text}`).not.toContain(draft);
  });

  it.each([
    ["Läs mer på https://evil.example"],
    ["Besök www.skola.example"],
    ["Se skolan.se"],
    ["Mejla kansli@skola.example"],
    ["<a href='x'>här</a>"],
    ["å".repeat(501)],
    ["rad\u0007"],
  ])(
    "when the organisation's paragraph is %j (a link, markup, too long), then the mail leaves it out",
    (organisationText) => {
      const input = {
        senderName: "Anna Berg",
        organisation: "Exempelskolan",
        link: "https://sigill.example/m/abc#def",
        expiresAt: new Date("2026-12-07T00:00:00Z"),
        accessCodeRequired: false,
      };
      expect(buildNotification({ ...input, organisationText })).toEqual(buildNotification(input));
      expect(notificationParagraph(organisationText)).toBe("");
    },
  );
});

describe("the managed schema IT deploys", () => {
  it("when compared with the settings the extension reads, then it offers exactly those fields and languages", () => {
    const managed = JSON.parse(readFileSync(new URL("../public/managed_schema.json", import.meta.url), "utf8")) as {
      properties: Record<string, { enum?: string[] }>;
    };
    expect(Object.keys(managed.properties)).toEqual([
      "serverUrl",
      "organisationName",
      "lockIdleMinutes",
      "language",
      "notificationEnglish",
    ]);
    expect(managed.properties.language?.enum).toEqual([...LANGUAGE_SETTINGS]);
    const all = {
      serverUrl: "https://sigill.kommun.se",
      organisationName: "Skolan",
      lockIdleMinutes: 5,
      language: "en",
      notificationEnglish: true,
    };
    expect(mergeSettings(all, undefined).lockedByPolicy).toEqual(Object.keys(managed.properties));
  });
});
