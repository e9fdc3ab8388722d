import { createRoot } from "react-dom/client";
import { z } from "zod";
import { browser } from "wxt/browser";
import { ComposePage } from "../../pages/compose.tsx";
import "../../pages/styles.css";
import { pageContext } from "../../pages/context.ts";
import { storagePins } from "../../secure/pins.ts";

const params = new URLSearchParams(location.search);
const draftKey = params.has("draft") ? `draft:${params.get("draft") ?? ""}` : null;
const sourceTab = Number(params.get("tab") ?? "NaN");
const draftSchema = z.object({
  to: z.array(z.string()),
  cc: z.array(z.string()),
  bcc: z.array(z.string()),
  subject: z.string(),
  body: z.string(),
});

const ctx = await pageContext();
const root = document.getElementById("root");
if (root !== null) {
  createRoot(root).render(
    <ComposePage
      deps={{
        session: ctx.session,
        pins: storagePins(ctx.local),
        now: () => Date.now(),
        idleMs: ctx.settings.lockIdleMs,
        accountUrl: ctx.url("/account.html"),
        organisation: ctx.settings.organisationName,
        ...(draftKey !== null && {
          draft: async () => {
            const stored = (await browser.storage.session.get(draftKey))[draftKey];
            await browser.storage.session.remove(draftKey); // taken once
            const parsed = draftSchema.safeParse(stored);
            return parsed.success ? parsed.data : null;
          },
        }),
        ...(Number.isInteger(sourceTab) && {
          deliver: async (notification: { subject: string; text: string }) => {
            const answer: unknown = await browser.tabs.sendMessage(sourceTab, {
              type: "sigill:deliver",
              ...notification,
            });
            const a = answer as { sent?: unknown; attachments?: unknown } | undefined;
            return { sent: a?.sent === true, attachments: typeof a?.attachments === "number" ? a.attachments : 0 };
          },
        }),
      }}
    />,
  );
}
