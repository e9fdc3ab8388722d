// Proleptic Gregorian calendar checks, used by every date-bearing identifier.

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** True when year-month-day is a real calendar date (month 1-12, day within the month). */
export function isValidDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** A comparable day number (yyyymmdd). */
export function dayKey(year: number, month: number, day: number): number {
  return year * 10000 + month * 100 + day;
}

/** Today's calendar day in the given clock, as the parts the century rules need. */
export interface Today {
  readonly year: number;
  readonly key: number;
}

export function todayFrom(now: Date): Today {
  return { year: now.getFullYear(), key: dayKey(now.getFullYear(), now.getMonth() + 1, now.getDate()) };
}
