import { browser } from "wxt/browser";
import { defineBackground } from "wxt/utils/define-background";
import { z } from "zod";

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

// Opens secure compose for a diverted draft. The draft waits in browser.storage.session (memory
// only, extension pages only) under a random id until the compose page takes it.
export default defineBackground(() => {
  browser.runtime.onMessage.addListener((message: unknown, sender) => {
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
