import { createRoot } from "react-dom/client";
import { browser } from "wxt/browser";
import { ComposePage } from "../../pages/compose.tsx";
import { managedServer } from "../../secure/allowed-server.ts";
import "../../pages/styles.css";
import { countActivity, pageContext } from "../../pages/context.ts";
import { COMPOSE_TEXT, showLang } from "../../pages/i18n.ts";
import { cachedPolicy, fileSpool, refreshPolicy, spillingSpool, storagePins, sweepSpool } from "@sigill/client";
import { scanThroughExtension } from "../../content/scan-request.ts";
import { draftSchema } from "../../protocol.ts";
import { ask, base64ToBytes, isSharedUrl } from "../../wire.ts";

const params = new URLSearchParams(location.search);
const draftKey = params.has("draft") ? `draft:${params.get("draft") ?? ""}` : null;
const sourceTab = Number(params.get("tab") ?? "NaN");
const toBackground = (message: unknown) => browser.runtime.sendMessage(message);
const toWebmail = (message: unknown) => browser.tabs.sendMessage(sourceTab, message);

const ctx = await pageContext();
countActivity(ctx);
showLang(document, ctx.lang, COMPOSE_TEXT[ctx.lang].title);
const opfs = () => navigator.storage.getDirectory();
const SPOOL_MEMORY_BYTES = 32 * 1024 * 1024;
/** Longest a scan is waited for before the file counts as not scanned (as in the webmail tab). */
const SCAN_WAIT_MS = 60_000;
// Ciphertext left by a page that closed mid-send is removed after a day.
void sweepSpool(opfs, Date.now()).catch(() => 0);
const root = document.getElementById("root");
if (root !== null) {
  createRoot(root).render(
    <ComposePage
      deps={{
        lang: ctx.lang,
        session: ctx.session,
        pins: storagePins(ctx.trusted),
        // Up to 32 MiB of a file's ciphertext waits in memory, a larger file on disk.
        spool: spillingSpool(SPOOL_MEMORY_BYTES, fileSpool(opfs)),
        // A send waits for running scans (the access code may depend on them): never for ever.
        scanAttachment: (file: File) => scanThroughExtension(file, toBackground, SCAN_WAIT_MS),
        now: () => Date.now(),
        idleMs: ctx.settings.lockIdleMs,
        managedServer: managedServer(ctx.settings),
        onSessionChange: ctx.onSessionChange,
        accountUrl: ctx.url("/account.html"),
        organisation: ctx.settings.organisationName,
        notificationEnglish: ctx.settings.notificationEnglish,
        policy: async (session) =>
          (await refreshPolicy(session.api, ctx.trusted).catch(() => null)) ??
          (await cachedPolicy(ctx.trusted, session.api.server)),
        ...(draftKey !== null && {
          draft: async () => {
            const stored = (await browser.storage.session.get(draftKey))[draftKey];
            await browser.storage.session.remove(draftKey); // taken once
            const parsed = draftSchema.safeParse(stored);
            return parsed.success ? parsed.data : null;
          },
        }),
        ...(Number.isInteger(sourceTab) && {
          // Not delivered unless the webmail says so (no answer: nothing was sent).
          deliver: (source: string, notification: { subject: string; text: string }) =>
            ask(toWebmail, { type: "sigill:deliver", source, ...notification }).catch(() => ({
              sent: false,
              attachments: 0,
            })),
          readAttachment: async (source: string, index: number, offset: number, length: number) => {
            const answer = await ask(toWebmail, {
              type: "sigill:read-attachment",
              source,
              index,
              offset,
              length,
            }).catch(() => ({ bytes: null }));
            return answer.bytes === null ? null : base64ToBytes(answer.bytes);
          },
          shareAttachment: async (source: string, index: number) => {
            const answer = await ask(toWebmail, { type: "sigill:share-attachment", source, index }).catch(() => ({
              url: null,
            }));
            // Checked again here: only an object URL is fetched (never a server), and only a 200.
            if (!isSharedUrl(answer.url)) return null;
            const response = await fetch(answer.url).catch(() => null);
            return response?.ok === true ? await response.blob().catch(() => null) : null;
          },
        }),
      }}
    />,
  );
}
