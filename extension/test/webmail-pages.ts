// The webmail compose pages the browser tests serve on the webmails' real host names, built from
// the captured markup in test/fixtures/gmail/ and test/fixtures/outlook/ (each fixture records its
// source; test/fixtures/README.md says which parts are captures and which are not). Nothing here
// changes the captured markup except, for the Swedish variants, the UI labels: no Swedish capture of
// either webmail exists publicly, so those labels are OUR translations, and the variants show that
// recognition does not depend on them. Every page gets our stand-in for the webmail's send logic
// (fixtures/webmail-standin.js), configured per page.
import { readFileSync } from "node:fs";

const fixture = (path: string) => readFileSync(new URL(`./fixtures/${path}`, import.meta.url), "utf8");
const STANDIN = fixture("webmail-standin.js");

/** How the stand-in finds this page's compose parts (selectors into the captured markup). */
interface StandinConfig {
  readonly style: "gmail" | "outlook";
  readonly compose: string;
  readonly send: string;
  readonly body: string;
  readonly bodyFrame?: string;
  readonly subject?: string;
  readonly to?: string;
  readonly root?: string;
}

export type Lang = "en" | "sv";

export interface WebmailPage {
  /** What the test names. */
  readonly name: string;
  /** The page's address without the scheme: host and path. */
  readonly url: string;
  /** Other documents served beside it (the classic OWA editor frame). */
  readonly extra?: Readonly<Record<string, string>>;
  readonly html: string;
  readonly standin: StandinConfig;
  /** Where a person types the body (inside `frame` when set). */
  readonly body: string;
  readonly frame?: string;
  /** The control a person clicks to send. */
  readonly send: string;
  /** How recipients are typed where the markup holds none yet (selector to fill), if at all. */
  readonly to?: string;
  /** True when a webmail adapter must recognise the compose; false when only the generic guard can. */
  readonly recognised: boolean;
  /** The host is the organisation's own (policy webmailDomains must list it). */
  readonly policyHost?: boolean;
}

/** Appends the stand-in with its config before </body>. */
function withStandin(html: string, config: StandinConfig): string {
  const script = `<script>window.__standinConfig = ${JSON.stringify(config)};</script>\n<script>${STANDIN}</script>\n`;
  const at = html.lastIndexOf("</body>");
  return at < 0 ? html + script : html.slice(0, at) + script + html.slice(at);
}

/** Label translations, ours (see the file comment): [English as captured, Swedish]. */
const GMAIL_SV: readonly [string, string][] = [
  ['aria-label="Message Body"', 'aria-label="Meddelandetext"'],
  ["Send \u202a(Ctrl-Enter)\u202c", "Skicka \u202a(Ctrl-Enter)\u202c"],
  ['placeholder="Subject" aria-label="Subject"', 'placeholder="Ämne" aria-label="Ämne"'],
  ['aria-label="To"', 'aria-label="Till"'],
  ['tabindex="1">Send</div>', 'tabindex="1">Skicka</div>'],
];
const OUTLOOK_SV: readonly [string, string][] = [
  ["Message body, press Alt+F10 to exit", "Meddelandetext, tryck på Alt+F10 för att avsluta"],
  ['aria-label="Message body"', 'aria-label="Meddelandetext"'],
  ['aria-label="To"', 'aria-label="Till"'],
  [
    'placeholder="Add a subject" aria-label="Add a subject"',
    'placeholder="Lägg till ett ämne" aria-label="Lägg till ett ämne"',
  ],
  ['aria-label="Send" title="Send (Ctrl+Enter)"', 'aria-label="Skicka" title="Skicka (Ctrl+Retur)"'],
  ["<span>Send</span>", "<span>Skicka</span>"],
  [
    "To recipients. Enter an email address or a name from your contact list.",
    "Till-mottagare. Ange en e-postadress eller ett namn från kontaktlistan.",
  ],
  [
    "Cc recipients. Enter an email address or a name from your contact list.",
    "Kopia-mottagare. Ange en e-postadress eller ett namn från kontaktlistan.",
  ],
  ['aria-label="Send" title="Send"', 'aria-label="Skicka" title="Skicka"'],
];

function translate(html: string, table: readonly [string, string][], lang: Lang): string {
  if (lang === "en") return html;
  let out = html;
  for (const [en, sv] of table) out = out.replaceAll(en, sv);
  return out;
}

/** The js-min capture's To/Cc/Bcc rows are collapsed (display: none) as captured; Gmail opens them on a click. */
function openGmailRecipients(html: string): string {
  return html.replace(
    '<div class="fX aXjCH" id=":5g" style="display: none;">',
    '<div class="fX aXjCH" id=":5g" style="">',
  );
}

const GMAIL_STANDIN = {
  style: "gmail",
  compose: "div.M9",
  send: "div[role=button].aoO",
  body: "div[g_editable=true]",
  subject: "input[name=subjectbox]",
  to: "textarea[name=to]",
} as const;

const OUTLOOK_STANDIN = {
  style: "outlook",
  send: "[data-testid=ComposeSendButton] button",
  subject: "#TextField63",
  to: ".QdX2d",
} as const;

/** Every captured-markup compose page, in English (as captured) or Swedish (our translation of the labels). */
export function webmailPages(lang: Lang): WebmailPage[] {
  const gmail = (name: string, file: string, path: string): WebmailPage => ({
    name: `Gmail, ${name} (${lang})`,
    url: `mail.google.com${path}`,
    html: withStandin(openGmailRecipients(translate(fixture(`gmail/${file}`), GMAIL_SV, lang)), GMAIL_STANDIN),
    standin: GMAIL_STANDIN,
    body: "div[g_editable=true]",
    send: "div[role=button].aoO",
    to: "textarea[name=to]",
    recognised: true,
  });
  const outlook = (name: string, file: string, host: string, compose: string, body: string): WebmailPage => {
    const standin = { ...OUTLOOK_STANDIN, compose, body };
    return {
      name: `Outlook on the web, ${name} (${lang})`,
      url: `${host}/mail/`,
      html: withStandin(translate(fixture(`outlook/${file}`), OUTLOOK_SV, lang), standin),
      standin,
      body,
      send: OUTLOOK_STANDIN.send,
      recognised: true,
    };
  };
  const classic = {
    style: "outlook",
    compose: "[tempid=mailcomposeview]",
    send: "[tempid=mailcomposetoolbar] button:first-child",
    body: "#MicrosoftOWAEditorRegion",
    bodyFrame: "iframe#EditorBody",
    subject: "input[aria-labelledby]",
    to: "input[title]",
  } as const;
  const light = {
    style: "outlook",
    compose: "form#frm",
    send: "#lnkHdrsend",
    body: "textarea[name=txtbdy]",
    subject: "#txtsbj",
    to: "#divTo, #txtto",
  } as const;
  return [
    gmail("new-message dialog (capture, 2020)", "jsmin-compose-dialog-2020.html", "/mail/u/0/"),
    gmail("inline reply (captured compose in assembled thread)", "gmail-inline-reply.html", "/mail/u/1/"),
    outlook(
      "new message in the reading pane",
      "new-outlook-reading-pane.html",
      "outlook.office.com",
      "#docking_InitVisiblePart_0",
      "[id^=editorParent_] > [contenteditable]",
    ),
    outlook(
      "inline reply",
      "new-outlook-inline-reply.html",
      "outlook.office365.com",
      "#docking_InitVisiblePart_0",
      "[id^=editorParent_] > [contenteditable]",
    ),
    outlook("popped-out compose", "new-outlook-popout.html", "outlook.live.com", "[role=main]", "div.dbf5I"),
    {
      name: `Exchange 2013/2016 OWA on the organisation's host (${lang})`,
      url: "webmail.kommun.example/owa/",
      extra: {
        "webmail.kommun.example/owa/editor.html": fixture(
          "outlook/classic-owa-2013-2016-editor-iframe-document-zh.html",
        ),
      },
      html: withStandin(translate(fixture("outlook/classic-owa-2013.html"), OUTLOOK_SV, lang), classic),
      standin: classic,
      body: "#MicrosoftOWAEditorRegion",
      frame: "iframe#EditorBody",
      send: classic.send,
      recognised: true,
      policyHost: true,
    },
    {
      name: `OWA Light on the organisation's host (capture, Chinese UI)`,
      url: "webmail.kommun.example/owa/?ae=Item&t=IPM.Note&a=New",
      html: withStandin(fixture("outlook/classic-owa-light-compose-zh-konglx90.html"), light),
      standin: light,
      body: "textarea[name=txtbdy]",
      send: "#lnkHdrsend",
      recognised: true,
      policyHost: true,
    },
  ];
}

/**
 * Compose layouts no adapter knows, on known webmail hosts (OURS, written to be unrecognisable: a
 * webmail that changed its markup). The generic guard must take them.
 */
export function unknownLayouts(): WebmailPage[] {
  const page = (title: string, inner: string) =>
    `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>${title}</title></head><body>${inner}</body></html>`;
  const named = {
    style: "outlook",
    compose: "section.zq1",
    send: "button.zq3",
    body: "div.zq2",
    subject: "input.zq4",
    to: "input.zq5",
  } as const;
  const nameless = { style: "gmail", compose: "div.xk1", send: "div.xk3", body: "div.xk2" } as const;
  return [
    {
      name: "outlook.office.com, a compose layout no adapter knows, Send named by its title",
      url: "outlook.office.com/mail/new",
      html: withStandin(
        page(
          "Outlook",
          `<main><section class="zq1"><input class="zq5" aria-label="Mottagare" value="anna.berg@example.org"><input class="zq4" placeholder="Ämne"><div class="zq2" contenteditable="true" style="min-height:200px"></div><button class="zq3" title="Skicka"><svg width="16" height="16"></svg></button></section></main>`,
        ),
        named,
      ),
      standin: named,
      body: "div.zq2",
      send: "button.zq3",
      recognised: false,
    },
    {
      name: "mail.google.com, a compose layout no adapter knows, Send without any name",
      url: "mail.google.com/mail/u/2/",
      html: withStandin(
        page(
          "Gmail",
          `<div class="xk1"><div class="xk2" contenteditable="true" style="min-height:200px"></div><div class="xk3" role="button" tabindex="0" style="width:40px;height:20px;background:#1a73e8"></div></div>`,
        ),
        nameless,
      ),
      standin: nameless,
      body: "div.xk2",
      send: "div.xk3",
      recognised: false,
    },
  ];
}
