// Reports for the organisation's admin about what the extension could not be sure of on a webmail
// page: a compose window it did not recognise (host, kinds), or files it could not scan let through
// to Send (host, reasons, count). Never text, names or addresses. Without a session, or while the
// server cannot be reached, they wait in session storage (memory only, gone with the browser
// session; emptied when the extension is updated) and go with the next report that can be sent.
// Pure: the storage area and the request are given.
import { SigillError, type KeyValue } from "@sigill/client";
import { z } from "zod";

export const ADMIN_REPORTS_KEY = "admin-reports-pending";
/** Most reports kept waiting; the oldest go first. */
export const MAX_WAITING = 20;

const reportSchema = z.discriminatedUnion("path", [
  z.object({
    path: z.literal("/api/events/unrecognised-compose"),
    body: z.object({ host: z.string().max(253), kinds: z.array(z.string().max(40)).max(20) }),
  }),
  z.object({
    path: z.literal("/api/events/unchecked-attachment"),
    body: z.object({
      host: z.string().max(253),
      reasons: z.array(z.string().max(40)).max(20),
      files: z.number().int().min(1).max(100),
    }),
  }),
]);
export type AdminReport = z.infer<typeof reportSchema>;

/** A server answer that trying again cannot change: a 4xx other than a lost session (401) or a rate limit (429). */
export function refusedForGood(error: unknown): boolean {
  const status = error instanceof SigillError ? error.status : undefined;
  return status !== undefined && status >= 400 && status < 500 && status !== 401 && status !== 429;
}

// One report at a time: two at once would each read the waiting list and the second write would
// lose the first's.
let last: Promise<unknown> = Promise.resolve();

/**
 * Adds `report` to those waiting and sends them all in order with `post` (null: no session, so all
 * wait). One the server refuses for good (an older server without the route, say) is dropped, so it
 * cannot crowd out the others; any other failure keeps it waiting. Resolves to whether none waits.
 */
export function sendAdminReport(
  store: KeyValue,
  report: AdminReport,
  post: ((report: AdminReport) => Promise<unknown>) | null,
): Promise<{ ok: boolean }> {
  const run = last.then(async () => {
    const stored = z.array(reportSchema).safeParse(await store.get(ADMIN_REPORTS_KEY));
    const waiting = [...(stored.success ? stored.data : []), report].slice(-MAX_WAITING);
    const unsent: AdminReport[] = [];
    for (const r of waiting) {
      const sent =
        post !== null &&
        (await post(r).then(
          () => true,
          (error: unknown) => refusedForGood(error),
        ));
      if (!sent) unsent.push(r);
    }
    await store.set(ADMIN_REPORTS_KEY, unsent);
    return { ok: unsent.length === 0 };
  });
  last = run.catch(() => undefined);
  return run;
}
