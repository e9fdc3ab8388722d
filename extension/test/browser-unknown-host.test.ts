// Issue 20: on an https host that is neither known webmail nor listed by the organisation's policy,
// the content script does nothing — not even for a page an adapter would recognise (here the
// Roundcube compose fixture, served over HTTPS as intranet.skola.example in real Chromium): no
// banner, no listener, Send goes as the page wants. Once the policy (sealed, as fetched from the
// server) lists the host, the same page is guarded. Known webmail hosts need no policy (issue 17's
// generic guard there is tested in webmails-real.test.ts).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { bannerState, storeSealed } from "./chromium.ts";
import { orgPolicyListing } from "./org-policy.ts";
import { useRealHostBrowser } from "./real-hosts.ts";

const fixture = readFileSync(new URL("./fixtures/roundcube-compose.html", import.meta.url), "utf8");
const PNR = "19121212-1212"; // Skatteverket's published test number
const URL_OF = "https://intranet.skola.example/compose";

const env = useRealHostBrowser({ "intranet.skola.example/compose": fixture });

/** Types a personnummer and presses Send; `guarded`: wait (up to 10 s) for the banner before pressing. */
async function typeAndSend(guarded = false): Promise<{ sent: number; banner: boolean; elements: number }> {
  const page = await env.context.newPage();
  await page.goto(URL_OF);
  const cdp = await env.context.newCDPSession(page);
  await page.locator("#composebody").pressSequentially(`Elevens personnummer är ${PNR}.`, { delay: 5 });
  // Time for a content script to answer, if one were running here.
  if (guarded) await expect.poll(async () => !(await bannerState(cdp)).hidden, { timeout: 10_000 }).toBe(true);
  else await page.waitForTimeout(1500);
  const banner = !(await bannerState(cdp)).hidden;
  await page.locator("button.send").click();
  await page.waitForTimeout(300);
  const result = {
    sent: await page.evaluate(() => (window as { __sent?: number }).__sent ?? 0),
    banner,
    elements: await page.locator("sigill-banner").count(),
  };
  await page.close();
  return result;
}

/** The organisation's policy, listing `host` among its webmail hosts. */
const policyListing = (host: string) => orgPolicyListing([host]);

describe("an https host that is neither known webmail nor in the policy", { timeout: 60_000 }, () => {
  it("when the policy does not list the host, then nothing of Sigill runs there; once it does, the page is guarded", async () => {
    expect(await typeAndSend()).toEqual({ sent: 1, banner: false, elements: 0 });

    // A policy for other hosts changes nothing here.
    await storeSealed(env.context, { orgPolicy: policyListing("webmail.annan.example") });
    expect(await typeAndSend()).toEqual({ sent: 1, banner: false, elements: 0 });

    await storeSealed(env.context, { orgPolicy: policyListing("*.skola.example") });
    const guarded = await typeAndSend(true);
    expect(guarded.banner).toBe(true);
    expect(guarded.sent).toBe(0);
  });
});
