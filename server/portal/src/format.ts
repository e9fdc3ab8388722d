// Dates and sizes as people read them, in the page's language (Swedish dates are 2026-11-23).
const locale = (lang: string) => (lang === "en" ? "en-GB" : "sv-SE");

/** The day of an ISO timestamp, in the reader's time zone. */
export function formatDay(iso: string, lang: string): string {
  return new Date(iso).toLocaleDateString(locale(lang), { year: "numeric", month: "long", day: "numeric" });
}

/** Day and time of an ISO timestamp, in the reader's time zone. */
export function formatTime(iso: string, lang: string): string {
  return new Date(iso).toLocaleString(locale(lang), { dateStyle: "medium", timeStyle: "short" });
}

/** A byte count in the largest unit that keeps it readable (kB = 1000 bytes, as file managers show). */
export function formatSize(bytes: number, lang: string): string {
  const units = ["B", "kB", "MB", "GB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toLocaleString(locale(lang), { maximumFractionDigits: digits })} ${units[unit] ?? "B"}`;
}
