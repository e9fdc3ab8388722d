// The pages' language: which language a setting and a browser give, and that every text table
// is complete in both languages (the types enforce the keys; this catches empty placeholders).
import { describe, expect, it } from "vitest";
import { describeError } from "../src/pages/errors.ts";
import {
  ACCOUNT_TEXT,
  COMPOSE_TEXT,
  ERROR_TEXT,
  INBOX_TEXT,
  OPTIONS_TEXT,
  POPUP_TEXT,
  resolveLang,
  showLang,
} from "../src/pages/i18n.ts";
import { SigillError } from "@sigill/client";

describe("resolving the language setting", () => {
  it.each([
    ["auto", "sv-SE", "sv"],
    ["auto", "sv", "sv"],
    ["auto", "en-GB", "en"],
    ["auto", "en-US", "en"],
    ["auto", "EN", "en"],
    ["auto", "de-DE", "sv"],
    ["auto", "nb-NO", "sv"],
    ["auto", undefined, "sv"],
    ["sv", "en-GB", "sv"],
    ["en", "sv-SE", "en"],
  ] as const)(
    "when the setting is %s and the browser asks for %s, then the pages speak %s",
    (setting, browser, lang) => {
      expect(resolveLang(setting, browser)).toBe(lang);
    },
  );

  it("when the language is shown, then the document's lang and title follow it", () => {
    const doc = { documentElement: { lang: "sv" }, title: "Sigill – konto" };
    showLang(doc, "en", ACCOUNT_TEXT.en.title);
    expect(doc).toEqual({ documentElement: { lang: "en" }, title: "Sigill – account" });
  });
});

/** Every text in a table as [path, value]; functions are called with sample values. */
function texts(table: object, path = ""): [string, string][] {
  return Object.entries(table).flatMap(([key, value]): [string, string][] => {
    const at = `${path}${key}`;
    if (typeof value === "string") return [[at, value]];
    if (typeof value === "function") return [[at, String((value as (...a: unknown[]) => unknown)(2, "X"))]];
    return texts(value as object, `${at}.`);
  });
}

describe("the pages' text tables", () => {
  const tables = { ACCOUNT_TEXT, INBOX_TEXT, OPTIONS_TEXT, POPUP_TEXT, COMPOSE_TEXT, ERROR_TEXT };

  it.each(Object.entries(tables))(
    "when %s is read in English, then it has the Swedish keys and no empty text",
    (_name, table) => {
      const sv = texts(table.sv);
      const en = texts(table.en);
      expect(en.map(([k]) => k)).toEqual(sv.map(([k]) => k));
      // "committed" is a delivered message: nothing to say in either language.
      for (const [key, value] of en) if (key !== "status.committed") expect(value, key).not.toBe("");
    },
  );
});

describe("describing an error", () => {
  it("when no language is given, then the text is Swedish as before", () => {
    expect(describeError(new SigillError("NETWORK", "fetch failed"))).toBe(
      "Sigill-servern gick inte att nå. Inget har skickats. Kontrollera nätverket och försök igen.",
    );
  });

  it.each([
    ["NETWORK", new SigillError("NETWORK", "fetch failed"), "The Sigill server could not be reached."],
    ["NOT_LOGGED_IN", new SigillError("NOT_LOGGED_IN", "401"), "You are no longer logged in."],
    ["CANCELLED", new SigillError("CANCELLED", "aborted"), "The passkey prompt was cancelled."],
    ["KEY_CHANGED", new SigillError("KEY_CHANGED", "AB12 ≠ CD34"), "before you continue: AB12 ≠ CD34"],
    [
      "KEY_GONE",
      new SigillError("KEY_GONE", "pinned 12345"),
      "no longer has a key in Sigill (the account may be disabled or removed), so nothing has been sent, not even as a link. Check with the recipient or your administrator: pinned 12345",
    ],
    ["SERVER", new SigillError("SERVER", "rate limited"), "The server replied: rate limited."],
    ["PROTOCOL", new SigillError("PROTOCOL", "bad json"), "Something went wrong."],
    ["a CryptoError", Object.assign(new Error("x"), { name: "CryptoError" }), "The code or the key is not right."],
    ["any other error", new TypeError("secret detail"), "Something went wrong."],
  ])(
    "when %s is described in English, then the person reads it in English without detail",
    (_what, error, expected) => {
      const text = describeError(error, "en");
      expect(text).toContain(expected);
      expect(text).not.toContain("secret detail");
    },
  );
});
