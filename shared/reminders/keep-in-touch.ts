// Contacts that arrive with a tier and a last contact (an import, `rounds contacts set`) enter
// their keep-in-touch cadence at once. A cadence already lapsed comes due now; many lapsed at
// once (a spreadsheet of old mentors) are spread one a day, closest ties first, so an import
// never turns into a morning of reminder emails.
import type { Deps } from '../deps.ts';
import { addDays } from '../domain/clock.ts';
import type { Contact, User } from '../domain/model.ts';
import { keepInTouchDue } from '../domain/playbook.ts';
import { planKeepInTouch } from '../domain/reminder-events.ts';
import { resolveSettings } from '../domain/settings.ts';
import { TIERS } from '../domain/tiers.ts';
import { applyReminderPlan } from './apply.ts';
import { plannerFor } from './read.ts';

export async function startCadences(user: User, contacts: Contact[], deps: Pick<Deps, 'store' | 'clock'>) {
  const settings = resolveSettings(user.settings);
  const now = deps.clock.now().toISOString();
  const tiered = contacts.filter((c) => c.tier && c.lastContactAt && c.status !== 'stopped');
  if (tiered.length === 0) return { created: [] };
  const lapsed = tiered
    .filter((c) => (keepInTouchDue(c.lastContactAt!, c.tier, settings) ?? now) <= now)
    .sort(
      (a, b) =>
        TIERS.indexOf(a.tier!) - TIERS.indexOf(b.tier!) ||
        (a.lastContactAt ?? '').localeCompare(b.lastContactAt ?? ''),
    );
  const planner = await plannerFor(
    user.userId,
    tiered.map((c) => c.contactId),
    deps,
  );
  for (const contact of tiered) {
    const place = lapsed.indexOf(contact);
    planKeepInTouch(planner, contact, settings, { notBefore: place < 0 ? now : addDays(now, place) });
  }
  return applyReminderPlan(planner.plan(), deps);
}
