// UI text, Swedish first. The language follows the browser: English only when it asks for English.
export type Lang = "sv" | "en";

export function pickLang(language: string | undefined): Lang {
  return (language ?? "").toLowerCase().startsWith("en") ? "en" : "sv";
}

export const TEXT = {
  sv: {
    banner: (n: number, kinds: string) => `Känsliga personuppgifter (${String(n)}): ${kinds}`,
    advice: "Det här ska inte skickas som vanligt mejl. Skicka det som ett säkert meddelande i Sigill.",
    blockedTitle: "Mejlet skickades inte",
    blockedBody:
      "Det innehåller känsliga personuppgifter. Skicka det som säkert meddelande, eller ta bort uppgifterna. Inget har skickats.",
    edit: "Redigera",
    divert: "Skicka som säkert meddelande",
    override: "Skicka ändå som vanligt mejl",
    reason: "Varför ska detta skickas som vanligt mejl? (sparas i loggen, utan mejlets text)",
    confirmOverride: "Skicka som vanligt mejl",
    overrideFailed: "Undantaget kunde inte registreras, så inget har skickats. Försök igen eller skicka säkert.",
    composeSecure: "🔒 Skicka säkert med Sigill",
    pointHint: "Peka på en rad (eller tabba till den) för att se var uppgiften står.",
    missing: (what: string) =>
      `Sigill hittar inte allt i det här skrivfönstret (${what}); granska själv innan du skickar.`,
  },
  en: {
    banner: (n: number, kinds: string) => `Sensitive personal data (${String(n)}): ${kinds}`,
    advice: "This should not go out as ordinary e-mail. Send it as a Sigill secure message.",
    blockedTitle: "The e-mail was not sent",
    blockedBody:
      "It contains sensitive personal data. Send it as a secure message, or remove the data. Nothing has been sent.",
    edit: "Edit",
    divert: "Send as secure message",
    override: "Send as ordinary e-mail anyway",
    reason: "Why must this go as ordinary e-mail? (kept in the log, without the mail's text)",
    confirmOverride: "Send as ordinary e-mail",
    overrideFailed: "The exception could not be recorded, so nothing was sent. Try again or send securely.",
    composeSecure: "🔒 Send securely with Sigill",
    pointHint: "Point at a line (or tab to it) to see where the data is.",
    missing: (what: string) =>
      `Sigill cannot find everything in this compose window (${what}); check it yourself before sending.`,
  },
} as const;
