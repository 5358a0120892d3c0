// The Clock port and day arithmetic on ISO instants.
/** Time is injected so rules and tests can run at any instant; the core never calls new Date() itself. */
export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

export const fixedClock = (iso: string | Date): Clock => {
  const at = new Date(iso);
  return { now: () => new Date(at) };
};

export const DAY_MS = 24 * 60 * 60 * 1000;

export const addDays = (iso: string, days: number): string =>
  new Date(Date.parse(iso) + days * DAY_MS).toISOString();
