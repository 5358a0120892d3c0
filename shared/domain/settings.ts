// Every default of the playbook (DOMAIN.md) is a per-user setting; this is the one place
// that names them, validates them and fills in what a user has not changed.
import * as z from 'zod/mini';
import type { Tier } from './tiers.ts';

const clockTime = (fallback: string) =>
  z._default(
    z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'a time such as 07:30' })),
    fallback,
  );
const days = (min: number, max: number, fallback: number) => {
  const error = `a whole number of days from ${min} to ${max}`;
  return z._default(
    z.coerce.number({ error }).check(z.int({ error }), z.minimum(min, { error }), z.maximum(max, { error })),
    fallback,
  );
};

/** The longest silence a user may choose before a contact rests (readers bound their windows by it). */
export const MAX_DORMANT_AFTER_DAYS = 90;

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

export const settingsSchema = z.object({
  /** The morning run that sends due reminders, local time ("avoid late at night"). */
  morningAt: clockTime('07:30'),
  digestDay: z._default(z.enum(WEEKDAYS, { error: `one of ${WEEKDAYS.join(', ')}` }), 'mon'),
  digestAt: clockTime('07:00'),
  /** Send a short digest even in an empty week. */
  emptyDigest: z._default(z.boolean(), true),
  /** "Wait 10–14 days" before a polite nudge. */
  nudgeAfterDays: days(1, 60, 14),
  /** "After 1–2 follow-ups … move on." */
  maxNudges: days(0, 5, 2),
  /** Silence after the last nudge before the contact is marked dormant. */
  dormantAfterDays: days(1, MAX_DORMANT_AFTER_DAYS, 14),
  /** "Within 72 hours" of meeting someone at a conference. */
  conferenceFollowUpDays: days(1, 14, 3),
  /** "Within 24–48 hours" of a meeting, rotation end or interview. */
  thankYouAfterDays: days(0, 7, 1),
  /** Write to the people you hope to meet "2–3 weeks before". */
  preConferenceDays: days(1, 60, 21),
  /** Ask for feedback and a letter this many days before a rotation ends. */
  rotationEndDays: days(1, 30, 5),
  /** At most one reminder to write to the same contact in this many days. */
  spacingDays: days(0, 60, 10),
  /** Keep-in-touch cadence by tier, in days since the last interaction either way. */
  cadenceSponsor: days(7, 730, 60),
  cadenceMentor: days(7, 730, 90),
  cadenceWorking: days(7, 730, 120),
  cadencePeer: days(7, 730, 120),
  cadenceWeakTie: days(7, 730, 180),
  /** An international medical graduate: the season adds the ECFMG certification check. */
  img: z._default(z.boolean(), false),
  /** ECFMG certification is complete: the check is no longer shown. */
  ecfmgCertified: z._default(z.boolean(), false),
});

export type Settings = z.infer<typeof settingsSchema>;
export type SettingsOverrides = Partial<z.input<typeof settingsSchema>>;

export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});

/** A user's settings: their overrides over the defaults. */
export const resolveSettings = (overrides: SettingsOverrides | undefined): Settings =>
  settingsSchema.parse(overrides ?? {});

export function cadenceDays(settings: Settings, tier: Tier): number {
  switch (tier) {
    case 'sponsor':
      return settings.cadenceSponsor;
    case 'mentor':
      return settings.cadenceMentor;
    case 'working':
      return settings.cadenceWorking;
    case 'peer':
      return settings.cadencePeer;
    case 'weak_tie':
      return settings.cadenceWeakTie;
  }
}

/** Reads `key=value` pairs from the CLI into validated overrides; errors name the key. */
export function parseSettingAssignments(pairs: string[], current: SettingsOverrides = {}): SettingsOverrides {
  const next: Record<string, unknown> = { ...current };
  const known = Object.keys(settingsSchema.shape);
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const key = at > 0 ? pair.slice(0, at) : '';
    if (!known.includes(key)) throw new Error(`unknown setting "${key || pair}": one of ${known.join(', ')}`);
    const value = pair.slice(at + 1);
    next[key] =
      typeof DEFAULT_SETTINGS[key as keyof Settings] === 'boolean'
        ? ['true', 'on', 'yes', '1'].includes(value.toLowerCase())
        : value;
  }
  const parsed = settingsSchema.safeParse(next);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`setting ${String(issue.path[0])}: ${issue.message}`);
  }
  // Keep only what differs from the defaults, so a changed default reaches everyone else.
  return Object.fromEntries(
    Object.entries(parsed.data).filter(([k, v]) => DEFAULT_SETTINGS[k as keyof Settings] !== v),
  ) as SettingsOverrides;
}
