import { browser } from "wxt/browser";
import { defineBackground } from "wxt/utils/define-background";
import { z } from "zod";
import { loadSettings } from "../secure/settings.ts";
import { chromeArea, loadSession } from "../secure/session-store.ts";

const divertSchema = z.object({
  type: z.literal("sigill:divert"),
  draft: z.object({
    to: z.array(z.string().max(254)).max(200),
    cc: z.array(z.string().max(254)).max(200),
    bcc: z.array(z.string().max(254)).max(200),
    subject: z.string().max(998),
    body: z.string().max(8_000_000),
  }),
});

const overrideSchema = z.object({
  type: z.literal("sigill:override"),
  kinds: z.array(z.string().max(40)).min(1).max(20),
  reason: z.string().max(300),
});

/** Policy and override calls need the session token, which content scripts never see. */
async function handleOverride(message: unknown): Promise<unknown> {
  const settings = await loadSettings({
    managed: { get: () => browser.storage.managed.get() },
    local: browser.storage.local,
  });
  const session = await loadSession(chromeArea(browser.storage.session), Date.now(), settings.lockIdleMs);
  if (session === null) return { allowed: false, ok: false };
  if ((message as { type?: unknown }).type === "sigill:override-allowed") {
    const policy = await session.api.call(z.object({ allowPlainOverride: z.boolean() }), "GET", "/api/policy");
    return { allowed: policy.allowPlainOverride };
  }
  const parsed = overrideSchema.safeParse(message);
  if (!parsed.success) return { ok: false };
  await session.api.call(z.object({ ok: z.literal(true) }), "POST", "/api/events/plain-override", {
    kinds: parsed.data.kinds,
    reason: parsed.data.reason,
  });
  return { ok: true };
}

// Opens secure compose for a diverted draft. The draft waits in browser.storage.session (memory
// only, extension pages only) under a random id until the compose page takes it.
export default defineBackground(() => {
  browser.runtime.onMessage.addListener((message: unknown, sender, sendResponse: (answer: unknown) => void) => {
    const type = (message as { type?: unknown } | null)?.type;
    if (type === "sigill:override-allowed" || type === "sigill:override") {
      // Any failure (no session, server down, policy refuses) means: not allowed, nothing sent.
      void handleOverride(message).then(sendResponse, () => {
        sendResponse({ allowed: false, ok: false });
      });
      return true;
    }
    const parsed = divertSchema.safeParse(message);
    const tab = sender.tab?.id;
    if (!parsed.success || tab === undefined) return undefined;
    const id = crypto.randomUUID();
    void browser.storage.session
      .set({ [`draft:${id}`]: parsed.data.draft })
      .then(() => browser.tabs.create({ url: browser.runtime.getURL(`/compose.html?draft=${id}&tab=${String(tab)}`) }));
    return undefined;
  });
});
