// Admin charts (issue 7): counts computed from the access log. Weeks and days are Stockholm's
// (see calendar.ts); the sums are made here in TypeScript over a time-bounded, paged query, so
// SQLite and PostgreSQL give the same answer without provider-specific date SQL.
import { z } from "zod";
import type { Deps } from "../../deps.ts";
import type { RouteTable } from "../../http/route.ts";
import { requireAccess } from "../auth/sessions.ts";
import { KINDS, kindSchema, storedKinds } from "../policy/kinds.ts";
import { addDays, isoWeek, localDay, queryBounds, STATS_TIME_ZONE, weekStart } from "./calendar.ts";

const querySchema = z
  .object({
    /** How many ISO weeks, ending with the week that holds `until` (whole weeks). */
    weeks: z.coerce.number().int().min(1).max(104).default(12),
    /** How many days, ending with `until`. */
    days: z.coerce.number().int().min(1).max(366).default(30),
    /** The last day (yyyy-mm-dd, Stockholm); default today. */
    until: z.iso
      .date()
      .refine((d) => d >= "2000-01-01" && d <= "2999-12-31", "a date between 2000 and 2999")
      .optional(),
  })
  .strict();

const weekSchema = z.object({
  week: z.string(),
  start: z.string(),
  /** Secure messages that start a conversation (replies are counted apart). */
  messages: z.number(),
  replies: z.number(),
  /** Flagged drafts sent as secure messages instead of e-mail. */
  diversions: z.number(),
  /** Diversions by detection kind; one diversion with two kinds counts once in each. */
  byKind: z.record(z.string(), z.number()),
});

const statsSchema = z.object({
  timeZone: z.string(),
  until: z.string(),
  weeks: z.array(weekSchema),
  days: z.array(z.object({ day: z.string(), logins: z.number(), failedLogins: z.number() })),
  /** The detection kinds with at least one diversion in the range, in the server's order. */
  kinds: z.array(kindSchema),
});
export type Stats = z.infer<typeof statsSchema>;

const COUNTED = ["message.created", "policy.diversion", "auth.login", "auth.login_failed"] as const;
const PAGE = 5000;
const detailsSchema = z.object({ reply: z.boolean().optional(), kinds: z.string().optional() }).loose();

function parseDetails(stored: string): z.infer<typeof detailsSchema> {
  try {
    const parsed = detailsSchema.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** The figures for the admin charts; `until` defaults to today's date in Stockholm. */
export async function computeStats(deps: Deps, query: z.infer<typeof querySchema>): Promise<Stats> {
  const until = query.until ?? localDay(deps.now());
  const lastWeek = weekStart(until);
  const firstWeek = addDays(lastWeek, -7 * (query.weeks - 1));
  const firstDay = addDays(until, -(query.days - 1));

  const weeks = new Map<
    string,
    { messages: number; replies: number; diversions: number; byKind: Map<string, number> }
  >();
  for (let w = firstWeek; w <= lastWeek; w = addDays(w, 7))
    weeks.set(w, { messages: 0, replies: 0, diversions: 0, byKind: new Map() });
  const days = new Map<string, { logins: number; failedLogins: number }>();
  for (let d = firstDay; d <= until; d = addDays(d, 1)) days.set(d, { logins: 0, failedLogins: 0 });

  // Days end at `until`; weeks are whole, so they reach the Sunday of `until`'s week.
  const { from, to } = queryBounds(firstWeek < firstDay ? firstWeek : firstDay, addDays(lastWeek, 6));
  let after = 0;
  for (;;) {
    const page = await deps.db.auditEvent.findMany({
      where: { type: { in: [...COUNTED] }, at: { gte: from, lt: to }, seq: { gt: after } },
      select: { seq: true, at: true, type: true, details: true },
      orderBy: { seq: "asc" },
      take: PAGE,
    });
    for (const e of page) {
      const day = localDay(e.at);
      if (e.type === "auth.login" || e.type === "auth.login_failed") {
        const bucket = days.get(day);
        if (bucket === undefined) continue;
        if (e.type === "auth.login") bucket.logins++;
        else bucket.failedLogins++;
        continue;
      }
      const bucket = weeks.get(weekStart(day));
      if (bucket === undefined) continue;
      const details = parseDetails(e.details);
      if (e.type === "message.created") {
        if (details.reply === true) bucket.replies++;
        else bucket.messages++;
      } else {
        bucket.diversions++;
        for (const kind of storedKinds(details.kinds ?? ""))
          bucket.byKind.set(kind, (bucket.byKind.get(kind) ?? 0) + 1);
      }
    }
    if (page.length < PAGE) break;
    after = page.at(-1)?.seq ?? after;
  }

  const present = KINDS.filter((k) => [...weeks.values()].some((w) => w.byKind.has(k)));
  return {
    timeZone: STATS_TIME_ZONE,
    until,
    weeks: [...weeks].map(([start, w]) => ({
      week: isoWeek(start),
      start,
      messages: w.messages,
      replies: w.replies,
      diversions: w.diversions,
      byKind: Object.fromEntries(present.map((k) => [k, w.byKind.get(k) ?? 0])),
    })),
    days: [...days].map(([day, d]) => ({ day, ...d })),
    kinds: present,
  };
}

export function statsRoutes(deps: Deps, routes: RouteTable): void {
  const admin = requireAccess(deps, "admin");
  routes.add(
    {
      method: "get",
      path: "/api/admin/stats",
      summary:
        "Figures for the admin charts from the access log: secure messages and replies and diversions by detection kind per ISO week, logins and failed logins per day (Europe/Stockholm)",
      tag: "admin",
      access: "admin",
      before: [admin],
      query: querySchema,
      response: statsSchema,
    },
    ({ query }) => computeStats(deps, query),
  );
}
