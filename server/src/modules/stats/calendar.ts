// Calendar days and ISO weeks in the organisation's time zone. Swedish schools read "Monday" and
// "week 48" on the wall clock in Stockholm, not in UTC, so events are bucketed by local date.
// Pure: dates in, strings out; the time zone comes from the platform's ICU data.

export const STATS_TIME_ZONE = "Europe/Stockholm";

const dayFormat = new Intl.DateTimeFormat("en-CA", {
  timeZone: STATS_TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The local calendar date of an instant, as yyyy-mm-dd. */
export function localDay(at: Date): string {
  const parts = Object.fromEntries(dayFormat.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.year ?? ""}-${parts.month ?? ""}-${parts.day ?? ""}`;
}

/** yyyy-mm-dd shifted by `days` (pure calendar arithmetic, no time zone involved). */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The Monday that starts the ISO week of a calendar date. */
export function weekStart(day: string): string {
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return addDays(day, -weekday);
}

/** The ISO 8601 week of a calendar date, as yyyy-Www (the year the week's Thursday falls in). */
export function isoWeek(day: string): string {
  const thursday = addDays(weekStart(day), 3);
  const year = Number(thursday.slice(0, 4));
  const ordinal = (Date.parse(`${thursday}T00:00:00Z`) - Date.parse(`${String(year)}-01-01T00:00:00Z`)) / 86_400_000;
  return `${String(year)}-W${String(Math.floor(ordinal / 7) + 1).padStart(2, "0")}`;
}

/**
 * A UTC instant safely before local midnight starting `day` and one safely after the end of
 * `last` (Stockholm is UTC+1 or +2): the database query uses these, and bucketing by
 * {@link localDay} drops what falls outside.
 */
export function queryBounds(first: string, last: string): { from: Date; to: Date } {
  return { from: new Date(`${addDays(first, -1)}T00:00:00Z`), to: new Date(`${addDays(last, 2)}T00:00:00Z`) };
}
