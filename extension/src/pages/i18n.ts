// The extension pages' text, Swedish first. Each page has one interface and a table per language
// typed by it, so a missing or extra translation fails typecheck. Texts with values are functions.
import { pickLang, type Lang } from "../content/messages.ts";
import type { LanguageSetting } from "../secure/settings.ts";

/** The one place the language setting becomes a language: "auto" follows the browser. */
export function resolveLang(setting: LanguageSetting, navigatorLanguage: string | undefined): Lang {
  return setting === "auto" ? pickLang(navigatorLanguage) : setting;
}

/** Marks the document with the page's language and title (screen readers, spell check, tabs). */
export function showLang(doc: { documentElement: { lang: string }; title: string }, lang: Lang, title: string): void {
  doc.documentElement.lang = lang;
  doc.title = title;
}

export interface AccountText {
  readonly title: string;
  readonly loading: string;
  readonly enrolHeading: string;
  readonly linkLabel: string;
  readonly enrol: string;
  readonly loginHeading: string;
  readonly serverLabel: string;
  /** Under the server field when IT set the server by policy. */
  readonly serverLocked: string;
  readonly login: string;
  readonly recoveryHeading: string;
  readonly recoveryAdvice: string;
  readonly recoverySaved: string;
  readonly done: string;
  readonly signedIn: string;
  readonly keysLocked: string;
  readonly unlockPasskey: string;
  readonly recoveryCodeLabel: string;
  readonly unlock: string;
  readonly unlocked: string;
  /** Before one's own key fingerprint (to compare by phone). */
  readonly ownFingerprint: string;
  readonly lostCodeHeading: string;
  readonly lostCodeWarning: string;
  readonly newKeys: string;
  readonly compose: string;
  readonly inbox: string;
  readonly logout: string;
}

export const ACCOUNT_TEXT: Record<Lang, AccountText> = {
  sv: {
    title: "Sigill – konto",
    loading: "Laddar …",
    enrolHeading: "Aktivera ditt konto",
    linkLabel: "Länken från din administratör",
    enrol: "Skapa passkey och aktivera",
    loginHeading: "Logga in",
    serverLabel: "Sigill-serverns adress",
    serverLocked: "Bestäms av din organisation. Sigill används bara med den här servern.",
    login: "Logga in med passkey",
    recoveryHeading: "Din återställningskod",
    recoveryAdvice:
      "Skriv ner koden och förvara den säkert. Den behövs om du tappar din passkey eller byter till en dator utan stöd för PRF. Den visas bara nu.",
    recoverySaved: "Jag har sparat koden på ett säkert ställe",
    done: "Klar",
    signedIn: "Inloggad",
    keysLocked: "Dina nycklar är låsta. Lås upp med din passkey eller med återställningskoden.",
    unlockPasskey: "Lås upp med passkey",
    recoveryCodeLabel: "Återställningskod",
    unlock: "Lås upp",
    unlocked: "Nycklarna är upplåsta.",
    ownFingerprint: "Ditt fingeravtryck (för den som vill jämföra per telefon):",
    lostCodeHeading: "Har du tappat bort återställningskoden?",
    lostCodeWarning:
      "Då kan du skapa nya nycklar och fortsätta använda Sigill. Meddelanden som skickades till dina gamla nycklar går inte längre att läsa. De som skriver till dig får se att din nyckel har bytts.",
    newKeys: "Skapa nya nycklar",
    compose: "Nytt säkert meddelande",
    inbox: "Säkra meddelanden",
    logout: "Logga ut",
  },
  en: {
    title: "Sigill – account",
    loading: "Loading …",
    enrolHeading: "Activate your account",
    linkLabel: "The link from your administrator",
    enrol: "Create a passkey and activate",
    loginHeading: "Log in",
    serverLabel: "Sigill server address",
    serverLocked: "Set by your organisation. Sigill is used with this server only.",
    login: "Log in with passkey",
    recoveryHeading: "Your recovery code",
    recoveryAdvice:
      "Write the code down and keep it somewhere safe. You will need it if you lose your passkey or move to a computer without PRF support. It is shown only this once.",
    recoverySaved: "I have saved the code somewhere safe",
    done: "Done",
    signedIn: "Logged in",
    keysLocked: "Your keys are locked. Unlock them with your passkey or with the recovery code.",
    unlockPasskey: "Unlock with passkey",
    recoveryCodeLabel: "Recovery code",
    unlock: "Unlock",
    unlocked: "Your keys are unlocked.",
    ownFingerprint: "Your fingerprint (for anyone who wants to compare by phone):",
    lostCodeHeading: "Lost your recovery code?",
    lostCodeWarning:
      "Then you can create new keys and go on using Sigill. Messages sent to your old keys can no longer be read. People who write to you will see that your key changed.",
    newKeys: "Create new keys",
    compose: "New secure message",
    inbox: "Secure messages",
    logout: "Log out",
  },
};

/** Message states the server reports; "committed" (delivered) needs no words. */
export type MessageStatus = "committed" | "recalled" | "expired" | "uploading";

export interface InboxText {
  readonly title: string;
  readonly loading: string;
  readonly heading: string;
  /** Followed by a link with `openAccount` and a full stop. */
  readonly signInFirst: string;
  readonly openAccount: string;
  readonly folders: string;
  readonly inbox: string;
  readonly sent: string;
  readonly empty: string;
  readonly from: (name: string) => string;
  readonly attachments: (count: number) => string;
  readonly unread: string;
  readonly status: Readonly<Record<MessageStatus, string>>;
  readonly contentGone: string;
  readonly fromAddress: (name: string, address: string) => string;
  readonly verified: string;
  readonly senderMismatch: (claimed: string, signer: string) => string;
  readonly expires: (day: string) => string;
  readonly to: (addresses: string) => string;
  readonly download: (name: string) => string;
  readonly downloading: (name: string) => string;
  readonly replyLabel: string;
  readonly sendReply: string;
  readonly replied: string;
  /** Put before a reply's subject (unless it already starts with a reply prefix). */
  readonly replyPrefix: string;
  readonly receipts: string;
  readonly notOpened: string;
  readonly opened: (day: string) => string;
  readonly lockedAfterWrongCode: string;
  readonly recall: string;
}

export const INBOX_TEXT: Record<Lang, InboxText> = {
  sv: {
    title: "Sigill – säkra meddelanden",
    loading: "Laddar …",
    heading: "Säkra meddelanden",
    signInFirst: "Logga in och lås upp dina nycklar först:",
    openAccount: "öppna kontosidan",
    folders: "Mappar",
    inbox: "Inkorg",
    sent: "Skickat",
    empty: "Inga meddelanden.",
    from: (name) => `Från ${name}`,
    attachments: (n) => `${String(n)} bilaga${n === 1 ? "" : "or"}`,
    unread: "oläst",
    status: {
      committed: "",
      recalled: "Återkallat av avsändaren",
      expired: "Har gått ut",
      uploading: "Skickas …",
    },
    contentGone: "Innehållet finns inte kvar.",
    fromAddress: (name, address) => `Från ${name} (${address})`,
    verified: "avsändaren är verifierad",
    senderMismatch: (claimed, signer) =>
      `Varning: meddelandet påstår att det kommer från ${claimed}, men det är signerat av ${signer}. Lita inte på innehållet; svar går till ${signer}.`,
    expires: (day) => `går ut ${day}`,
    to: (addresses) => `Till: ${addresses}`,
    download: (name) => `Ladda ner ${name}`,
    downloading: (name) => `Hämtar och dekrypterar ${name} …`,
    replyLabel: "Svara säkert",
    sendReply: "Skicka svar",
    replied: "Svaret skickades säkert.",
    replyPrefix: "Sv:",
    receipts: "Läst",
    notOpened: "inte öppnat",
    opened: (day) => `öppnat ${day}`,
    lockedAfterWrongCode: "låst efter fel kod",
    recall: "Återkalla",
  },
  en: {
    title: "Sigill – secure messages",
    loading: "Loading …",
    heading: "Secure messages",
    signInFirst: "Log in and unlock your keys first:",
    openAccount: "open the account page",
    folders: "Folders",
    inbox: "Inbox",
    sent: "Sent",
    empty: "No messages.",
    from: (name) => `From ${name}`,
    attachments: (n) => `${String(n)} attachment${n === 1 ? "" : "s"}`,
    unread: "unread",
    status: {
      committed: "",
      recalled: "Recalled by the sender",
      expired: "Expired",
      uploading: "Sending …",
    },
    contentGone: "The content is no longer available.",
    fromAddress: (name, address) => `From ${name} (${address})`,
    verified: "the sender is verified",
    senderMismatch: (claimed, signer) =>
      `Warning: the message claims to come from ${claimed}, but it is signed by ${signer}. Do not trust its content; replies go to ${signer}.`,
    expires: (day) => `expires ${day}`,
    to: (addresses) => `To: ${addresses}`,
    download: (name) => `Download ${name}`,
    downloading: (name) => `Fetching and decrypting ${name} …`,
    replyLabel: "Reply securely",
    sendReply: "Send reply",
    replied: "Your reply was sent securely.",
    replyPrefix: "Re:",
    receipts: "Read",
    notOpened: "not opened",
    opened: (day) => `opened ${day}`,
    lockedAfterWrongCode: "locked after a wrong code",
    recall: "Recall",
  },
};

export interface OptionsText {
  readonly title: string;
  readonly heading: string;
  readonly lockedByPolicy: string;
  readonly serverLabel: string;
  readonly organisationLabel: string;
  readonly idleLabel: string;
  readonly languageLabel: string;
  readonly languages: Readonly<Record<LanguageSetting, string>>;
  readonly notificationEnglishLabel: string;
  readonly save: string;
  readonly saved: string;
}

export const OPTIONS_TEXT: Record<Lang, OptionsText> = {
  sv: {
    title: "Sigill – inställningar",
    heading: "Inställningar för Sigill",
    lockedByPolicy: "Bestäms av din organisation.",
    serverLabel: "Sigill-serverns adress",
    organisationLabel: "Organisationens namn (i aviseringsmejl)",
    idleLabel: "Lås nycklarna efter (minuter utan användning)",
    languageLabel: "Språk",
    languages: { auto: "Som webbläsaren", sv: "Svenska", en: "English (engelska)" },
    notificationEnglishLabel: "Aviseringsmejl även på engelska (efter den svenska texten)",
    save: "Spara",
    saved: "Sparat.",
  },
  en: {
    title: "Sigill – settings",
    heading: "Sigill settings",
    lockedByPolicy: "Set by your organisation.",
    serverLabel: "Sigill server address",
    organisationLabel: "Organisation name (in notification e-mails)",
    idleLabel: "Lock the keys after (minutes without use)",
    languageLabel: "Language",
    languages: { auto: "Same as the browser", sv: "Svenska (Swedish)", en: "English" },
    notificationEnglishLabel: "Notification e-mails in English too (after the Swedish text)",
    save: "Save",
    saved: "Saved.",
  },
};

export interface PopupText {
  readonly title: string;
  readonly compose: string;
  readonly account: string;
  readonly inbox: string;
  readonly unlock: string;
  readonly loggedOut: string;
  readonly locked: (email: string) => string;
  readonly unlocked: (email: string) => string;
  readonly diversions: string;
  readonly noDiversions: string;
  readonly diversion: (time: string, kinds: string, host: string) => string;
}

export const POPUP_TEXT: Record<Lang, PopupText> = {
  sv: {
    title: "Sigill",
    compose: "Nytt säkert meddelande",
    account: "Konto och inloggning",
    inbox: "Inkorg",
    unlock: "Lås upp",
    loggedOut: "Inte inloggad.",
    locked: (email) => `Inloggad som ${email}. Nycklarna är låsta.`,
    unlocked: (email) => `Inloggad som ${email}. Upplåst.`,
    diversions: "Senaste avledningar",
    noDiversions: "Inga mejl har letts om till säkra meddelanden i den här webbläsarsessionen.",
    diversion: (time, kinds, host) => `${time}: ${kinds} (${host})`,
  },
  en: {
    title: "Sigill",
    compose: "New secure message",
    account: "Account and login",
    inbox: "Inbox",
    unlock: "Unlock",
    loggedOut: "Not logged in.",
    locked: (email) => `Logged in as ${email}. The keys are locked.`,
    unlocked: (email) => `Logged in as ${email}. Unlocked.`,
    diversions: "Recent diversions",
    noDiversions: "No e-mail has been diverted to a secure message in this browser session.",
    diversion: (time, kinds, host) => `${time}: ${kinds} (${host})`,
  },
};

export interface ComposeText {
  readonly title: string;
  readonly loading: string;
  readonly heading: string;
  /** Followed by a link with `openAccount` and a full stop. */
  readonly signInFirst: string;
  readonly openAccount: string;
  readonly sentHeading: string;
  /** The webmail sent the content-free notification. */
  readonly deliverySent: string;
  /** The webmail draft has attachments, so the notification was not sent. */
  readonly deliveryBlockedByAttachments: string;
  /** The webmail could not be told to send; the notification text is shown below. */
  readonly deliveryFailed: string;
  readonly sentStatus: (lastDay: string) => string;
  readonly invitationsHeading: string;
  readonly invitationsAdvice: string;
  /** Before an invitation's access code: "– kod: 1234-5678". */
  readonly accessCode: string;
  readonly toLabel: string;
  readonly ccLabel: string;
  readonly bccLabel: string;
  readonly subjectLabel: string;
  readonly bodyLabel: string;
  /** While the files of a diverted webmail draft are brought over. */
  readonly carrying: string;
  /** The progress bar's label while carrying them. */
  readonly carryingProgress: string;
  /** Draft files that could not be brought over, by name (joined with ", "). */
  readonly unreadable: (names: string) => string;
  /** The list of files that will go encrypted. */
  readonly filesList: string;
  readonly fileScanning: string;
  readonly fileClean: string;
  readonly fileFindings: (kinds: string) => string;
  readonly fileUnscannable: (reason: string) => string;
  readonly remove: string;
  /** The remove button's accessible name for one file. */
  readonly removeFile: (name: string) => string;
  readonly filesLabel: string;
  readonly requireCode: string;
  /** Why the access code box is ticked and locked; `kinds` are lower-case kind names, possibly none. */
  readonly codeForced: (kinds: readonly string[]) => string;
  readonly expiryLabel: string;
  readonly days: (count: number) => string;
  readonly uploadProgress: string;
  readonly send: string;
  /** The recipients' keys before sending (issue 18): first use, known, changed, or invited by link. */
  readonly keysHeading: string;
  readonly keyInvitation: (address: string) => string;
  readonly keyNew: (address: string, fingerprint: string) => string;
  readonly keySame: (address: string) => string;
  readonly keyChanged: (address: string, pinned: string, now: string) => string;
  readonly keyAccept: (address: string) => string;
  readonly keyForget: (address: string) => string;
  readonly keyGone: (address: string, pinned: string) => string;
  readonly keysCompare: string;
  /** After sending: recipients whose key was used for the first time. */
  readonly firstUseHeading: string;
}

export const COMPOSE_TEXT: Record<Lang, ComposeText> = {
  sv: {
    title: "Sigill – nytt säkert meddelande",
    loading: "Laddar …",
    heading: "Nytt säkert meddelande",
    signInFirst: "Logga in och lås upp dina nycklar först:",
    openAccount: "öppna kontosidan",
    sentHeading: "Skickat säkert",
    deliverySent: "Aviseringen (utan innehåll) skickades från din e-post. Utkastet innehåller inget känsligt längre.",
    deliveryBlockedByAttachments:
      "Bilagorna i utkastet i din e-post gick inte att ta bort, och de skulle skickas okrypterade, så aviseringen skickades inte. Ta bort bilagorna ur utkastet och skicka sedan aviseringen, som redan står i utkastet.",
    deliveryFailed:
      "Aviseringen kunde inte skickas från din e-post automatiskt. Kopiera texten nedan till mejlet och skicka det själv.",
    sentStatus: (lastDay) => `Meddelandet är krypterat och skickat. Det går att läsa till och med ${lastDay}.`,
    invitationsHeading: "Nya mottagare",
    invitationsAdvice:
      "Skicka länken med ditt vanliga mejl (texten nedan innehåller inget känsligt). Ge koden per telefon eller sms, aldrig i samma mejl.",
    keysHeading: "Mottagarnas nycklar",
    keyInvitation: (address) => `${address}: får en länk (har inget konto än).`,
    keyNew: (address, fp) => `${address}: första gången du skriver till den här nyckeln. Fingeravtryck ${fp}.`,
    keySame: (address) => `${address}: samma nyckel som förut.`,
    keyChanged: (address, pinned, now) =>
      `${address}: nyckeln har bytts (förut ${pinned}, nu ${now}). Meddelandet skickas inte förrän du har kontrollerat med mottagaren.`,
    keyAccept: (address) => `Jag har jämfört det nya fingeravtrycket med ${address}: använd den nya nyckeln`,
    keyForget: (address) => `Jag har kontrollerat med ${address}: glöm den gamla nyckeln och skicka en länk`,
    keyGone: (address, pinned) =>
      `${address}: du har skrivit till den här mottagarens nyckel förut (${pinned}), men Sigill har ingen nyckel för adressen längre. Kontot kan vara avstängt eller borttaget. Meddelandet skickas inte, inte heller som länk: kontrollera med mottagaren eller din administratör.`,
    keysCompare:
      "Vill du vara helt säker? Ring mottagaren och jämför fingeravtrycket med det som står på mottagarens kontosida.",
    firstUseHeading: "Nya nycklar som nu är sparade",
    accessCode: "kod:",
    toLabel: "Till",
    ccLabel: "Kopia",
    bccLabel: "Hemlig kopia",
    subjectLabel: "Ämne",
    bodyLabel: "Meddelande",
    carrying: "Hämtar bilagorna från utkastet i din e-post …",
    carryingProgress: "Bilagor från utkastet",
    unreadable: (names) =>
      `De här bilagorna i utkastet kunde inte tas med: ${names}. Lägg till dem här nedan om de ska med. De tas bort ur utkastet i din e-post när det säkra meddelandet har skickats.`,
    filesList: "Bilagor som skickas krypterade",
    fileScanning: "– granskas …",
    fileClean: "– inga känsliga uppgifter hittade",
    fileFindings: (kinds) => `– innehåller ${kinds} (skickas krypterad)`,
    fileUnscannable: (reason) => `– kunde inte granskas: ${reason}`,
    remove: "Ta bort",
    removeFile: (name) => `Ta bort ${name}`,
    filesLabel: "Bilagor",
    requireCode: "Kräv kod för mottagare utan konto",
    codeForced: (kinds) =>
      kinds.length > 0
        ? `Organisationens regler kräver kod när meddelandet innehåller ${kinds.join(", ")}.`
        : "Organisationens regler kräver kod.",
    expiryLabel: "Går att läsa i",
    days: (n) => (n === 1 ? "1 dag" : `${String(n)} dagar`),
    uploadProgress: "Uppladdning",
    send: "Skicka säkert",
  },
  en: {
    title: "Sigill – new secure message",
    loading: "Loading …",
    heading: "New secure message",
    signInFirst: "Log in and unlock your keys first:",
    openAccount: "open the account page",
    sentHeading: "Sent securely",
    deliverySent:
      "The notification (without the content) was sent from your e-mail. The draft no longer contains anything sensitive.",
    deliveryBlockedByAttachments:
      "The attachments in the draft in your e-mail could not be removed, and they would be sent unencrypted, so the notification was not sent. Remove the attachments from the draft, then send the notification, which is already in the draft.",
    deliveryFailed:
      "The notification could not be sent from your e-mail automatically. Copy the text below into the e-mail and send it yourself.",
    sentStatus: (lastDay) => `The message is encrypted and sent. It can be read up to and including ${lastDay}.`,
    invitationsHeading: "New recipients",
    invitationsAdvice:
      "Send the link with your ordinary e-mail (the text below contains nothing sensitive). Give the code by phone or text message, never in the same e-mail.",
    keysHeading: "The recipients' keys",
    keyInvitation: (address) => `${address}: gets a link (no account yet).`,
    keyNew: (address, fp) => `${address}: the first time you write to this key. Fingerprint ${fp}.`,
    keySame: (address) => `${address}: the same key as before.`,
    keyChanged: (address, pinned, now) =>
      `${address}: the key has changed (was ${pinned}, now ${now}). The message is not sent until you have checked with the recipient.`,
    keyAccept: (address) => `I have compared the new fingerprint with ${address}: use the new key`,
    keyForget: (address) => `I have checked with ${address}: forget the old key and send a link`,
    keyGone: (address, pinned) =>
      `${address}: you have written to this recipient's key before (${pinned}), but Sigill no longer has a key for the address. The account may be disabled or removed. The message is not sent, not even as a link: check with the recipient or your administrator.`,
    keysCompare: "Want to be sure? Call the recipient and compare the fingerprint with the one on their account page.",
    firstUseHeading: "New keys, now remembered",
    accessCode: "code:",
    toLabel: "To",
    ccLabel: "Cc",
    bccLabel: "Bcc",
    subjectLabel: "Subject",
    bodyLabel: "Message",
    carrying: "Fetching the attachments from the draft in your e-mail …",
    carryingProgress: "Attachments from the draft",
    unreadable: (names) =>
      `These attachments in the draft could not be brought over: ${names}. Add them below if they should go with the message. They are removed from the draft in your e-mail once the secure message has been sent.`,
    filesList: "Attachments sent encrypted",
    fileScanning: "– being checked …",
    fileClean: "– no sensitive data found",
    fileFindings: (kinds) => `– contains ${kinds} (sent encrypted)`,
    fileUnscannable: (reason) => `– could not be checked: ${reason}`,
    remove: "Remove",
    removeFile: (name) => `Remove ${name}`,
    filesLabel: "Attachments",
    requireCode: "Require a code for recipients without an account",
    codeForced: (kinds) =>
      kinds.length > 0
        ? `Your organisation's rules require a code when the message contains ${kinds.join(", ")}.`
        : "Your organisation's rules require a code.",
    expiryLabel: "Can be read for",
    days: (n) => (n === 1 ? "1 day" : `${String(n)} days`),
    uploadProgress: "Upload",
    send: "Send securely",
  },
};

export interface ErrorText {
  readonly network: string;
  readonly notLoggedIn: string;
  readonly cancelled: string;
  readonly keyChanged: (fingerprints: string) => string;
  readonly keyGone: (detail: string) => string;
  readonly tooManyRecipients: string;
  readonly server: (answer: string) => string;
  /** A link or login over plain http (only localhost may use http). */
  readonly insecureServer: string;
  /** A link or login for another server than `expected`, the one IT set by policy. */
  readonly serverNotAllowed: (expected: string) => string;
  readonly serverPolicyBroken: string;
  readonly wrongCode: string;
  readonly unknown: string;
}

export const ERROR_TEXT: Record<Lang, ErrorText> = {
  sv: {
    network: "Sigill-servern gick inte att nå. Inget har skickats. Kontrollera nätverket och försök igen.",
    notLoggedIn: "Du är inte inloggad längre. Logga in igen; inget har skickats.",
    cancelled: "Passkey-frågan avbröts. Försök igen när du är redo.",
    keyChanged: (fingerprints) =>
      `Mottagarens nyckel har ändrats sedan sist, så inget har skickats. Jämför fingeravtrycken med mottagaren innan du fortsätter: ${fingerprints}`,
    keyGone: (detail) =>
      `En mottagare du har skrivit till förut har ingen nyckel i Sigill längre (kontot kan vara avstängt eller borttaget), så inget har skickats, inte heller som länk. Kontrollera med mottagaren eller din administratör: ${detail}`,
    tooManyRecipients:
      "Ett säkert meddelande kan ha högst 200 mottagare (Till, Kopia och Hemlig kopia tillsammans), så inget har skickats. Dela upp mottagarna på flera säkra meddelanden.",
    server: (answer) => `Servern svarade: ${answer}. Inget har skickats som vanligt mejl.`,
    insecureServer:
      "Sigill-servern måste nås över https. Adressen eller länken används inte och inget har sparats. Kontrollera den med din IT-avdelning.",
    serverNotAllowed: (expected) =>
      `Din organisation använder Sigill-servern ${expected}. Länken eller adressen går till en annan server, så den används inte och inget har sparats. Har du fått länken i ett mejl du inte väntade dig, kontakta din IT-avdelning.`,
    serverPolicyBroken:
      "Din organisations inställning för Sigill-servern går inte att läsa, så ingen inloggning görs. Kontakta din IT-avdelning.",
    wrongCode: "Koden eller nyckeln stämmer inte. Försök igen.",
    unknown: "Något gick fel. Inget har skickats som vanligt mejl.",
  },
  en: {
    network: "The Sigill server could not be reached. Nothing has been sent. Check the network and try again.",
    notLoggedIn: "You are no longer logged in. Log in again; nothing has been sent.",
    cancelled: "The passkey prompt was cancelled. Try again when you are ready.",
    keyChanged: (fingerprints) =>
      `The recipient's key has changed since last time, so nothing has been sent. Compare the fingerprints with the recipient before you continue: ${fingerprints}`,
    keyGone: (detail) =>
      `A recipient you have written to before no longer has a key in Sigill (the account may be disabled or removed), so nothing has been sent, not even as a link. Check with the recipient or your administrator: ${detail}`,
    tooManyRecipients:
      "A secure message can have at most 200 recipients (To, Cc and Bcc together), so nothing has been sent. Split the recipients over several secure messages.",
    server: (answer) => `The server replied: ${answer}. Nothing has been sent as ordinary e-mail.`,
    insecureServer:
      "The Sigill server must be reached over https. The address or link is not used and nothing has been saved. Check it with your IT department.",
    serverNotAllowed: (expected) =>
      `Your organisation uses the Sigill server ${expected}. The link or address is for another server, so it is not used and nothing has been saved. If the link came in an e-mail you did not expect, contact your IT department.`,
    serverPolicyBroken:
      "Your organisation's setting for the Sigill server cannot be read, so no login is made. Contact your IT department.",
    wrongCode: "The code or the key is not right. Try again.",
    unknown: "Something went wrong. Nothing has been sent as ordinary e-mail.",
  },
};
