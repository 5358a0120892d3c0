// Wall-clock arithmetic in IANA time zones with Intl only, so the same code runs in Lambda
// and locally without a time-zone database of our own.

export type LocalTime = { year: number; month: number; day: number; hour: number; minute: number };

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export function zonedParts(date: Date, timeZone: string): LocalTime & { second: number; weekday: number } {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS.indexOf(String(parts.weekday)),
  };
}

/** Minutes east of UTC that the zone observes at that instant. */
export function offsetMinutes(date: Date, timeZone: string): number {
  const p = zonedParts(date, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant a wall-clock time happens in a zone; undefined when it does not exist (the
 * hour skipped when clocks go forward). In the repeated hour the first occurrence wins.
 */
export function zonedToUtc(local: LocalTime, timeZone: string): Date | undefined {
  const guess = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  const candidates = new Set<number>();
  for (const probe of [guess - 14 * 3600_000, guess, guess + 14 * 3600_000]) {
    candidates.add(guess - offsetMinutes(new Date(probe), timeZone) * 60_000);
  }
  const matches = [...candidates]
    .sort((a, b) => a - b)
    .filter((t) => {
      const p = zonedParts(new Date(t), timeZone);
      return (
        p.year === local.year &&
        p.month === local.month &&
        p.day === local.day &&
        p.hour === local.hour &&
        p.minute === local.minute
      );
    });
  return matches[0] === undefined ? undefined : new Date(matches[0]);
}

/** "Mon 7 Dec" in the user's zone, as confirmations and reminders say it. */
export function shortDate(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short' })
    .format(date)
    .replace(',', '');
}

/** "Tue 10 Nov, 16:00" in the user's zone. */
export function shortDateTime(date: Date, timeZone: string): string {
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(date);
  return `${shortDate(date, timeZone)}, ${time}`;
}

/** The local calendar day after adding whole days to a local date (DST-safe). */
export function addLocalDays(local: LocalTime, days: number): LocalTime {
  const d = new Date(Date.UTC(local.year, local.month - 1, local.day + days));
  return { ...local, year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/**
 * How far from the moment it arrived a date in mail can be and still be believed. The future
 * side is wide on purpose: saved mail replayed with `rounds ingest` (a simulated season, a
 * test) is dated ahead of the wall clock; a year of 9999 is not.
 */
const PLAUSIBLE = { pastYears: 50, futureDays: 400 };

/**
 * A date from mail, if it is plausible for mail received at `receivedAt`: a Date header of
 * 9999 would freeze a contact's last contact, one of 275760 overflows every date sum.
 */
export function plausibleDate(iso: string | undefined, receivedAt: Date): string | undefined {
  if (!iso) return undefined;
  const at = Date.parse(iso);
  const earliest = receivedAt.getTime() - PLAUSIBLE.pastYears * 365.25 * 86_400_000;
  const latest = receivedAt.getTime() + PLAUSIBLE.futureDays * 86_400_000;
  return Number.isFinite(at) && at >= earliest && at <= latest ? iso : undefined;
}
