// Where the user's network stands against the playbook's targets (DOMAIN.md, seed 001: 1–2
// sponsors, 2–3 mentors, 5–10 peers), and who has gone quiet: dormant after the last nudge, or
// tiered and past their keep-in-touch cadence. The digest and the web app's Network read it.
import { type Contact, contactStatus, type Tier } from './model.ts';
import { isPastCadence } from './playbook.ts';
import type { Settings } from './settings.ts';

/** Targets for a healthy network (DOMAIN.md, seed 001). */
export const NETWORK_TARGETS: { tier: Tier; min: number; max: number }[] = [
  { tier: 'sponsor', min: 1, max: 2 },
  { tier: 'mentor', min: 2, max: 3 },
  { tier: 'peer', min: 5, max: 10 },
];

export type NetworkHealth = {
  health: { tier: Tier; min: number; max: number; count: number }[];
  dormant: Contact[];
  /** Longest silent first. */
  quiet: Contact[];
};

/** Where the network stands; `dormant` holds those who came to rest after `restingSince`. */
export function networkHealth(
  contacts: Contact[],
  settings: Settings,
  now: string,
  restingSince = '',
): NetworkHealth {
  const live = contacts.filter((c) => c.status !== 'stopped');
  return {
    health: NETWORK_TARGETS.map((t) => ({ ...t, count: live.filter((c) => c.tier === t.tier).length })),
    dormant: live.filter((c) => contactStatus(c, now) === 'dormant' && (c.dormantAfter ?? '') > restingSince),
    quiet: live
      .filter(
        (c) =>
          c.tier &&
          contactStatus(c, now) === 'active' &&
          isPastCadence(c.lastContactAt, c.tier, settings, now),
      )
      .sort(
        (a, b) =>
          (a.lastContactAt ?? '').localeCompare(b.lastContactAt ?? '') || a.email.localeCompare(b.email),
      ),
  };
}
