// UI text, Swedish first. The language follows the browser: English only when it asks for English.
export type Lang = "sv" | "en";

export function pickLang(language: string | undefined): Lang {
  return (language ?? "").toLowerCase().startsWith("en") ? "en" : "sv";
}

export const TEXT = {
  sv: {
    banner: (n: number, kinds: string) => `Känsliga personuppgifter (${String(n)}): ${kinds}`,
    fileHeading: "Bilagorna behöver granskas",
    advice: "Det här ska inte skickas som vanligt mejl. Skicka det som ett säkert meddelande i Sigill.",
    blockedTitle: "Mejlet skickades inte",
    blockedBody:
      "Det innehåller känsliga personuppgifter. Skicka det som säkert meddelande, eller ta bort uppgifterna. Inget har skickats.",
    edit: "Redigera",
    divert: "Skicka som säkert meddelande",
    override: "Skicka ändå som vanligt mejl",
    reason: "Varför ska detta skickas som vanligt mejl? Skälet sparas i loggen, utan mejlets text.",
    overrideReasons: {
      "recipient-cannot-open": "Mottagaren kan inte öppna säkra meddelanden",
      "requested-by-person": "Den det gäller har själv bett om vanligt mejl",
      "false-alarm": "Varningen är fel: mejlet har inga känsliga personuppgifter",
      urgent: "Det är bråttom och ett säkert meddelande går inte att använda just nu",
      other: "Annat skäl",
    },
    noteLabel:
      "Skriv kort varför (högst 140 tecken). Inga namn, personnummer eller andra personuppgifter: loggen sparas för alltid.",
    noteSensitive:
      "Anteckningen innehåller personuppgifter och kan inte sparas i loggen. Välj ett fast skäl eller skriv om den utan personuppgifter. Inget har skickats.",
    confirmOverride: "Skicka som vanligt mejl",
    overrideFailed: "Undantaget kunde inte registreras, så inget har skickats. Försök igen eller skicka säkert.",
    notAboutPerson: "Det här handlar inte om en enskild person",
    notAboutPersonWords: "Varningen bygger bara på de här orden:",
    notAboutPersonHelp:
      "Handlar mejlet inte om en viss elev, ett visst barn eller någon annan enskild person, till exempel om det gäller en rutin eller en allmän fråga? Då kan du skicka det som vanligt mejl. Bara typen av uppgift, till exempel hälsa, sparas i loggen – aldrig mejlets text.",
    notAboutPersonFailed: "Det gick inte att registrera, så inget har skickats. Försök igen eller skicka säkert.",
    notAboutPersonChanged:
      "Utkastet har ändrats och innehåller nu mer än ord om till exempel hälsa, så inget har skickats. Granska det och skicka säkert.",
    composeSecure: "🔒 Skicka säkert med Sigill",
    // Shown in the banner when a secure message could not be started or the draft could not be
    // read: what happened, that nothing was sent, and what to do.
    problems: {
      disconnected:
        "Sigill kunde inte skapa det säkra meddelandet: tillägget har uppdaterats eller startats om sedan sidan öppnades. Inget har skickats. Spara utkastet, ladda om sidan och försök igen.",
      "divert-failed":
        "Sigill kunde inte skapa det säkra meddelandet: tillägget svarade inte som det skulle. Inget har skickats. Försök igen. Går det inte, spara utkastet, ladda om sidan och försök igen.",
      "divert-late":
        "Det säkra meddelandet har inte öppnats än: tillägget har inte svarat. Inget har skickats. Öppnas det om en stund kan du skicka därifrån; annars spara utkastet, ladda om sidan och försök igen.",
      unreadable:
        "Sigill kunde inte läsa utkastet, så det stoppades. Inget har skickats. Spara utkastet, ladda om sidan och försök igen.",
      "scan-disconnected":
        "Sigill kunde inte granska bilagan: tillägget har uppdaterats eller startats om sedan sidan öppnades, så bilagan räknas som ogranskad. Spara utkastet och ladda om sidan.",
      "too-many-recipients":
        "Sigill kunde inte skapa det säkra meddelandet: det kan ha högst 200 mottagare i Till, Kopia och Hemlig kopia tillsammans, och utkastet har fler. Inget har skickats. Dela upp mottagarna på flera säkra meddelanden.",
      "too-long-address":
        "Sigill kunde inte skapa det säkra meddelandet: en mottagaradress är längre än en e-postadress kan vara (254 tecken). Inget har skickats. Rätta adressen och försök igen.",
      "too-long-subject":
        "Sigill kunde inte skapa det säkra meddelandet: ämnesraden är längre än 998 tecken. Inget har skickats. Korta ämnesraden och försök igen.",
      "too-long-body":
        "Sigill kunde inte skapa det säkra meddelandet: texten är längre än 8 miljoner tecken. Inget har skickats. Lägg det mesta av texten i en bilaga och försök igen.",
      "too-many-files":
        "Sigill kunde inte skapa det säkra meddelandet: utkastet har fler än 100 bilagor. Inget har skickats. Dela upp bilagorna på flera säkra meddelanden.",
    },
    dismiss: "Stäng",
    fileScanning: (name: string) => `Granskar bilagan ${name} …`,
    fileFinding: (name: string, where: string, what: string) => `${name}${where === "" ? "" : `, ${where}`}: ${what}`,
    where: { page: "sida", slide: "bild", sheet: "blad", cell: "cell", name: "filnamnet" },
    fileUnscannable: (name: string, reason: string, counts: boolean) =>
      `Bilagan ${name} kunde inte granskas (${reason}). ${counts ? "Enligt organisationens regler räknas den som känslig." : "Granska den själv innan du skickar."}`,
    reasons: {
      encrypted: "den är lösenordsskyddad",
      "image-only": "den innehåller bara bilder, ingen text",
      "too-large": "den är för stor",
      "too-many-pages": "den har för många sidor",
      corrupt: "filen är skadad eller gick inte att läsa",
      unsupported: "filtypen kan inte granskas",
      timeout: "granskningen tog för lång tid",
      "not-captured": "den fanns redan i utkastet, till exempel från ett vidarebefordrat mejl",
    },
    pointHint: "Peka på en rad (eller tabba till den) för att se var uppgiften står.",
    missing: (what: string) =>
      `Sigill hittar inte allt i det här skrivfönstret (${what}); granska själv innan du skickar.`,
    missingSend:
      "Sigill hittar ingen Skicka-knapp här och kan inte stoppa att mejlet skickas med den. Skicka inte som vanligt mejl – välj Skicka som säkert meddelande.",
    unsupported: {
      partial:
        "Sigill känner inte igen det här skrivfönstret fullt ut, så sidan stöds bara delvis: Sigill stoppar Skicka-knappen och Ctrl+Enter men kan inte lova att stoppa alla sätt att skicka. Skicka inte som vanligt mejl – välj Skicka som säkert meddelande.",
      "no-send":
        "Sigill känner inte igen det här skrivfönstret och hittar ingen Skicka-knapp, så sidan stöds inte fullt ut och Sigill kan inte stoppa att mejlet skickas. Skicka inte som vanligt mejl – välj Skicka som säkert meddelande.",
    },
  },
  en: {
    banner: (n: number, kinds: string) => `Sensitive personal data (${String(n)}): ${kinds}`,
    fileHeading: "The attachments need checking",
    advice: "This should not go out as ordinary e-mail. Send it as a Sigill secure message.",
    blockedTitle: "The e-mail was not sent",
    blockedBody:
      "It contains sensitive personal data. Send it as a secure message, or remove the data. Nothing has been sent.",
    edit: "Edit",
    divert: "Send as secure message",
    override: "Send as ordinary e-mail anyway",
    reason: "Why must this go as ordinary e-mail? The reason is kept in the log, without the mail's text.",
    overrideReasons: {
      "recipient-cannot-open": "The recipient cannot open secure messages",
      "requested-by-person": "The person concerned asked for ordinary e-mail",
      "false-alarm": "False alarm: the e-mail holds no sensitive personal data",
      urgent: "It is urgent and a secure message cannot be used right now",
      other: "Other reason",
    },
    noteLabel:
      "Say briefly why (at most 140 characters). No names, identity numbers or other personal data: the log is kept for ever.",
    noteSensitive:
      "The note holds personal data and cannot be kept in the log. Choose a fixed reason or rewrite it without personal data. Nothing has been sent.",
    confirmOverride: "Send as ordinary e-mail",
    overrideFailed: "The exception could not be recorded, so nothing was sent. Try again or send securely.",
    notAboutPerson: "This is not about an individual person",
    notAboutPersonWords: "The warning rests only on these words:",
    notAboutPersonHelp:
      "Is the e-mail not about a particular pupil, child or any other individual person, for example because it is about a routine or a general question? Then you may send it as ordinary e-mail. Only the kind of data, for example health, is kept in the log – never the e-mail's text.",
    notAboutPersonFailed: "This could not be recorded, so nothing was sent. Try again or send securely.",
    notAboutPersonChanged:
      "The draft has changed and now holds more than words about, for example, health, so nothing was sent. Check it and send securely.",
    composeSecure: "🔒 Send securely with Sigill",
    problems: {
      disconnected:
        "Sigill could not create the secure message: the extension was updated or restarted after this page was opened. Nothing has been sent. Save the draft, reload the page and try again.",
      "divert-failed":
        "Sigill could not create the secure message: the extension did not answer as it should. Nothing has been sent. Try again. If it still fails, save the draft, reload the page and try again.",
      "divert-late":
        "The secure message has not opened yet: the extension has not answered. Nothing has been sent. If it opens in a moment you can send from there; otherwise save the draft, reload the page and try again.",
      unreadable:
        "Sigill could not read the draft, so it was stopped. Nothing has been sent. Save the draft, reload the page and try again.",
      "scan-disconnected":
        "Sigill could not check the attachment: the extension was updated or restarted after this page was opened, so the attachment counts as unchecked. Save the draft and reload the page.",
      "too-many-recipients":
        "Sigill could not create the secure message: it can have at most 200 recipients in To, Cc and Bcc together, and the draft has more. Nothing has been sent. Split the recipients over several secure messages.",
      "too-long-address":
        "Sigill could not create the secure message: a recipient's address is longer than an e-mail address can be (254 characters). Nothing has been sent. Correct the address and try again.",
      "too-long-subject":
        "Sigill could not create the secure message: the subject is longer than 998 characters. Nothing has been sent. Shorten the subject and try again.",
      "too-long-body":
        "Sigill could not create the secure message: the text is longer than 8 million characters. Nothing has been sent. Put most of the text in an attachment and try again.",
      "too-many-files":
        "Sigill could not create the secure message: the draft has more than 100 attachments. Nothing has been sent. Split the attachments over several secure messages.",
    },
    dismiss: "Close",
    fileScanning: (name: string) => `Checking the attachment ${name} …`,
    fileFinding: (name: string, where: string, what: string) => `${name}${where === "" ? "" : `, ${where}`}: ${what}`,
    where: { page: "page", slide: "slide", sheet: "sheet", cell: "cell", name: "the file name" },
    fileUnscannable: (name: string, reason: string, counts: boolean) =>
      `The attachment ${name} could not be checked (${reason}). ${counts ? "Your organisation's rules count it as sensitive." : "Check it yourself before sending."}`,
    reasons: {
      encrypted: "it is password-protected",
      "image-only": "it holds only images, no text",
      "too-large": "it is too large",
      "too-many-pages": "it has too many pages",
      corrupt: "the file is damaged or could not be read",
      unsupported: "this type of file cannot be checked",
      timeout: "checking it took too long",
      "not-captured": "it was already in the draft, for example from a forwarded mail",
    },
    pointHint: "Point at a line (or tab to it) to see where the data is.",
    missing: (what: string) =>
      `Sigill cannot find everything in this compose window (${what}); check it yourself before sending.`,
    missingSend:
      "Sigill finds no Send button here and cannot stop the mail being sent with it. Do not send it as ordinary e-mail – choose Send as secure message.",
    unsupported: {
      partial:
        "Sigill does not fully recognise this compose window, so this page is only partly supported: Sigill stops the Send button and Ctrl+Enter but cannot promise to stop every way of sending. Do not send it as ordinary e-mail – choose Send as secure message.",
      "no-send":
        "Sigill does not recognise this compose window and finds no Send button, so this page is not fully supported and Sigill cannot stop the mail being sent. Do not send it as ordinary e-mail – choose Send as secure message.",
    },
  },
} as const;
