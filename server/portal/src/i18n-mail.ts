// The texts of the message pages (a recipient's link, the inbox, reading and replying, unlocking),
// Swedish first. Kept apart from the admin console's texts in i18n.ts; the same keys in both tables.
import type { Lang } from "./i18n.ts";

export interface MailText {
  readonly inboxLink: string;
  readonly toInbox: string;
  // The message link (/m/<id>#<secret>)
  readonly linkTitle: string;
  readonly linkFrom: (sender: string, organisation: string) => string;
  readonly linkExpires: (date: string) => string;
  readonly linkWhat: string;
  readonly firstTimeHeading: string;
  readonly firstTimeHelp: string;
  readonly codeAhead: string;
  readonly address: string;
  readonly confirmAddress: string;
  readonly mailboxCodeHeading: string;
  readonly mailboxCodeHelp: (address: string, minutes: number) => string;
  readonly mailboxCodeLabel: string;
  readonly newMailboxCode: string;
  readonly mailboxCodeSent: string;
  readonly returningHeading: string;
  readonly returningHelp: string;
  readonly passkeyHeading: string;
  readonly passkeyWhat: string;
  readonly passkeyPhone: string;
  readonly passkeyFor: (address: string) => string;
  readonly createPasskey: string;
  readonly recoveryHeading: string;
  readonly recoveryWhy: string;
  readonly recoveryCodeLabel: string;
  readonly recoverySave: string;
  readonly recoverySaved: string;
  readonly continue: string;
  readonly recoveryDone: string;
  readonly codeHeading: string;
  readonly codeHelp: string;
  readonly codeLabel: string;
  readonly open: string;
  readonly opening: string;
  readonly recalledTitle: string;
  readonly recalled: string;
  readonly expiredTitle: string;
  readonly expired: string;
  readonly badLinkTitle: string;
  readonly noMessageTitle: string;
  readonly lockedTitle: string;
  readonly contactSender: string;
  // Unlocking
  readonly unlockHeading: string;
  readonly unlockHelp: string;
  readonly unlockPasskey: string;
  readonly unlockCodeLabel: string;
  readonly unlockCode: string;
  readonly passkeyUnlocks: string;
  readonly lostCodeHeading: string;
  readonly lostCodeWarning: string;
  readonly newKeys: string;
  readonly loginHeading: string;
  // Inbox and reading
  readonly inboxTitle: string;
  readonly received: string;
  readonly sent: string;
  readonly noMessages: string;
  readonly from: string;
  readonly to: string;
  readonly date: string;
  readonly state: string;
  readonly files: string;
  readonly unread: string;
  readonly read: string;
  readonly states: Readonly<Record<string, string>>;
  readonly openMessage: (sender: string, date: string) => string;
  readonly openSent: (date: string) => string;
  readonly threadTitle: string;
  readonly verified: (name: string, organisation: string) => string;
  readonly senderMismatch: (claimed: string, signer: string) => string;
  readonly ownFingerprint: string;
  readonly expires: (date: string) => string;
  readonly withdrawnNotice: string;
  readonly expiredNotice: string;
  readonly attachments: string;
  readonly download: (name: string, size: string) => string;
  readonly downloading: (name: string, percent: number) => string;
  readonly downloaded: (name: string) => string;
  readonly receipts: string;
  readonly openedAt: (who: string, when: string) => string;
  readonly notOpened: (who: string) => string;
  readonly replyHeading: (name: string) => string;
  readonly replyText: string;
  readonly replyFiles: string;
  readonly replyHelp: string;
  readonly sendReply: string;
  readonly sending: (percent: number) => string;
  readonly replied: string;
  readonly back: string;
  readonly errors: Readonly<Record<string, string>>;
}

export const MAIL_TEXT: Record<Lang, MailText> = {
  sv: {
    inboxLink: "Mina säkra meddelanden",
    toInbox: "Till mina säkra meddelanden",
    linkTitle: "Du har fått ett säkert meddelande",
    linkFrom: (sender, org) => `${sender} (${org}) har skickat ett meddelande till dig genom Sigill.`,
    linkExpires: (date) => `Meddelandet går att läsa till och med ${date}.`,
    linkWhat:
      "Sigill används av skolor och förskolor för att skicka personuppgifter krypterade i stället för som vanlig e-post. Bara du och avsändaren kan läsa meddelandet. Sigill ber aldrig om lösenord.",
    firstTimeHeading: "Första gången",
    firstTimeHelp:
      "Skriv den e-postadress som meddelandet skickades till. Vi mejlar en kod dit som visar att adressen är din. Sedan skapar du en passkey; det tar en minut.",
    codeAhead: "Om avsändaren har gett dig en kod (per telefon eller sms) behöver du den också.",
    address: "Din e-postadress",
    confirmAddress: "Skicka kod till min e-post",
    mailboxCodeHeading: "Ange koden från mejlet",
    mailboxCodeHelp: (address, minutes) =>
      `Om meddelandet skickades till ${address} har vi nu mejlat en kod dit. Den gäller i ${String(minutes)} minuter. Hittar du inte mejlet, titta i skräpposten.`,
    mailboxCodeLabel: "Kod från mejlet (åtta siffror)",
    newMailboxCode: "Skicka en ny kod",
    mailboxCodeSent: "En ny kod är skickad.",
    returningHeading: "Har du använt Sigill förut?",
    returningHelp: "Logga in med den passkey du skapade förra gången.",
    passkeyHeading: "Skapa en passkey",
    passkeyWhat:
      "En passkey är en nyckel som sparas i din dator eller telefon. Du låser upp den som du låser upp enheten: med fingeravtryck, ansikte eller PIN-kod. Du behöver inget lösenord, och ingen annan kan logga in som du.",
    passkeyPhone:
      "På en telefon: tryck på knappen och följ telefonens fråga. På en dator utan fingeravtrycksläsare kan du välja ”Använd en telefon” och skanna QR-koden med telefonen.",
    passkeyFor: (address) => `Passkeyn gäller ${address}.`,
    createPasskey: "Skapa passkey",
    recoveryHeading: "Spara din återställningskod",
    recoveryWhy:
      "Koden låser upp dina meddelanden om du tappar bort din passkey eller byter enhet. Skriv ner den eller spara den på ett säkert ställe. Den visas bara nu och Sigill kan inte återskapa den.",
    recoveryCodeLabel: "Återställningskod",
    recoverySave: "Spara som textfil",
    recoverySaved: "Jag har sparat koden",
    continue: "Fortsätt till meddelandet",
    recoveryDone: "Fortsätt",
    codeHeading: "Ange koden från avsändaren",
    codeHelp:
      "Avsändaren har skyddat meddelandet med en kod som du har fått per telefon eller sms. Efter fem felaktiga försök låses meddelandet och du får be avsändaren om en ny kod.",
    codeLabel: "Kod från avsändaren (tolv siffror)",
    open: "Öppna meddelandet",
    opening: "Öppnar …",
    recalledTitle: "Meddelandet har dragits tillbaka",
    recalled: "Avsändaren har dragit tillbaka meddelandet. Kontakta avsändaren om du behöver det.",
    expiredTitle: "Meddelandet har gått ut",
    expired: "Tiden för att läsa meddelandet har gått ut och det är raderat. Kontakta avsändaren om du behöver det.",
    badLinkTitle: "Länken är ofullständig",
    noMessageTitle: "Meddelandet finns inte",
    lockedTitle: "Meddelandet är låst",
    contactSender: "Kontakta avsändaren, som kan skicka en ny inbjudan.",
    unlockHeading: "Lås upp dina meddelanden",
    unlockHelp:
      "Meddelandena dekrypteras här i webbläsaren med din nyckel. Lås upp den med din passkey, eller med återställningskoden om passkeyn inte kan låsa upp på den här enheten.",
    unlockPasskey: "Lås upp med passkey",
    unlockCodeLabel: "Återställningskod",
    unlockCode: "Lås upp med koden",
    passkeyUnlocks: "Den låser också upp dina meddelanden.",
    lostCodeHeading: "Har du tappat bort återställningskoden?",
    lostCodeWarning:
      "Då kan du skapa nya nycklar och fortsätta använda Sigill. Meddelanden som skickades till dina gamla nycklar går inte längre att läsa – be avsändarna skicka dem igen. De som skriver till dig får se att din nyckel har bytts.",
    newKeys: "Skapa nya nycklar",
    loginHeading: "Logga in för att läsa",
    inboxTitle: "Mina säkra meddelanden",
    received: "Mottagna",
    sent: "Skickade",
    noMessages: "Inga meddelanden.",
    from: "Från",
    to: "Till",
    date: "Skickat",
    state: "Status",
    files: "Bilagor",
    unread: "Oläst",
    read: "Läst",
    states: { committed: "", recalled: "Tillbakadraget", expired: "Utgånget", uploading: "Skickas" },
    openMessage: (sender, date) => `Öppna meddelandet från ${sender}, ${date}`,
    openSent: (date) => `Öppna meddelandet du skickade ${date}`,
    threadTitle: "Meddelande",
    verified: (name, org) => `Från ${name} (${org}). Avsändaren är kontrollerad med sin digitala signatur.`,
    ownFingerprint: "Ditt fingeravtryck (för den som vill jämföra per telefon):",
    senderMismatch: (claimed, signer) =>
      `Varning: meddelandet påstår att det kommer från ${claimed}, men det är signerat av ${signer}. Lita inte på innehållet och kontakta ${signer} eller din skola.`,
    expires: (date) => `Går att läsa till och med ${date}.`,
    withdrawnNotice: "Det här meddelandet har dragits tillbaka av avsändaren.",
    expiredNotice: "Det här meddelandet har gått ut och är raderat.",
    attachments: "Bilagor",
    download: (name, size) => `Ladda ned ${name} (${size})`,
    downloading: (name, percent) => `Laddar ned ${name}: ${String(percent)} %`,
    downloaded: (name) => `${name} är nedladdad och kontrollerad.`,
    receipts: "Läst av",
    openedAt: (who, when) => `${who}: läst ${when}`,
    notOpened: (who) => `${who}: inte läst ännu`,
    replyHeading: (name) => `Svara ${name}`,
    replyText: "Ditt svar",
    replyFiles: "Bifoga filer",
    replyHelp:
      "Svaret krypteras här i webbläsaren innan det skickas. Avsändaren får ett e-postmeddelande om att du har svarat.",
    sendReply: "Skicka svar",
    sending: (percent) => `Skickar … ${String(percent)} %`,
    replied: "Ditt svar är skickat.",
    back: "Tillbaka till meddelandena",
    errors: {
      NOT_FOUND: "Meddelandet skickades inte till den adressen, eller finns inte. Kontrollera adressen.",
      INVITATION_LOCKED:
        "För många felaktiga koder: meddelandet är låst. Kontakta avsändaren, som kan skicka en ny kod.",
      INVITATION_NOT_PROVEN:
        "Meddelandet skickades med länk innan ditt konto fanns. Be avsändaren skicka det igen till ditt Sigill-konto.",
      MAIL_UNAVAILABLE:
        "Servern kan inte skicka e-post just nu, så du kan inte få någon kod. Kontakta avsändaren eller organisationens IT-stöd.",
      ACCESS_CODE_REQUIRED: "Ange koden som avsändaren gav dig.",
      ACCESS_CODE_WRONG: "Koden stämmer inte. Kontrollera den och försök igen; efter fem försök låses meddelandet.",
      ACCOUNT_EXISTS: "Du har redan ett konto i Sigill. Logga in med din passkey i stället.",
      MAILBOX_CODE_WRONG:
        "Koden stämmer inte, har gått ut eller är redan använd. Kontrollera mejlet eller skicka en ny kod.",
      BAD_CODE: "Koden från avsändaren har tolv siffror. Kontrollera den och försök igen.",
      RATE_LIMITED: "För många försök. Vänta en stund och försök igen.",
      BAD_LINK: "Länken är ofullständig eller skadad. Öppna den direkt från e-postmeddelandet (hela länken behövs).",
      NO_PRF: "Den här passkeyn kan inte låsa upp dina meddelanden på den här enheten. Använd din återställningskod.",
      KEY_CHANGED: "Avsändarens nyckel har bytts sedan förra gången. Kontakta avsändaren innan du svarar.",
      PROTOCOL: "Meddelandet kunde inte kontrolleras och visas inte. Kontakta avsändaren.",
      DECRYPT_FAILED: "Filen eller koden stämmer inte. Ingenting sparades.",
      EXPIRY_INVALID: "Meddelandet du svarar på har gått ut.",
      NOT_LOGGED_IN: "Du är utloggad. Logga in igen.",
    },
  },
  en: {
    inboxLink: "My secure messages",
    toInbox: "To my secure messages",
    linkTitle: "You have received a secure message",
    linkFrom: (sender, org) => `${sender} (${org}) has sent you a message through Sigill.`,
    linkExpires: (date) => `The message can be read until ${date}.`,
    linkWhat:
      "Schools and preschools use Sigill to send personal data encrypted instead of as ordinary e-mail. Only you and the sender can read the message. Sigill never asks for passwords.",
    firstTimeHeading: "First time",
    firstTimeHelp:
      "Enter the e-mail address the message was sent to. We e-mail a code there that shows the address is yours. Then you create a passkey; it takes a minute.",
    codeAhead: "If the sender gave you a code (by phone or text message), you will need it too.",
    address: "Your e-mail address",
    confirmAddress: "Send a code to my e-mail",
    mailboxCodeHeading: "Enter the code from the e-mail",
    mailboxCodeHelp: (address, minutes) =>
      `If the message was sent to ${address}, we have now e-mailed a code there. It is valid for ${String(minutes)} minutes. If you cannot find the e-mail, look in the spam folder.`,
    mailboxCodeLabel: "Code from the e-mail (eight digits)",
    newMailboxCode: "Send a new code",
    mailboxCodeSent: "A new code has been sent.",
    returningHeading: "Used Sigill before?",
    returningHelp: "Log in with the passkey you created last time.",
    passkeyHeading: "Create a passkey",
    passkeyWhat:
      "A passkey is a key kept on your computer or phone. You unlock it the way you unlock the device: fingerprint, face or PIN. You need no password, and nobody else can log in as you.",
    passkeyPhone:
      "On a phone: press the button and follow the phone's prompt. On a computer without a fingerprint reader you can choose “Use a phone” and scan the QR code with your phone.",
    passkeyFor: (address) => `The passkey is for ${address}.`,
    createPasskey: "Create passkey",
    recoveryHeading: "Save your recovery code",
    recoveryWhy:
      "The code unlocks your messages if you lose your passkey or change device. Write it down or keep it somewhere safe. It is shown only now and Sigill cannot recreate it.",
    recoveryCodeLabel: "Recovery code",
    recoverySave: "Save as a text file",
    recoverySaved: "I have saved the code",
    continue: "Continue to the message",
    recoveryDone: "Continue",
    codeHeading: "Enter the code from the sender",
    codeHelp:
      "The sender protected the message with a code you received by phone or text message. After five wrong tries the message is locked and you need to ask the sender for a new code.",
    codeLabel: "Code from the sender (twelve digits)",
    open: "Open the message",
    opening: "Opening …",
    recalledTitle: "The message was withdrawn",
    recalled: "The sender has withdrawn the message. Contact the sender if you need it.",
    expiredTitle: "The message has expired",
    expired: "The time to read the message is over and it has been deleted. Contact the sender if you need it.",
    badLinkTitle: "The link is incomplete",
    noMessageTitle: "The message does not exist",
    lockedTitle: "The message is locked",
    contactSender: "Contact the sender, who can send a new invitation.",
    unlockHeading: "Unlock your messages",
    unlockHelp:
      "Messages are decrypted here in the browser with your key. Unlock it with your passkey, or with your recovery code if the passkey cannot unlock on this device.",
    unlockPasskey: "Unlock with passkey",
    unlockCodeLabel: "Recovery code",
    unlockCode: "Unlock with the code",
    passkeyUnlocks: "It also unlocks your messages.",
    lostCodeHeading: "Lost your recovery code?",
    lostCodeWarning:
      "Then you can create new keys and go on using Sigill. Messages sent to your old keys can no longer be read – ask the senders to send them again. People who write to you will see that your key changed.",
    newKeys: "Create new keys",
    loginHeading: "Log in to read",
    inboxTitle: "My secure messages",
    received: "Received",
    sent: "Sent",
    noMessages: "No messages.",
    from: "From",
    to: "To",
    date: "Sent",
    state: "Status",
    files: "Attachments",
    unread: "Unread",
    read: "Read",
    states: { committed: "", recalled: "Withdrawn", expired: "Expired", uploading: "Sending" },
    openMessage: (sender, date) => `Open the message from ${sender}, ${date}`,
    openSent: (date) => `Open the message you sent ${date}`,
    threadTitle: "Message",
    verified: (name, org) => `From ${name} (${org}). The sender is verified by their digital signature.`,
    ownFingerprint: "Your fingerprint (for anyone who wants to compare by phone):",
    senderMismatch: (claimed, signer) =>
      `Warning: the message claims to come from ${claimed}, but it is signed by ${signer}. Do not trust its content and contact ${signer} or your school.`,
    expires: (date) => `Can be read until ${date}.`,
    withdrawnNotice: "The sender has withdrawn this message.",
    expiredNotice: "This message has expired and was deleted.",
    attachments: "Attachments",
    download: (name, size) => `Download ${name} (${size})`,
    downloading: (name, percent) => `Downloading ${name}: ${String(percent)} %`,
    downloaded: (name) => `${name} is downloaded and verified.`,
    receipts: "Read by",
    openedAt: (who, when) => `${who}: read ${when}`,
    notOpened: (who) => `${who}: not read yet`,
    replyHeading: (name) => `Reply to ${name}`,
    replyText: "Your reply",
    replyFiles: "Attach files",
    replyHelp:
      "The reply is encrypted here in the browser before it is sent. The sender gets an e-mail saying you replied.",
    sendReply: "Send reply",
    sending: (percent) => `Sending … ${String(percent)} %`,
    replied: "Your reply has been sent.",
    back: "Back to the messages",
    errors: {
      NOT_FOUND: "The message was not sent to that address, or does not exist. Check the address.",
      INVITATION_LOCKED: "Too many wrong codes: the message is locked. Contact the sender, who can send a new code.",
      INVITATION_NOT_PROVEN:
        "The message was sent by link before your account existed. Ask the sender to send it again to your Sigill account.",
      MAIL_UNAVAILABLE:
        "The server cannot send e-mail at the moment, so you cannot get a code. Contact the sender or the organisation's IT support.",
      ACCESS_CODE_REQUIRED: "Enter the code the sender gave you.",
      ACCESS_CODE_WRONG: "The code is wrong. Check it and try again; after five tries the message is locked.",
      ACCOUNT_EXISTS: "You already have a Sigill account. Log in with your passkey instead.",
      MAILBOX_CODE_WRONG: "The code is wrong, has expired or was already used. Check the e-mail or send a new code.",
      BAD_CODE: "The sender's code has twelve digits. Check it and try again.",
      RATE_LIMITED: "Too many tries. Wait a while and try again.",
      BAD_LINK: "The link is incomplete or damaged. Open it straight from the e-mail (the whole link is needed).",
      NO_PRF: "This passkey cannot unlock your messages on this device. Use your recovery code.",
      KEY_CHANGED: "The sender's key has changed since last time. Contact the sender before replying.",
      PROTOCOL: "The message could not be verified and is not shown. Contact the sender.",
      DECRYPT_FAILED: "The file or the code does not match. Nothing was saved.",
      EXPIRY_INVALID: "The message you are replying to has expired.",
      NOT_LOGGED_IN: "You are logged out. Log in again.",
    },
  },
};
