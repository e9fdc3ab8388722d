// The admin charts' figures (GET /api/admin/stats): per ISO week and per day, Stockholm time.
import { z } from "zod";
import { call } from "./api.ts";

export const statsSchema = z.object({
  timeZone: z.string(),
  until: z.string(),
  weeks: z.array(
    z.object({
      week: z.string(),
      start: z.string(),
      messages: z.number(),
      replies: z.number(),
      diversions: z.number(),
      byKind: z.record(z.string(), z.number()),
    }),
  ),
  days: z.array(z.object({ day: z.string(), logins: z.number(), failedLogins: z.number() })),
  kinds: z.array(z.string()),
});
export type Stats = z.infer<typeof statsSchema>;

export const WEEK_CHOICES = [4, 12, 26, 52] as const;
export const DAY_CHOICES = [7, 30, 90] as const;

export function readStats(range: { weeks: number; days: number }): Promise<Stats> {
  return call(statsSchema, "GET", `/api/admin/stats?weeks=${String(range.weeks)}&days=${String(range.days)}`);
}

/** A week's label as Swedes say it ("v. 48"), with the year when the range spans two. */
export function weekLabel(week: string, withYear: boolean): string {
  const [year, number] = week.split("-W");
  return withYear ? `${String(Number(number))}/${year ?? ""}` : String(Number(number));
}

/**
 * Series colours: each has at least 4.5:1 contrast on white (WCAG 1.4.11 asks 3:1), and the
 * data table under every chart gives the same figures without colour.
 */
export const SERIES_COLOURS = [
  "#13315c",
  "#b3500b",
  "#1b7a3b",
  "#a0141e",
  "#6a3d9a",
  "#0b6a85",
  "#7a5c00",
  "#c2185b",
  "#4d4d4d",
  "#2e62c9",
  "#8a4b2c",
  "#5c7a00",
] as const;

export function seriesColour(index: number): string {
  return SERIES_COLOURS[index % SERIES_COLOURS.length] ?? "#13315c";
}
