// The access log as the admin console reads it: entries with filters and paging, the CSV
// export's address for the same filters, and the chain and checkpoint check. People are shown by address,
// taken from the account list (the log itself holds ids only).
import { z } from "zod";
import { call } from "./api.ts";

export const entrySchema = z.object({
  seq: z.number(),
  at: z.string(),
  type: z.string(),
  actorId: z.string().nullable(),
  subjectId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
});
export type Entry = z.infer<typeof entrySchema>;

export interface LogFilter {
  readonly actor?: string;
  readonly subject?: string;
  readonly type?: string;
  /** Dates as yyyy-mm-dd (whole days, UTC). */
  readonly from?: string;
  readonly to?: string;
}

/** The query string for a filter (empty fields left out; `to` includes its whole day). */
export function filterQuery(filter: LogFilter, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  if (filter.actor) q.set("actor", filter.actor);
  if (filter.subject) q.set("subject", filter.subject.trim());
  if (filter.type) q.set("type", filter.type);
  if (filter.from) q.set("from", new Date(`${filter.from}T00:00:00Z`).toISOString());
  if (filter.to) q.set("to", new Date(new Date(`${filter.to}T00:00:00Z`).getTime() + 86_400_000).toISOString());
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  const text = q.toString();
  return text === "" ? "" : `?${text}`;
}

export const PAGE_SIZE = 50;

export async function readLog(
  filter: LogFilter,
  before?: number,
): Promise<{ entries: Entry[]; nextBefore: number | null }> {
  return call(
    z.object({ entries: z.array(entrySchema), nextBefore: z.number().nullable() }),
    "GET",
    `/api/admin/audit${filterQuery(filter, { limit: String(PAGE_SIZE), ...(before !== undefined && { before: String(before) }) })}`,
  );
}

export function csvAddress(filter: LogFilter): string {
  return `/api/admin/audit.csv${filterQuery(filter)}`;
}

const chainSchema = z.object({
  ok: z.boolean(),
  entries: z.number(),
  firstBadSeq: z.number().nullable(),
  unkeyed: z.number(),
  anchor: z.object({
    state: z.enum(["agrees", "none", "behind", "differs", "unreadable"]),
    checkpoints: z.number(),
    latest: z.object({ kind: z.enum(["checkpoint", "restore"]), seq: z.number(), at: z.string() }).nullable(),
    firstDifferentSeq: z.number().nullable(),
  }),
});
export type ChainStatus = z.infer<typeof chainSchema>;

/** The chain, the entries' signatures and the checkpoints outside the database, as the server checks them. */
export async function verifyChain(): Promise<ChainStatus> {
  return call(chainSchema, "GET", "/api/admin/audit/verify");
}

/** Every account's address by id (all pages of the admin account list). */
export async function accountNames(): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  let cursor: string | null = null;
  do {
    const page: { accounts: { id: string; email: string }[]; nextCursor: string | null } = await call(
      z.object({
        accounts: z.array(z.object({ id: z.string(), email: z.string() })),
        nextCursor: z.string().nullable(),
      }),
      "GET",
      `/api/admin/accounts?limit=200${cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`}`,
    );
    for (const a of page.accounts) names.set(a.id, a.email);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return names;
}
