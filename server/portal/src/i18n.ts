// The portal's texts, Swedish first. The English table must have exactly the same keys (typed).
export type Lang = "sv" | "en";

export function pickLang(stored: string | null, browser: string | undefined): Lang {
  if (stored === "sv" || stored === "en") return stored;
  return (browser ?? "").toLowerCase().startsWith("en") ? "en" : "sv";
}

/** The access log's event types, as the server names them (one list, the server's). */
export { AUDIT_TYPES as EVENT_TYPES } from "../../src/modules/audit/event-types.ts";
import type { AUDIT_TYPES } from "../../src/modules/audit/event-types.ts";

export interface LogText {
  readonly title: string;
  readonly link: string;
  readonly adminsOnly: string;
  readonly loginFirst: string;
  readonly chainChecking: string;
  readonly chainOk: (entries: number) => string;
  readonly chainBroken: (seq: number) => string;
  /** The checkpoints outside the database (issue 20); `at` is "yyyy-mm-dd hh:mm" UTC. */
  readonly anchorNone: string;
  readonly anchorAgrees: (seq: number, at: string) => string;
  readonly anchorBehind: (seq: number, at: string, entries: number) => string;
  readonly anchorDiffers: (seq: number, at: string) => string;
  readonly anchorUnreadable: string;
  readonly anchorRestored: string;
  readonly unkeyed: (n: number) => string;
  readonly filters: string;
  readonly person: string;
  readonly anyone: string;
  readonly message: string;
  readonly type: string;
  readonly anyType: string;
  readonly from: string;
  readonly to: string;
  readonly apply: string;
  readonly csv: string;
  readonly loading: string;
  readonly caption: (n: number) => string;
  readonly time: string;
  readonly subject: string;
  readonly details: string;
  readonly ip: string;
  readonly paging: string;
  readonly newer: string;
  readonly older: string;
}

export interface UsersText {
  readonly title: string;
  readonly link: string;
  readonly inviteHeading: string;
  readonly email: string;
  readonly name: string;
  readonly role: string;
  readonly invite: string;
  readonly linkHeading: (email: string) => string;
  readonly linkAdvice: (until: string) => string;
  readonly caption: (n: number) => string;
  readonly status: string;
  readonly statuses: Readonly<Record<string, string>>;
  readonly passkeys: string;
  readonly actions: string;
  readonly disable: (email: string) => string;
  readonly enable: (email: string) => string;
  readonly reset: (email: string) => string;
  readonly resetHeading: (email: string) => string;
  readonly resetWarning: string;
  readonly cancel: string;
  // Issue 18: a reset link is mailed to the person; a handover needs a second administrator.
  readonly resetMail: string;
  readonly resetMailed: (email: string, until: string) => string;
  readonly resetNoMailbox: string;
  readonly handoverHeading: (email: string) => string;
  readonly handoverHelp: string;
  readonly reason: string;
  readonly reasons: Readonly<Record<string, string>>;
  readonly note: string;
  readonly noteHelp: string;
  readonly noteRequired: string;
  readonly handoverSend: string;
  readonly handoverSent: (email: string, until: string) => string;
  readonly handoverExists: string;
  readonly pendingHeading: string;
  readonly pendingHelp: string;
  readonly pendingCaption: (n: number) => string;
  readonly person: string;
  readonly requestedBy: string;
  readonly reasonColumn: string;
  readonly noteColumn: string;
  readonly expires: string;
  readonly own: string;
  readonly approve: (email: string) => string;
  readonly approveHeading: (email: string) => string;
  readonly approveWarning: string;
  readonly approveConfirm: string;
  readonly decline: (email: string) => string;
  readonly withdraw: (email: string) => string;
  readonly declined: string;
  readonly handoverLinkHeading: (email: string) => string;
  readonly handoverLinkAdvice: (until: string) => string;
  readonly requestGone: string;
}

export interface PolicyText {
  readonly title: string;
  readonly link: string;
  readonly intro: (organisation: string) => string;
  readonly retention: string;
  readonly maxRetention: string;
  readonly defaultExpiry: string;
  readonly maxAttachment: string;
  readonly codes: string;
  readonly codeAlways: string;
  readonly codeKinds: string;
  readonly kinds: Readonly<Record<string, string>>;
  readonly extension: string;
  readonly override: string;
  readonly notAboutPerson: string;
  readonly notAboutPersonHelp: string;
  readonly unscannable: string;
  readonly domains: string;
  readonly domainsHelp: string;
  readonly save: string;
  readonly saved: string;
}

export interface KeysText {
  readonly title: string;
  readonly link: string;
  readonly intro: (email: string) => string;
  readonly caption: (n: number) => string;
  readonly name: string;
  readonly created: string;
  readonly lastUsed: string;
  readonly synced: string;
  readonly never: string;
  readonly yes: string;
  readonly no: string;
  readonly renameLabel: (name: string) => string;
  readonly rename: (name: string) => string;
  readonly renamed: string;
  readonly remove: (name: string) => string;
  readonly removed: (name: string) => string;
  readonly addHeading: string;
  readonly addHelp: string;
  readonly add: string;
  readonly added: (name: string) => string;
}

// ---- Issue 7: the rest of the admin policy, and an account's passkeys ----

export interface PolicyMoreText {
  readonly orgHeading: string;
  readonly name: string;
  readonly nameHelp: string;
  readonly notice: string;
  readonly noticeHelp: string;
  readonly noticeCount: (n: number) => string;
  readonly detection: string;
  readonly detectionHelp: string;
  readonly alwaysOn: string;
  readonly keywords: string;
  readonly keywordsHelp: string;
  readonly nameInvalid: string;
  readonly noticeLink: string;
  readonly noticeLong: string;
  readonly noticeLines: string;
  readonly noticeInvalid: string;
  readonly keywordInvalid: (word: string) => string;
  readonly keywordsTooMany: string;
  readonly fixFields: string;
}

export interface AdminPasskeysText {
  readonly show: (email: string) => string;
  readonly heading: (email: string) => string;
  readonly help: string;
  readonly revoke: (name: string) => string;
  readonly confirmHeading: (name: string) => string;
  readonly warning: string;
  readonly lastWarning: string;
  readonly confirm: string;
  readonly revoked: (name: string, remaining: number) => string;
  readonly close: string;
}

// Admin charts (issue 7).
export interface StatsText {
  readonly title: string;
  readonly link: string;
  readonly intro: string;
  readonly range: string;
  readonly weeks: string;
  readonly days: string;
  readonly lastWeeks: (n: number) => string;
  readonly lastDays: (n: number) => string;
  readonly summary: (t: {
    messages: number;
    replies: number;
    diversions: number;
    logins: number;
    failed: number;
  }) => string;
  readonly messagesTitle: string;
  readonly diversionsTitle: string;
  readonly loginsTitle: string;
  readonly chartSummary: (title: string) => string;
  readonly newMessages: string;
  readonly replies: string;
  readonly logins: string;
  readonly failedLogins: string;
  readonly week: string;
  readonly day: string;
  readonly weekRow: (week: string, monday: string) => string;
  readonly showTable: string;
  readonly noDiversions: string;
}

export interface PortalText {
  readonly skip: string;
  readonly otherLanguage: string;
  readonly otherLanguageName: string;
  readonly title: string;
  readonly tagline: string;
  readonly about: string;
  readonly login: string;
  readonly loggingIn: string;
  readonly loggedInAs: (email: string, role: string) => string;
  readonly roles: Readonly<Record<string, string>>;
  readonly logout: string;
  readonly logoutAll: string;
  readonly loggedOut: string;
  readonly enrolTitle: string;
  readonly enrolIntro: string;
  readonly passkeyExplained: string;
  readonly passkeyPhone: string;
  readonly enrolFor: (email: string) => string;
  readonly createPasskey: string;
  readonly enrolled: string;
  readonly noLink: string;
  readonly errors: Readonly<Record<string, string>>;
  readonly unknownError: string;
  readonly notFoundTitle: string;
  readonly notFound: string;
  readonly home: string;
  readonly unsupported: string;
  readonly log: LogText;
  readonly users: UsersText;
  readonly policy: PolicyText;
  readonly keys: KeysText;
  /** Every event type the server records has a label (the compiler checks the list). */
  readonly events: Readonly<Record<(typeof AUDIT_TYPES)[number], string>>;
  // Issue 7 (admin policy fields, an account's passkeys).
  readonly policyMore: PolicyMoreText;
  readonly adminPasskeys: AdminPasskeysText;
  // Admin charts (issue 7).
  readonly stats: StatsText;
}

export const TEXT: Record<Lang, PortalText> = {
  sv: {
    skip: "Hoppa till innehållet",
    otherLanguage: "In English",
    otherLanguageName: "en",
    title: "Sigill – säkra meddelanden",
    tagline: "Säkra meddelanden för skola och förskola",
    about:
      "Sigill skickar personuppgifter krypterade i stället för som vanlig e-post. Bara avsändaren och mottagarna kan läsa meddelandena; servern lagrar bara krypterad data.",
    login: "Logga in med passkey",
    loggingIn: "Väntar på din passkey …",
    loggedInAs: (email, role) => `Inloggad som ${email} (${role}).`,
    roles: { admin: "administratör", staff: "personal", recipient: "mottagare" },
    logout: "Logga ut",
    logoutAll: "Logga ut på alla enheter",
    loggedOut: "Du är utloggad.",
    enrolTitle: "Aktivera ditt konto",
    enrolIntro:
      "Du har fått en länk för att aktivera ditt Sigill-konto. Du loggar in med en passkey i stället för lösenord.",
    passkeyExplained:
      "En passkey är en nyckel som skapas och sparas på din dator eller telefon. Du låser upp den som du låser upp enheten (fingeravtryck, ansikte eller pinkod). Den kan inte gissas eller lockas ur dig i ett falskt mejl.",
    passkeyPhone:
      "På telefon: öppna länken i telefonens webbläsare och följ frågorna. Vill du använda telefonen för en dator kan du skanna QR-koden som datorn visar.",
    enrolFor: (email) => `Kontot gäller ${email}.`,
    createPasskey: "Skapa passkey och aktivera",
    enrolled: "Klart! Ditt konto är aktiverat och du är inloggad.",
    noLink: "Länken saknar sin kod. Öppna hela länken från mejlet eller be din administratör om en ny.",
    errors: {
      NETWORK: "Sigill-servern gick inte att nå. Kontrollera nätverket och försök igen.",
      CANCELLED: "Passkey-frågan avbröts. Försök igen när du är redo.",
      ENROLMENT_INVALID: "Länken gäller inte längre (den är använd eller för gammal). Be om en ny länk.",
      WEBAUTHN_FAILED: "Passkeyn kunde inte kontrolleras. Försök igen.",
      UNAUTHENTICATED: "Du är inte inloggad.",
      ACCOUNT_DISABLED: "Kontot är avstängt. Kontakta din administratör.",
      BAD_REQUEST: "Något värde är inte giltigt. Kontrollera fälten och försök igen.",
      CONFLICT: "Det går inte att göra så med ditt eget konto.",
      FORBIDDEN: "Du har inte behörighet till det här.",
      LAST_PASSKEY: "Det här är din enda passkey och kan inte tas bort. Lägg först till en annan enhet.",
      RATE_LIMITED: "För många försök. Vänta en stund och försök igen.",
      SERVER_BUSY: "Servern har för mycket att göra just nu. Vänta några sekunder och försök igen.",
      SECOND_ADMIN_REQUIRED:
        "En annan administratör måste göra det här steget. Du kan inte godkänna din egen begäran, och ett administratörskonto som är nyare än en vecka kan varken begära eller godkänna överlämningar.",
      RESET_REQUEST_EXPIRED: "Begäran har gått ut (den gäller ett dygn). Be om en ny.",
      MAIL_UNAVAILABLE:
        "Återställningslänken kunde inte skickas med e-post, så ingen länk skapades. Försök igen senare, eller begär en överlämning om personen inte kommer åt sin e-post.",
    },
    unknownError: "Något gick fel. Försök igen.",
    notFoundTitle: "Sidan finns inte",
    notFound: "Adressen leder ingenstans i Sigill.",
    home: "Till startsidan",
    unsupported: "Den här webbläsaren kan inte använda passkeys. Använd en aktuell Chrome, Edge, Firefox eller Safari.",
    log: {
      title: "Åtkomstlogg",
      link: "Åtkomstloggen",
      adminsOnly: "Åtkomstloggen är bara för administratörer.",
      loginFirst: "Logga in som administratör först.",
      chainChecking: "Kontrollerar loggkedjan …",
      chainOk: (n) => `Loggkedjan är obruten (${String(n)} poster kontrollerade).`,
      chainBroken: (seq) =>
        `Loggkedjan är bruten: post ${String(seq)} stämmer inte. Loggen kan ha ändrats; kontakta IT-säkerhet.`,
      anchorNone: "Ingen kontrollpunkt ännu: loggen har ännu inte förankrats utanför databasen.",
      anchorAgrees: (seq, at) =>
        `Senaste kontrollpunkt: post ${String(seq)}, ${at} (UTC). Databasen stämmer med kontrollpunkterna.`,
      anchorBehind: (seq, at, n) =>
        `Databasen stämmer inte med senaste kontrollpunkten (post ${String(seq)}, ${at} UTC): loggen har bara ${String(n)} poster. Poster har tagits bort eller en säkerhetskopia har lästs tillbaka utan att det registrerats; kontakta IT-säkerhet.`,
      anchorDiffers: (seq, at) =>
        `Databasen stämmer inte med kontrollpunkterna: loggen har skrivits om (senaste kontrollpunkt post ${String(seq)}, ${at} UTC). Kontakta IT-säkerhet.`,
      anchorUnreadable:
        "Filen med kontrollpunkter innehåller rader som inte är signerade med loggnyckeln. Kontakta IT-säkerhet.",
      anchorRestored: "Den senaste kontrollpunkten registrerar en återställd säkerhetskopia.",
      unkeyed: (n) => `${String(n)} äldre poster skrevs innan loggnyckeln fanns och skyddas bara av kontrollpunkterna.`,
      filters: "Filter",
      person: "Person",
      anyone: "Alla",
      message: "Meddelande-id",
      type: "Händelse",
      anyType: "Alla händelser",
      from: "Från och med",
      to: "Till och med",
      apply: "Filtrera",
      csv: "Exportera urvalet som CSV",
      loading: "Hämtar …",
      caption: (n) => `Loggposter, nyaste först (${String(n)} på sidan)`,
      time: "Tid (UTC)",
      subject: "Gäller",
      details: "Uppgifter",
      ip: "IP-adress",
      paging: "Sidor",
      newer: "Nyare",
      older: "Äldre",
    },
    users: {
      title: "Användare",
      link: "Användare",
      inviteHeading: "Bjud in personal",
      email: "E-postadress",
      name: "Namn",
      role: "Roll",
      invite: "Skapa inbjudningslänk",
      linkHeading: (email) => `Engångslänk för ${email}`,
      linkAdvice: (until) =>
        `Ge länken till personen (i ett mejl till jobbadressen eller personligen). Den kan användas en gång, till och med ${until}.`,
      caption: (n) => `Konton (${String(n)})`,
      status: "Status",
      statuses: { active: "aktiv", disabled: "avstängd" },
      passkeys: "Passkeys",
      actions: "Åtgärder",
      disable: (email) => `Stäng av ${email}`,
      enable: (email) => `Aktivera ${email}`,
      reset: (email) => `Återställ ${email}`,
      resetHeading: (email) => `Återställ ${email}?`,
      resetWarning:
        "Återställning ger personen en engångslänk för att skapa en ny passkey; de gamla slutar då att fungera. Gamla meddelanden går bara att läsa med personens återställningskod.",
      cancel: "Avbryt",
      resetMail: "Skicka återställningslänk till personens e-post",
      resetMailed: (email, until) =>
        `En återställningslänk har skickats till ${email}. Den gäller till och med ${until}. Länken visas inte här: bara personen får den.`,
      resetNoMailbox: "Personen kommer inte åt sin e-post: begär överlämning",
      handoverHeading: (email) => `Begär en överlämningslänk för ${email}`,
      handoverHelp:
        "För den som inte kommer åt sin e-post. En annan administratör måste godkänna begäran inom ett dygn. Den som godkänner får se länken och lämnar den personligen, efter att ha kontrollerat vem personen är. Du ser inte länken själv.",
      reason: "Varför kan länken inte skickas med e-post?",
      reasons: {
        "no-mailbox-access": "Personen kommer inte åt sin e-post",
        "mailbox-needs-lost-device": "Inloggningen till e-posten kräver enheten som försvann",
        "mailbox-closed": "E-postkontot är avslutat eller spärrat",
        other: "Annat (beskriv kort)",
      },
      note: "Kort förklaring (högst 140 tecken)",
      noteHelp:
        "Krävs för ”Annat”. Förklaringen visas för de andra administratörerna men sparas inte i åtkomstloggen. Skriv inga fler personuppgifter än nödvändigt.",
      noteRequired: "Skriv en kort förklaring (minst 3 tecken) när skälet är ”Annat”.",
      handoverSend: "Skicka begäran",
      handoverSent: (email, until) =>
        `Begäran för ${email} är skickad. En annan administratör måste godkänna den senast ${until}.`,
      handoverExists: "Det finns redan en begäran för det här kontot som väntar på godkännande.",
      pendingHeading: "Överlämningar som väntar på godkännande",
      pendingHelp:
        "Godkänn bara om du själv kan lämna länken till personen och har kontrollerat vem den är. Du kan inte godkänna din egen begäran.",
      pendingCaption: (n) => `Väntande begäranden (${String(n)})`,
      person: "Person",
      requestedBy: "Begärd av",
      reasonColumn: "Skäl",
      noteColumn: "Förklaring",
      expires: "Gäller till",
      own: "Din begäran: en annan administratör måste godkänna den.",
      approve: (email) => `Godkänn överlämning för ${email}`,
      approveHeading: (email) => `Godkänn överlämning för ${email}?`,
      approveWarning:
        "Länken visas en gång, för dig. Lämna den personligen efter att du har kontrollerat legitimation. Skicka den inte med e-post eller chatt.",
      approveConfirm: "Ja, godkänn och visa länken",
      decline: (email) => `Avslå begäran för ${email}`,
      withdraw: (email) => `Dra tillbaka begäran för ${email}`,
      declined: "Begäran är avslagen.",
      handoverLinkHeading: (email) => `Överlämningslänk för ${email}`,
      handoverLinkAdvice: (until) =>
        `Lämna länken personligen. Den visas bara nu, kan användas en gång och gäller till och med ${until}. Personen får ett mejl om att en länk har skapats.`,
      requestGone: "Begäran är redan godkänd eller avslagen. Ladda om sidan.",
    },
    policy: {
      title: "Regler",
      link: "Regler",
      intro: (org) => `Reglerna gäller hela ${org}. Varje ändring sparas i åtkomstloggen.`,
      retention: "Hur länge meddelanden finns kvar",
      maxRetention: "Längsta tid ett meddelande kan läsas (dagar)",
      defaultExpiry: "Förvald tid (dagar)",
      maxAttachment: "Största bilaga (MB)",
      codes: "Kod för mottagare utan konto",
      codeAlways: "Kräv alltid kod",
      codeKinds: "Kräv kod när meddelandet innehåller:",
      kinds: {
        "se-personnummer": "personnummer",
        "se-samordningsnummer": "samordningsnummer",
        "no-fodselsnummer": "norskt fødselsnummer",
        "dk-cpr": "danskt CPR-nummer",
        "fi-henkilotunnus": "finsk henkilötunnus",
        iban: "IBAN (kontonummer)",
        "payment-card": "kortnummer",
        health: "hälsa",
        care: "vård och omsorg",
        social: "sociala förhållanden",
        "protected-identity": "skyddad identitet",
        offence: "brott",
        support: "stöd i skolan",
        results: "omdömen och resultat",
        "special-category": "andra känsliga uppgifter",
        "unscannable-attachment": "bilaga som inte kunde granskas",
        "org-keyword": "ord som organisationen lagt till",
      },
      extension: "Tillägget i webbläsaren",
      override: "Personal får skicka som vanligt mejl trots varning (med motivering, loggas)",
      notAboutPerson:
        "Personal får skicka som vanligt mejl när varningen bara bygger på ett ord om till exempel hälsa eller stöd och de intygar att mejlet inte handlar om en enskild person",
      notAboutPersonHelp:
        "Gäller aldrig personnummer eller andra nummer, skyddad identitet, organisationens egna ord eller bilagor. Åtkomstloggen får bara typerna av uppgifter (till exempel hälsa), aldrig mejlets text.",
      unscannable: "Bilagor som inte kan granskas (krypterade, inskannade, för stora) räknas som känsliga",
      domains: "Webbmejl där tillägget granskar alla textfält (en per rad)",
      domainsHelp:
        "Till exempel webmail.skola.se, eller *.kommun.se för alla underdomäner. Gmail, Outlook och Roundcube känns igen ändå.",
      save: "Spara reglerna",
      saved: "Reglerna är sparade.",
    },
    keys: {
      title: "Mina passkeys",
      link: "Mina passkeys",
      intro: (email) => `Enheterna som kan logga in som ${email}.`,
      caption: (n) => `Passkeys (${String(n)})`,
      name: "Namn",
      created: "Skapad",
      lastUsed: "Senast använd",
      synced: "Synkas mellan enheter",
      never: "aldrig",
      yes: "ja",
      no: "nej",
      renameLabel: (name) => `Nytt namn för ${name}`,
      rename: (name) => `Byt namn på ${name}`,
      renamed: "Namnet är ändrat.",
      remove: (name) => `Ta bort ${name}`,
      removed: (name) => `${name} är borttagen. Du är utloggad på alla andra enheter.`,
      addHeading: "Lägg till en enhet",
      addHelp:
        "Skapa en passkey till på en annan enhet (till exempel telefonen), så kan du logga in även om den här försvinner.",
      add: "Skapa passkey",
      added: (name) => `${name} är tillagd.`,
    },
    events: {
      "auth.login": "Inloggning",
      "auth.login_failed": "Misslyckad inloggning",
      "auth.logout": "Utloggning",
      "auth.logout_all": "Utloggning på alla enheter",
      "enrol.completed": "Konto aktiverat",
      "account.invited": "Konto inbjudet",
      "account.disabled": "Konto avstängt",
      "account.enabled": "Konto återaktiverat",
      "account.reset_link": "Återställningslänk skapad (mejlad till personen eller från serverns kommandorad)",
      "passkey.added": "Passkey tillagd",
      "passkey.renamed": "Passkey omdöpt",
      "passkey.removed": "Passkey borttagen",
      "passkey.revoked": "Passkey återkallad av administratör",
      "security.passkey_counter_regressed": "Misstänkt kopierad passkey",
      "keys.published": "Nycklar publicerade",
      "keys.vault_added": "Nyckelvalv tillagt",
      "policy.changed": "Regler ändrade",
      "policy.plain_override": "Skickat som vanligt mejl trots varning",
      "message.created": "Meddelande skapat",
      "message.committed": "Meddelande skickat",
      "message.opened": "Meddelande öppnat",
      "message.attachment_downloaded": "Bilaga hämtad",
      "message.recalled": "Meddelande återkallat",
      "message.expired": "Meddelande utgånget",
      "message.purged": "Meddelande raderat",
      "invitation.created": "Inbjudan skapad",
      "invitation.enrolment_started": "Mottagare började aktivera konto",
      "invitation.mailbox_code_sent": "Engångskod mejlad till mottagarens adress",
      "invitation.mailbox_code_failed": "Engångskod kunde inte mejlas (mejlservern svarade inte)",
      "invitation.mailbox_code_limited": "För många begärda engångskoder (inga fler mejlas den här timmen)",
      "invitation.code_failed": "Fel kod angiven",
      "invitation.locked": "Inbjudan låst efter fel koder",
      "invitation.opened": "Inbjudan öppnad",
      "invitation.adopted": "Meddelande överfört till konto",
      "invitation.reissued": "Inbjudan förnyad",
      // Admin charts (issue 7).
      "policy.diversion": "Varnat utkast skickat som säkert meddelande",
      "extension.unrecognised_compose": "Okänt skrivfönster i webbmejl (tillägget kände inte igen sidan)",
      "extension.unchecked_attachment": "Bilaga som inte kunde granskas skickades (enligt policyn)",
      "extension.reports_limited":
        "Tillägget rapporterade för många händelser av ett slag (fler loggas inte denna timme)",
      // Issue 18.
      "account.reset_requested": "Överlämningslänk begärd",
      "account.reset_approved": "Överlämningslänk godkänd och visad för godkännaren",
      "account.reset_declined": "Begäran om överlämningslänk avslagen",
      "account.reset_refused": "Försök att begära eller godkänna överlämning nekat",
      // Issue 19.
      "policy.not_about_person": "Skickat som vanligt mejl: handlar inte om en enskild person",
      "audit.restored": "Säkerhetskopia återställd (loggen kortare än kontrollpunkterna)",
    },
    // Admin charts (issue 7).
    stats: {
      title: "Statistik",
      link: "Statistik i diagram",
      intro:
        "Siffrorna kommer från åtkomstloggen. Veckor och dagar följer svensk tid (Europe/Stockholm); veckorna är hela ISO-veckor som börjar på måndag.",
      range: "Period",
      weeks: "Veckor",
      days: "Dagar",
      lastWeeks: (n) => `Senaste ${String(n)} veckorna`,
      lastDays: (n) => `Senaste ${String(n)} dagarna`,
      summary: (x) =>
        `Veckorna: nya säkra meddelanden ${String(x.messages)}, svar ${String(x.replies)}, avledda mejl ${String(x.diversions)}. Dagarna: inloggningar ${String(x.logins)}, misslyckade inloggningar ${String(x.failed)}.`,
      messagesTitle: "Säkra meddelanden per vecka",
      diversionsTitle: "Avledda mejl per vecka, efter typ av uppgift",
      loginsTitle: "Inloggningar och misslyckade inloggningar per dag",
      chartSummary: (title) => `Diagram: ${title}. Samma siffror finns i tabellen under diagrammet.`,
      newMessages: "Nya meddelanden",
      replies: "Svar",
      logins: "Inloggningar",
      failedLogins: "Misslyckade inloggningar",
      week: "Vecka",
      day: "Dag",
      weekRow: (week, monday) => `v. ${week} (från ${monday})`,
      showTable: "Visa siffrorna som tabell",
      noDiversions: "Inga mejl har letts om till säkra meddelanden under perioden.",
    },
    policyMore: {
      orgHeading: "Organisation och aviseringsmejl",
      name: "Organisationens namn (visas i aviseringsmejl)",
      nameHelp: "2–100 tecken, utan webb- eller e-postadresser.",
      notice: "Egen text i aviseringsmejlet",
      noticeHelp:
        "Vanlig text, högst 500 tecken och 6 rader, till exempel vem mottagaren kan ringa med frågor. Inga länkar, webb- eller e-postadresser: mejlets enda länk är Sigills egen, så att mottagarna inte vänjer sig vid att klicka på andra länkar i mejl som ser ut som Sigills (skydd mot nätfiske). Ämne, innehåll och bilagornas namn kommer aldrig med i mejlet.",
      noticeCount: (n) => `${String(n)} av 500 tecken`,
      detection: "Vad tillägget flaggar",
      detectionHelp:
        "Bocka ur det som inte ska flaggas i er organisation. Ändringen når personalens tillägg inom fem minuter.",
      alwaysOn:
        "Alltid på och går inte att stänga av: personnummer, samordningsnummer och skyddad identitet. De räcker var för sig för att ett mejl ska vara känsligt.",
      keywords: "Egna ord som alltid ska flaggas (ett per rad)",
      keywordsHelp:
        "Till exempel namnet på en enhet, som Resursenheten Björken. Stora och små bokstäver spelar ingen roll. Skriv * sist för att också träffa andra ändelser (överklag*). Högst 100 ord om 2–60 tecken: bokstäver, siffror, mellanslag, bindestreck, punkt och apostrof. Orden skickas till all personals tillägg, så skriv inga personnamn.",
      nameInvalid: "Namnet ska vara 2–100 tecken utan webb- eller e-postadresser.",
      noticeLink: "Texten får inte innehålla länkar, webbadresser (som skola.se) eller e-postadresser.",
      noticeLong: "Texten får vara högst 500 tecken.",
      noticeLines: "Texten får vara högst 6 rader.",
      noticeInvalid: "Texten innehåller tecken som inte är tillåtna.",
      keywordInvalid: (word) =>
        `Ordet ”${word}” går inte att använda: 2–60 tecken, bokstäver, siffror, mellanslag, bindestreck, punkt eller apostrof, och * bara sist.`,
      keywordsTooMany: "Högst 100 egna ord.",
      fixFields: "Rätta de markerade fälten och spara igen.",
    },
    adminPasskeys: {
      show: (email) => `Passkeys för ${email}`,
      heading: (email) => `Passkeys för ${email}`,
      help: "Återkalla en passkey när en enhet har försvunnit, blivit stulen eller bytts ut. Alla kontots inloggningar avslutas då, även på andra enheter.",
      revoke: (name) => `Återkalla ${name}`,
      confirmHeading: (name) => `Återkalla ${name}?`,
      warning: "Passkeyn slutar fungera direkt och alla kontots inloggningar avslutas.",
      lastWarning:
        "Det här är kontots sista passkey. Personen kan inte logga in igen förrän du skapar en återställningslänk.",
      confirm: "Ja, återkalla",
      revoked: (name, remaining) =>
        `${name} är återkallad och kontots inloggningar är avslutade.${remaining === 0 ? " Kontot har ingen passkey kvar: skapa en återställningslänk åt personen." : ""}`,
      close: "Stäng",
    },
  },
  en: {
    skip: "Skip to content",
    otherLanguage: "På svenska",
    otherLanguageName: "sv",
    title: "Sigill – secure messages",
    tagline: "Secure messages for schools and preschools",
    about:
      "Sigill sends personal data encrypted instead of as ordinary e-mail. Only the sender and the recipients can read the messages; the server stores encrypted data only.",
    login: "Log in with a passkey",
    loggingIn: "Waiting for your passkey …",
    loggedInAs: (email, role) => `Logged in as ${email} (${role}).`,
    roles: { admin: "administrator", staff: "staff", recipient: "recipient" },
    logout: "Log out",
    logoutAll: "Log out on all devices",
    loggedOut: "You are logged out.",
    enrolTitle: "Activate your account",
    enrolIntro:
      "You have received a link to activate your Sigill account. You log in with a passkey instead of a password.",
    passkeyExplained:
      "A passkey is a key created and kept on your computer or phone. You unlock it the way you unlock the device (fingerprint, face or PIN). It cannot be guessed or tricked out of you by a fake e-mail.",
    passkeyPhone:
      "On a phone: open the link in the phone's browser and follow the prompts. To use your phone for a computer, scan the QR code the computer shows.",
    enrolFor: (email) => `The account is for ${email}.`,
    createPasskey: "Create a passkey and activate",
    enrolled: "Done! Your account is active and you are logged in.",
    noLink:
      "The link is missing its code. Open the whole link from the e-mail or ask your administrator for a new one.",
    errors: {
      NETWORK: "The Sigill server could not be reached. Check the network and try again.",
      CANCELLED: "The passkey prompt was cancelled. Try again when you are ready.",
      ENROLMENT_INVALID: "The link is no longer valid (used or too old). Ask for a new link.",
      WEBAUTHN_FAILED: "The passkey could not be verified. Try again.",
      UNAUTHENTICATED: "You are not logged in.",
      ACCOUNT_DISABLED: "The account is disabled. Contact your administrator.",
      BAD_REQUEST: "A value is not valid. Check the fields and try again.",
      CONFLICT: "That cannot be done to your own account.",
      FORBIDDEN: "You are not allowed to do this.",
      LAST_PASSKEY: "This is your only passkey and cannot be removed. Add another device first.",
      RATE_LIMITED: "Too many attempts. Wait a moment and try again.",
      SERVER_BUSY: "The server is too busy right now. Wait a few seconds and try again.",
      SECOND_ADMIN_REQUIRED:
        "Another administrator must take this step. You cannot approve your own request, and an administrator account less than a week old can neither ask for nor approve handovers.",
      RESET_REQUEST_EXPIRED: "The request has expired (it is valid for a day). Ask again.",
      MAIL_UNAVAILABLE:
        "The reset link could not be sent by e-mail, so no link was made. Try again later, or ask for a handover if the person cannot get into their e-mail.",
    },
    unknownError: "Something went wrong. Try again.",
    notFoundTitle: "Page not found",
    notFound: "This address leads nowhere in Sigill.",
    home: "To the start page",
    unsupported: "This browser cannot use passkeys. Use a current Chrome, Edge, Firefox or Safari.",
    log: {
      title: "Access log",
      link: "The access log",
      adminsOnly: "The access log is for administrators only.",
      loginFirst: "Log in as an administrator first.",
      chainChecking: "Checking the log chain …",
      chainOk: (n) => `The log chain is intact (${String(n)} entries checked).`,
      chainBroken: (seq) =>
        `The log chain is broken: entry ${String(seq)} does not match. The log may have been altered; contact IT security.`,
      anchorNone: "No checkpoint yet: the log has not been anchored outside the database so far.",
      anchorAgrees: (seq, at) =>
        `Last checkpoint: entry ${String(seq)}, ${at} (UTC). The database agrees with the checkpoints.`,
      anchorBehind: (seq, at, n) =>
        `The database does not agree with the last checkpoint (entry ${String(seq)}, ${at} UTC): the log has only ${String(n)} entries. Entries were removed, or a backup was restored without recording it; contact IT security.`,
      anchorDiffers: (seq, at) =>
        `The database does not agree with the checkpoints: the log has been rewritten (last checkpoint entry ${String(seq)}, ${at} UTC). Contact IT security.`,
      anchorUnreadable: "The checkpoint file holds lines not signed with the log key. Contact IT security.",
      anchorRestored: "The last checkpoint records a restored backup.",
      unkeyed: (n) =>
        `${String(n)} older entries were written before the log key existed and are protected by the checkpoints only.`,
      filters: "Filters",
      person: "Person",
      anyone: "Everyone",
      message: "Message id",
      type: "Event",
      anyType: "All events",
      from: "From",
      to: "To (inclusive)",
      apply: "Filter",
      csv: "Export the selection as CSV",
      loading: "Loading …",
      caption: (n) => `Log entries, newest first (${String(n)} on this page)`,
      time: "Time (UTC)",
      subject: "Concerns",
      details: "Details",
      ip: "IP address",
      paging: "Pages",
      newer: "Newer",
      older: "Older",
    },
    users: {
      title: "Users",
      link: "Users",
      inviteHeading: "Invite staff",
      email: "E-mail address",
      name: "Name",
      role: "Role",
      invite: "Create an invitation link",
      linkHeading: (email) => `One-time link for ${email}`,
      linkAdvice: (until) =>
        `Give the link to the person (in an e-mail to their work address or in person). It can be used once, until ${until}.`,
      caption: (n) => `Accounts (${String(n)})`,
      status: "Status",
      statuses: { active: "active", disabled: "disabled" },
      passkeys: "Passkeys",
      actions: "Actions",
      disable: (email) => `Disable ${email}`,
      enable: (email) => `Enable ${email}`,
      reset: (email) => `Reset ${email}`,
      resetHeading: (email) => `Reset ${email}?`,
      resetWarning:
        "A reset gives the person a one-time link to create a new passkey; the old ones then stop working. Old messages can then be read only with the person's recovery code.",
      cancel: "Cancel",
      resetMail: "Send a reset link to the person's e-mail",
      resetMailed: (email, until) =>
        `A reset link has been sent to ${email}. It works until ${until}. The link is not shown here: only the person gets it.`,
      resetNoMailbox: "The person cannot get into their e-mail: ask for a handover",
      handoverHeading: (email) => `Ask for a handover link for ${email}`,
      handoverHelp:
        "For someone who cannot get into their e-mail. Another administrator must approve the request within a day. Whoever approves sees the link and hands it over in person, after checking who the person is. You do not see the link yourself.",
      reason: "Why can the link not be sent by e-mail?",
      reasons: {
        "no-mailbox-access": "The person cannot get into their e-mail",
        "mailbox-needs-lost-device": "Signing in to their e-mail needs the device that was lost",
        "mailbox-closed": "The mailbox is closed or blocked",
        other: "Other (describe briefly)",
      },
      note: "Short explanation (at most 140 characters)",
      noteHelp:
        "Required for “Other”. The other administrators see it, but it is not kept in the access log. Write no more personal data than needed.",
      noteRequired: "Write a short explanation (at least 3 characters) when the reason is “Other”.",
      handoverSend: "Send the request",
      handoverSent: (email, until) =>
        `The request for ${email} is sent. Another administrator must approve it by ${until}.`,
      handoverExists: "A request for this account is already waiting for approval.",
      pendingHeading: "Handovers waiting for approval",
      pendingHelp:
        "Approve only if you can hand the link to the person yourself and have checked who they are. You cannot approve your own request.",
      pendingCaption: (n) => `Waiting requests (${String(n)})`,
      person: "Person",
      requestedBy: "Asked by",
      reasonColumn: "Reason",
      noteColumn: "Explanation",
      expires: "Valid until",
      own: "Your request: another administrator must approve it.",
      approve: (email) => `Approve the handover for ${email}`,
      approveHeading: (email) => `Approve the handover for ${email}?`,
      approveWarning:
        "The link is shown once, to you. Hand it over in person after checking their ID. Do not send it by e-mail or chat.",
      approveConfirm: "Yes, approve and show the link",
      decline: (email) => `Decline the request for ${email}`,
      withdraw: (email) => `Withdraw the request for ${email}`,
      declined: "The request is declined.",
      handoverLinkHeading: (email) => `Handover link for ${email}`,
      handoverLinkAdvice: (until) =>
        `Hand the link over in person. It is shown only now, works once and until ${until}. The person gets an e-mail saying that a link was made.`,
      requestGone: "The request was already approved or declined. Reload the page.",
    },
    policy: {
      title: "Policy",
      link: "Policy",
      intro: (org) => `The policy applies to all of ${org}. Every change is kept in the access log.`,
      retention: "How long messages stay",
      maxRetention: "Longest time a message can be read (days)",
      defaultExpiry: "Default time (days)",
      maxAttachment: "Largest attachment (MB)",
      codes: "Code for recipients without an account",
      codeAlways: "Always require a code",
      codeKinds: "Require a code when the message contains:",
      kinds: {
        "se-personnummer": "Swedish personal identity numbers",
        "se-samordningsnummer": "Swedish coordination numbers",
        "no-fodselsnummer": "Norwegian national identity numbers",
        "dk-cpr": "Danish CPR numbers",
        "fi-henkilotunnus": "Finnish personal identity codes",
        iban: "IBAN (account numbers)",
        "payment-card": "card numbers",
        health: "health",
        care: "care",
        social: "social circumstances",
        "protected-identity": "protected identity",
        offence: "offences",
        support: "support at school",
        results: "assessments and results",
        "special-category": "other sensitive data",
        "unscannable-attachment": "an attachment that could not be checked",
        "org-keyword": "words your organisation added",
      },
      extension: "The browser extension",
      override: "Staff may send as ordinary e-mail despite a warning (with a reason, logged)",
      notAboutPerson:
        "Staff may send as ordinary e-mail when the warning rests only on a word about, for example, health or support and they confirm the e-mail is not about an individual person",
      notAboutPersonHelp:
        "Never applies to personal identity numbers or other numbers, protected identity, your organisation's own words or attachments. The access log gets only the kinds of data (for example health), never the e-mail's text.",
      unscannable: "Attachments that cannot be checked (encrypted, scanned, too large) count as sensitive",
      domains: "Webmail where the extension checks every text field (one per line)",
      domainsHelp:
        "For example webmail.school.se, or *.municipality.se for all subdomains. Gmail, Outlook and Roundcube are recognised anyway.",
      save: "Save the policy",
      saved: "The policy is saved.",
    },
    keys: {
      title: "My passkeys",
      link: "My passkeys",
      intro: (email) => `The devices that can log in as ${email}.`,
      caption: (n) => `Passkeys (${String(n)})`,
      name: "Name",
      created: "Created",
      lastUsed: "Last used",
      synced: "Synced between devices",
      never: "never",
      yes: "yes",
      no: "no",
      renameLabel: (name) => `New name for ${name}`,
      rename: (name) => `Rename ${name}`,
      renamed: "The name is changed.",
      remove: (name) => `Remove ${name}`,
      removed: (name) => `${name} is removed. You are logged out on every other device.`,
      addHeading: "Add a device",
      addHelp:
        "Create another passkey on another device (your phone, say), so you can still log in if this one is lost.",
      add: "Create a passkey",
      added: (name) => `${name} is added.`,
    },
    events: {
      "auth.login": "Login",
      "auth.login_failed": "Failed login",
      "auth.logout": "Logout",
      "auth.logout_all": "Logout on all devices",
      "enrol.completed": "Account activated",
      "account.invited": "Account invited",
      "account.disabled": "Account disabled",
      "account.enabled": "Account enabled",
      "account.reset_link": "Reset link created (mailed to the person, or from the server's command line)",
      "passkey.added": "Passkey added",
      "passkey.renamed": "Passkey renamed",
      "passkey.removed": "Passkey removed",
      "passkey.revoked": "Passkey revoked by an administrator",
      "security.passkey_counter_regressed": "Suspected cloned passkey",
      "keys.published": "Keys published",
      "keys.vault_added": "Key vault added",
      "policy.changed": "Policy changed",
      "policy.plain_override": "Sent as ordinary e-mail despite a warning",
      "message.created": "Message created",
      "message.committed": "Message sent",
      "message.opened": "Message opened",
      "message.attachment_downloaded": "Attachment downloaded",
      "message.recalled": "Message recalled",
      "message.expired": "Message expired",
      "message.purged": "Message deleted",
      "invitation.created": "Invitation created",
      "invitation.enrolment_started": "Recipient started activating",
      "invitation.mailbox_code_sent": "One-time code mailed to the recipient's address",
      "invitation.mailbox_code_failed": "One-time code could not be mailed (the mail server did not answer)",
      "invitation.mailbox_code_limited": "Too many one-time codes asked for (no more are mailed this hour)",
      "invitation.code_failed": "Wrong code entered",
      "invitation.locked": "Invitation locked after wrong codes",
      "invitation.opened": "Invitation opened",
      "invitation.adopted": "Message moved to an account",
      "invitation.reissued": "Invitation reissued",
      // Admin charts (issue 7).
      "policy.diversion": "Flagged draft sent as a secure message",
      "extension.unrecognised_compose": "Unrecognised webmail compose window (the extension did not know the page)",
      "extension.unchecked_attachment": "Attachment that could not be checked was sent (as policy allows)",
      "extension.reports_limited": "The extension reported too many events of one kind (no more are logged this hour)",
      // Issue 18.
      "account.reset_requested": "Handover link requested",
      "account.reset_approved": "Handover link approved and shown to the approver",
      "account.reset_declined": "Handover link request declined",
      "account.reset_refused": "Attempt to request or approve a handover refused",
      // Issue 19.
      "policy.not_about_person": "Sent as ordinary e-mail: not about an individual person",
      "audit.restored": "Backup restored (log shorter than its checkpoints)",
    },
    // Admin charts (issue 7).
    stats: {
      title: "Statistics",
      link: "Statistics in charts",
      intro:
        "The figures come from the access log. Weeks and days follow Swedish time (Europe/Stockholm); weeks are whole ISO weeks starting on Monday.",
      range: "Period",
      weeks: "Weeks",
      days: "Days",
      lastWeeks: (n) => `Last ${String(n)} weeks`,
      lastDays: (n) => `Last ${String(n)} days`,
      summary: (x) =>
        `The weeks: new secure messages ${String(x.messages)}, replies ${String(x.replies)}, diverted e-mails ${String(x.diversions)}. The days: logins ${String(x.logins)}, failed logins ${String(x.failed)}.`,
      messagesTitle: "Secure messages per week",
      diversionsTitle: "Diverted e-mails per week, by kind of data",
      loginsTitle: "Logins and failed logins per day",
      chartSummary: (title) => `Chart: ${title}. The same figures are in the table below the chart.`,
      newMessages: "New messages",
      replies: "Replies",
      logins: "Logins",
      failedLogins: "Failed logins",
      week: "Week",
      day: "Day",
      weekRow: (week, monday) => `week ${week} (from ${monday})`,
      showTable: "Show the figures as a table",
      noDiversions: "No e-mail was diverted to a secure message in this period.",
    },
    policyMore: {
      orgHeading: "Organisation and notification e-mails",
      name: "Organisation name (shown in notification e-mails)",
      nameHelp: "2–100 characters, no web or e-mail addresses.",
      notice: "Your own text in the notification e-mail",
      noticeHelp:
        "Plain text, at most 500 characters and 6 lines, for example whom the recipient can call with questions. No links, web or e-mail addresses: the e-mail's only link is Sigill's own, so recipients do not learn to click other links in e-mails that look like Sigill's (protection against phishing). The subject, content and attachment names never appear in the e-mail.",
      noticeCount: (n) => `${String(n)} of 500 characters`,
      detection: "What the extension flags",
      detectionHelp:
        "Untick what should not be flagged in your organisation. The change reaches staff's extensions within five minutes.",
      alwaysOn:
        "Always on and cannot be switched off: personal identity numbers, coordination numbers and protected identity. Each on its own makes an e-mail sensitive.",
      keywords: "Your own words to always flag (one per line)",
      keywordsHelp:
        "For example the name of a unit, such as Resursenheten Björken. Upper and lower case do not matter. End with * to also match other endings (överklag*). At most 100 words of 2–60 characters: letters, digits, spaces, hyphens, full stops and apostrophes. The words are sent to every staff member's extension, so do not enter people's names.",
      nameInvalid: "The name must be 2–100 characters without web or e-mail addresses.",
      noticeLink: "The text must not contain links, web addresses (such as skola.se) or e-mail addresses.",
      noticeLong: "The text may be at most 500 characters.",
      noticeLines: "The text may be at most 6 lines.",
      noticeInvalid: "The text contains characters that are not allowed.",
      keywordInvalid: (word) =>
        `The word “${word}” cannot be used: 2–60 characters, letters, digits, spaces, hyphens, full stops or apostrophes, and * only at the end.`,
      keywordsTooMany: "At most 100 words of your own.",
      fixFields: "Correct the marked fields and save again.",
    },
    adminPasskeys: {
      show: (email) => `Passkeys of ${email}`,
      heading: (email) => `Passkeys of ${email}`,
      help: "Revoke a passkey when a device is lost, stolen or replaced. All the account's sessions end, on other devices too.",
      revoke: (name) => `Revoke ${name}`,
      confirmHeading: (name) => `Revoke ${name}?`,
      warning: "The passkey stops working at once and all the account's sessions end.",
      lastWarning: "This is the account's last passkey. The person cannot log in again until you create a reset link.",
      confirm: "Yes, revoke",
      revoked: (name, remaining) =>
        `${name} is revoked and the account's sessions have ended.${remaining === 0 ? " The account has no passkey left: create a reset link for the person." : ""}`,
      close: "Close",
    },
  },
};
