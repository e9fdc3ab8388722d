// The built extension in real Chromium on the Roundcube fixture: a file attached to an otherwise
// harmless mail is scanned inside the extension (offscreen document, worker), and a personnummer
// in a PDF's text layer shows in the banner with the file and page and stops Send, as typed text
// would; a clean PDF does not; an encrypted PDF cannot be scanned and counts as sensitive (the
// default policy), nor can a zip bomb or a part whose comment never ends, in the real worker;
// removing the file from the draft lets the mail go.
import { readFileSync } from "node:fs";
import type { CDPSession, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { bannerStates, useExtensionBrowser } from "./chromium.ts";
import { encryptedPdf as makeEncryptedPdf, pdf as makePdf } from "./make-files.ts";
import { docxWith, repeatedMember, textMember, WORD_BODY, wordParagraph } from "./make-hostile-files.ts";

const pdf = async (pages: string[]) => Buffer.from(await makePdf(pages));
const encryptedPdf = async () => Buffer.from(await makeEncryptedPdf());

const fixture = readFileSync(new URL("./fixtures/roundcube-compose.html", import.meta.url), "utf8");
const PNR = "19121212-1212"; // Skatteverket's published test number

async function openCompose(): Promise<{ page: Page; cdp: CDPSession }> {
  const page = await env.context.newPage();
  await page.goto(`${env.base}/roundcube`);
  const cdp = await env.context.newCDPSession(page);
  await expect.poll(async () => (await bannerStates(cdp)).length, { timeout: 10_000 }).toBe(1);
  await page.locator("#compose-subject").fill("Utflykt på fredag");
  await page.locator("#composebody").fill("Hej! Vi åker till skogen på fredag, ta med matsäck.");
  return { page, cdp };
}

const sent = (page: Page) => page.evaluate(() => (window as { __sent?: number }).__sent ?? 0);
const banner = async (cdp: CDPSession) => (await bannerStates(cdp))[0] ?? { text: "", hidden: true, dialogOpen: false };

const env = useExtensionBrowser({ "/roundcube": fixture });

describe("attachments in the webmail", () => {
  it(
    "when a PDF with a personnummer on page 2 is attached to a harmless mail, then the banner names the file and page, and Send and Ctrl+Enter are stopped",
    { timeout: 60_000 },
    async () => {
      const { page, cdp } = await openCompose();
      await page.locator("#uploadformInput").setInputFiles({
        name: "lakarintyg.pdf",
        mimeType: "application/pdf",
        buffer: await pdf(["Intyg", `Eleven Olle Svensson, personnummer ${PNR}, har varit sjuk.`]),
      });
      await expect.poll(async () => (await banner(cdp)).text, { timeout: 20_000 }).toContain("lakarintyg.pdf, sida 2");
      expect((await banner(cdp)).text).toContain("Personnummer");
      expect((await banner(cdp)).hidden).toBe(false);
      await page.locator("button.send").click();
      expect(await sent(page)).toBe(0);
      await expect.poll(async () => (await banner(cdp)).dialogOpen).toBe(true);
      await page.keyboard.press("Escape");
      await page.locator("#composebody").press("Control+Enter");
      expect(await sent(page)).toBe(0);
      await expect.poll(async () => (await banner(cdp)).dialogOpen).toBe(true);
      await page.keyboard.press("Escape");
      await expect.poll(async () => (await banner(cdp)).dialogOpen).toBe(false);

      // The file leaves the draft (Roundcube's delete link): the mail may go as ordinary e-mail.
      // (The fixture's delete link has no icon, so it is clicked as a script would.)
      await page.locator("#attachment-list a.delete").evaluate((a: HTMLElement) => {
        a.click();
      });
      await expect.poll(async () => page.locator("#attachment-list li").count()).toBe(0);
      await expect.poll(async () => (await banner(cdp)).hidden, { timeout: 5000 }).toBe(true);
      await page.locator("button.send").click();
      expect(await sent(page)).toBe(1);
      await page.close();
    },
  );

  it(
    "when Roundcube switches from the plain to the HTML editor after a file was picked, then the file still counts, and Send and Ctrl+Enter in the editor frame are stopped",
    { timeout: 60_000 },
    async () => {
      const { page, cdp } = await openCompose();
      await page.locator("#uploadformInput").setInputFiles({
        name: "elevlista.pdf",
        mimeType: "application/pdf",
        buffer: await pdf([`Elevlista: Olle Svensson ${PNR}`]),
      });
      await expect.poll(async () => (await banner(cdp)).text, { timeout: 20_000 }).toContain("elevlista.pdf");
      // What TinyMCE does to the page (test/rig/capture-roundcube.mjs): the textarea is hidden and
      // the editor's iframe appears next to it, which moves the compose window's anchor.
      await page.evaluate(() => {
        const textarea = document.getElementById("composebody") as HTMLTextAreaElement;
        textarea.style.display = "none";
        const container = document.createElement("div");
        container.className = "tox-edit-area";
        const frame = document.createElement("iframe");
        frame.id = "composebody_ifr";
        container.append(frame);
        textarea.after(container);
        const body = frame.contentDocument?.body;
        body?.setAttribute("contenteditable", "true");
        body?.append("Hej! Vi åker till skogen på fredag, ta med matsäck.");
      });
      await expect.poll(async () => (await banner(cdp)).text, { timeout: 10_000 }).toContain("elevlista.pdf");
      expect((await banner(cdp)).hidden).toBe(false);
      await page.locator("button.send").click();
      expect(await sent(page)).toBe(0);
      await expect.poll(async () => (await banner(cdp)).dialogOpen).toBe(true);
      await page.keyboard.press("Escape");
      await expect.poll(async () => (await banner(cdp)).dialogOpen).toBe(false);
      // Ctrl+Enter inside the editor's frame: its keys never reach the page's window, and are stopped too.
      await page.frameLocator("#composebody_ifr").locator("body").press("Control+Enter");
      await expect.poll(async () => (await banner(cdp)).dialogOpen).toBe(true);
      await page.close();
    },
  );

  it(
    "when a PDF is dropped onto the compose window instead of picked, then it is scanned the same way",
    { timeout: 60_000 },
    async () => {
      const { page, cdp } = await openCompose();
      const bytes = (await pdf([`Elevlista: Olle Svensson ${PNR}`])).toString("base64");
      // A real drop event with a real File in its DataTransfer, as the browser makes for a dragged file.
      await page.locator("#composebody").evaluate((target, b64) => {
        const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const transfer = new DataTransfer();
        transfer.items.add(new File([data], "elevlista.pdf", { type: "application/pdf" }));
        target.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
      }, bytes);
      await expect.poll(async () => (await banner(cdp)).text, { timeout: 20_000 }).toContain("elevlista.pdf, sida 1");
      await page.locator("button.send").click();
      expect(await sent(page)).toBe(0);
      await page.close();
    },
  );

  it(
    "when the webmail takes a flagged file out of its list with no input or change event, then the banner stops showing it at once, without a keystroke",
    { timeout: 60_000 },
    async () => {
      const { page, cdp } = await openCompose();
      await page.locator("#uploadformInput").setInputFiles({
        name: "lakarintyg.pdf",
        mimeType: "application/pdf",
        buffer: await pdf([`Eleven Olle Svensson, personnummer ${PNR}, har varit sjuk.`]),
      });
      await expect.poll(async () => (await banner(cdp)).text, { timeout: 20_000 }).toContain("lakarintyg.pdf");
      // As Gmail and Outlook do when a chip's "remove" was clicked and the server has let go of the
      // file: their own script takes the item away; no event reaches the guard.
      await page.evaluate(() => {
        document.querySelector("#attachment-list li")?.remove();
      });
      await expect.poll(async () => (await banner(cdp)).hidden, { timeout: 3000 }).toBe(true);
      await page.locator("button.send").click();
      expect(await sent(page)).toBe(1);
      await page.close();
    },
  );

  it(
    "when a clean file is attached with the same name as a flagged one still in the draft, then Send stays stopped (review D2)",
    { timeout: 60_000 },
    async () => {
      const { page, cdp } = await openCompose();
      await page.locator("#uploadformInput").setInputFiles({
        name: "scan.pdf",
        mimeType: "application/pdf",
        buffer: await pdf([`Elev: Olle, personnummer ${PNR}`]),
      });
      await expect.poll(async () => (await banner(cdp)).text, { timeout: 20_000 }).toContain("scan.pdf");
      await page.locator("#uploadformInput").setInputFiles({
        name: "scan.pdf",
        mimeType: "application/pdf",
        buffer: await pdf(["Packlista: matsäck, regnkläder, vattenflaska."]),
      });
      // Both are in the draft now; the second's clean scan does not hide the first's finding.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      expect((await banner(cdp)).hidden).toBe(false);
      await page.locator("button.send").click();
      expect(await sent(page)).toBe(0);
      await page.close();
    },
  );

  it(
    "when a forwarded file and a captured clean file share a name, then the forwarded one still counts as not checked and Send stays stopped (independent review)",
    { timeout: 60_000 },
    async () => {
      const { page, cdp } = await openCompose();
      // What Roundcube lists for a forwarded mail's attachment: its server holds the file, the
      // extension never had its bytes.
      await page.evaluate(() => {
        (window as unknown as { addAttachment: (name: string, size: number) => void }).addAttachment(
          "intyg.pdf",
          40_000,
        );
      });
      await expect.poll(async () => (await banner(cdp)).text, { timeout: 10_000 }).toContain("fanns redan i utkastet");
      // The school's own clean intyg.pdf, picked and scanned.
      await page.locator("#uploadformInput").setInputFiles({
        name: "intyg.pdf",
        mimeType: "application/pdf",
        buffer: await pdf(["Packlista: matsäck, regnkläder, vattenflaska."]),
      });
      await expect.poll(async () => page.locator("#attachment-list li").count()).toBe(2);
      // Its scan is done once the banner no longer says it is checking it (or, as before the fix, is gone).
      await expect
        .poll(
          async () => {
            const b = await banner(cdp);
            return b.hidden || !b.text.includes("Granskar bilagan");
          },
          { timeout: 20_000 },
        )
        .toBe(true);
      await page.locator("button.send").click();
      expect(await sent(page)).toBe(0);
      await expect.poll(async () => (await banner(cdp)).dialogOpen).toBe(true);
      expect((await banner(cdp)).text).toContain("fanns redan i utkastet");
      expect((await banner(cdp)).hidden).toBe(false);
      await page.close();
    },
  );

  it(
    "when a clean PDF is attached, then after its scan nothing is flagged and Send goes through",
    { timeout: 60_000 },
    async () => {
      const { page, cdp } = await openCompose();
      await page.locator("#uploadformInput").setInputFiles({
        name: "packlista.pdf",
        mimeType: "application/pdf",
        buffer: await pdf(["Packlista: matsäck, regnkläder, vattenflaska."]),
      });
      // While the scan runs the file blocks sending; once it is done, the banner goes.
      await expect.poll(async () => (await banner(cdp)).hidden, { timeout: 20_000 }).toBe(true);
      await page.locator("button.send").click();
      expect(await sent(page)).toBe(1);
      await page.close();
    },
  );

  it(
    "when an encrypted PDF is attached, then the banner says it could not be checked and, by default policy, Send is stopped",
    { timeout: 60_000 },
    async () => {
      const { page, cdp } = await openCompose();
      await page.locator("#uploadformInput").setInputFiles({
        name: "hemligt.pdf",
        mimeType: "application/pdf",
        buffer: await encryptedPdf(),
      });
      await expect
        .poll(async () => (await banner(cdp)).text, { timeout: 20_000 })
        .toContain("hemligt.pdf kunde inte granskas (den är lösenordsskyddad)");
      await page.locator("button.send").click();
      expect(await sent(page)).toBe(0);
      await page.close();
    },
  );

  const hostile: [string, string, () => Uint8Array][] = [
    [
      "a DOCX that inflates to 256 MiB behind a 1 KiB size header",
      "den är för stor",
      () =>
        docxWith(
          repeatedMember("word/document.xml", "<a/>", 256 * 1024 * 1024, { around: WORD_BODY, claimedSize: 1024 }),
        ),
    ],
    [
      "a DOCX whose comment never ends, before 4 MiB of tags",
      "filen är skadad eller gick inte att läsa",
      () =>
        docxWith(
          textMember(
            "word/document.xml",
            `${WORD_BODY[0]}${wordParagraph("Hej")}<!--${"<w:p>".repeat(Math.floor((4 * 1024 * 1024) / 5))}`,
          ),
        ),
    ],
  ];
  for (const [what, why, make] of hostile) {
    it(
      `when ${what} is attached, then the banner says it could not be checked (${why}) and, by default policy, Send is stopped`,
      { timeout: 60_000 },
      async () => {
        const { page, cdp } = await openCompose();
        await page.locator("#uploadformInput").setInputFiles({
          name: "bilaga.docx",
          mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          buffer: Buffer.from(make()),
        });
        await expect
          .poll(async () => (await banner(cdp)).text, { timeout: 20_000 })
          .toContain(`bilaga.docx kunde inte granskas (${why})`);
        await page.locator("button.send").click();
        expect(await sent(page)).toBe(0);
        await page.close();
      },
    );
  }
});
