// Captures the real Roundcube compose page (elastic skin) from the rig (`webmail.sh up`) as
// static fixtures for extension/test/adapters-roundcube-real.test.ts.
//
//   node test/rig/capture-roundcube.mjs [--explore]
//
// Logs in as personal@skola.test with Debian's Chromium (no extension), opens compose, types a
// recipient, subject and body, uploads a small file, and saves the DOM twice: with the plain
// editor and with the HTML editor (TinyMCE). Live field values are written back into the markup
// (textarea text, input value attributes) so the static file holds what the page held; scripts
// are emptied and session-specific values replaced.
/* global document, window, location -- the functions passed to page.evaluate run in the page. */
import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";

const require = createRequire(new URL("../../extension/package.json", import.meta.url));
const { chromium } = require("playwright-core");

const port = process.env.WEBMAIL_PORT ?? "8780";
const base = `http://127.0.0.1:${port}`;
const fixtures = new URL("../../extension/test/fixtures/", import.meta.url);
const explore = process.argv.includes("--explore");

/** Copies live values into the markup, so outerHTML shows what the page holds. */
function freezeValues() {
  for (const el of document.querySelectorAll("textarea")) el.textContent = el.value;
  for (const el of document.querySelectorAll("input")) {
    if (el.type === "file" || el.type === "password") continue;
    if (el.type === "checkbox" || el.type === "radio") el.toggleAttribute("checked", el.checked);
    else el.setAttribute("value", el.value);
  }
  for (const el of document.querySelectorAll("select option")) el.toggleAttribute("selected", el.selected);
}

/** Removes what is specific to this session, this server or this run; keeps the element structure. */
function sanitize(html, secrets) {
  let out = html;
  for (const [secret, stand] of secrets) if (secret) out = out.split(secret).join(stand);
  // TinyMCE numbers its aria ids at random; number them in order so captures compare.
  const ariaIds = new Map();
  out = out.replace(/aria_\d{10,}/g, (id) => {
    if (!ariaIds.has(id)) ariaIds.set(id, `aria_${String(ariaIds.size + 1)}`);
    return ariaIds.get(id);
  });
  return (
    out
      // Scripts stay as empty elements: no code, no src.
      .replace(/<script\b[^>]*>[^]*?<\/script>/gi, (tag) =>
        tag
          .replace(/\s+src="[^"]*"/i, "")
          .replace(/\s+nonce="[^"]*"/i, "")
          .replace(/>[^]*<\/script>$/i, "></script>"),
      )
      // Stylesheets and other server resources are left out: the fixture is self-contained.
      .replace(/(<link\b[^>]*?)\s+href="[^"]*"/gi, "$1")
      .replace(/\?s=\d+/g, "")
      .replaceAll(base, "")
  );
}

const browser = await chromium.launch({
  executablePath: process.env.SIGILL_CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
try {
  const context = await browser.newContext({ locale: "sv-SE", viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${base}/`);
  await page.fill("#rcmloginuser", "personal");
  await page.fill("#rcmloginpwd", "sigill");
  await Promise.all([page.waitForURL(/_task=mail/), page.click("#rcmloginsubmit")]);

  await page.goto(`${base}/?_task=mail&_action=compose`);
  await page.waitForURL(/_id=/);
  await page.waitForFunction(
    () => window.rcmail?.busy === false && document.querySelector("#compose-subject") !== null,
  );
  const composeId = new URL(page.url()).searchParams.get("_id");
  const session = (await context.cookies()).map((c) => c.value).filter((v) => v.length >= 16);
  const token = await page.evaluate(() => window.rcmail.env.request_token);
  // rcversion is numeric: 10605 is 1.6.5.
  const version = await page.evaluate(() => {
    const v = Number(window.rcmail.env.rcversion);
    return [Math.floor(v / 10000), Math.floor(v / 100) % 100, v % 100].join(".");
  });

  // The recipient widget: type an address and a comma, as a person does.
  await page.click("#compose_to ul.recipient-input input");
  await page.keyboard.type("Vårdnadshavare <vardnadshavare@skola.test>, ");
  await page.fill("#compose-subject", "Elevärende");
  await page.fill("#composebody", "Hej, se bifogad fil.");
  // Hold the upload a moment to see the list item Roundcube shows while it runs.
  let release = () => undefined;
  const held = new Promise((resolve) => (release = resolve));
  await page.route(/_action=upload/, async (route) => {
    await held;
    await route.continue();
  });
  await page.setInputFiles("#uploadformInput", {
    name: "elevlista.txt",
    mimeType: "text/plain",
    buffer: Buffer.from("Anna Berg, 3B\n"),
  });
  await page.waitForSelector("#attachment-list li.uploading", { state: "attached" });
  const uploading = await page.$eval("#attachment-list", (list) => list.innerHTML);
  release();
  await page.waitForSelector("#attachment-list li:not(.uploading) a.delete");
  await page.waitForFunction(() => window.rcmail.busy === false);
  const uploadIds = await page.$$eval("#attachment-list li", (lis) => lis.map((li) => li.id));

  const secrets = [
    [token, "TOKEN"],
    [composeId, "COMPOSEID"],
    ...uploadIds.map((id, i) => [id.replace(/^rcmfile/, ""), `UPLOAD${String(i + 1)}`]),
    ...[...uploading.matchAll(/id="upload(\d+)"/g)].map((m, i) => [m[1], String(i + 1)]),
    ...session.map((value) => [value, "SESSION"]),
  ];

  const header = (state) =>
    `<!doctype html>\n<!-- Roundcube ${version} (Debian), elastic skin, sv_SE: the compose page with the ${state}, ` +
    "after typing a recipient, subject and body and uploading elevlista.txt. Captured by " +
    "test/rig/capture-roundcube.mjs (do not edit by hand: re-run it). Live field values are written into " +
    "the markup; scripts are emptied; TOKEN, COMPOSEID and UPLOAD1 stand for session values. -->\n";
  const snapshot = async (state) => {
    await page.evaluate(freezeValues);
    return header(state) + sanitize(await page.evaluate(() => document.documentElement.outerHTML), secrets);
  };

  if (explore) {
    console.log("while uploading:", uploading);
    console.log(
      await page.evaluate(() => ({
        to: document.querySelector("#_to").value,
        url: location.href,
        attachment: document.querySelector("#attachment-list").outerHTML,
        fileInput: document.querySelector("#uploadformInput").outerHTML,
        uploadForm: document.querySelector("#uploadform")?.outerHTML,
        sends: [...document.querySelectorAll("button.send, a.send, [data-command=send], [onclick*=send]")].map(
          (e) => e.outerHTML,
        ),
        editorSelector: document.querySelector("#editor-selector")?.outerHTML,
        forms: [...document.forms].map((f) => `${f.name}#${f.id} ${f.action}`),
      })),
    );
  }

  writeFileSync(
    new URL("roundcube-real-attachment-uploading.html", fixtures),
    "<!-- Roundcube's #attachment-list while elevlista.txt uploads (held by the capture script); " +
      "captured by test/rig/capture-roundcube.mjs. -->\n" +
      sanitize(uploading, secrets) +
      "\n",
  );
  const plain = await snapshot("plain-text editor");
  writeFileSync(new URL("roundcube-real-compose.html", fixtures), plain);

  // Switch to the HTML editor with the editor's own HTML button; Roundcube asks (confirm) before
  // converting a non-empty plain body.
  page.once("dialog", (dialog) => void dialog.accept());
  await page.click("#composebodycontainer .editor-toolbar a.mce-i-html");
  await page.waitForFunction(() => window.tinymce?.get("composebody")?.initialized === true);
  await page.waitForSelector("iframe#composebody_ifr");
  await page.waitForFunction(() => window.rcmail.busy === false);
  const frameHtml = sanitize(
    await page.evaluate(() => document.querySelector("#composebody_ifr").contentDocument.documentElement.outerHTML),
    secrets,
  );
  const html = (await snapshot("HTML editor (TinyMCE; the iframe's document is kept in srcdoc)")).replace(
    /<iframe id="composebody_ifr"/,
    // srcdoc carries the editor document TinyMCE wrote into the iframe (same-origin, so readable).
    () => `<iframe srcdoc="${frameHtml.replaceAll("&", "&amp;").replaceAll('"', "&quot;")}" id="composebody_ifr"`,
  );
  writeFileSync(new URL("roundcube-real-compose-html.html", fixtures), html);
  if (explore) console.log(frameHtml);
  console.log(`captured Roundcube ${version} compose: plain ${String(plain.length)} B, html ${String(html.length)} B`);
} finally {
  await browser.close();
}
