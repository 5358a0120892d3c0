// Plans in the web app: conferences, rotations and letters (`rounds conference|rotation|letter
// add` on the CLI), listed, added, edited and removed, each change a POST that redirects back;
// and the Network page, the picture of where the user's network stands.
import type { Context, Hono } from 'hono';
import { networkContacts } from '../contacts/network-contacts.ts';
import type { Deps } from '../deps.ts';
import { addDays } from '../domain/clock.ts';
import { InvalidInputError } from '../domain/errors.ts';
import { networkHealth } from '../domain/network.ts';
import { resolveSettings } from '../domain/settings.ts';
import {
  addMilestone,
  editMilestone,
  type MilestoneInput,
  removeMilestone,
} from '../milestones/milestones.ts';
import { formOf } from './form.ts';
import { type AppEnv, signedIn } from './guard.ts';
import { NetworkPage } from './views/network.tsx';
import { PlansPage } from './views/plans.tsx';

async function milestoneInput(c: Context<AppEnv>): Promise<MilestoneInput> {
  const form = await formOf(c);
  const text = (name: string) => form.text(name)?.trim() ?? '';
  const people = text('people')
    .split(/[,;\s]+/)
    .filter(Boolean);
  switch (text('kind')) {
    case 'conference':
      return {
        kind: 'conference',
        name: text('name'),
        start: text('start'),
        ...(text('end') ? { end: text('end') } : {}),
        targets: people,
      };
    case 'rotation':
      return { kind: 'rotation', name: text('name'), end: text('end'), attendings: people };
    case 'letter':
      return { kind: 'letter', from: people[0] ?? '', due: text('due') };
    default:
      throw new InvalidInputError('Choose a conference, a rotation or a letter.');
  }
}

/** Network lists who came to rest this recently; everyone resting is a Contacts filter away. */
export const RESTING_LISTED_DAYS = 90;

const back = (c: Context<AppEnv>, said: string) => c.redirect(`/plans?said=${encodeURIComponent(said)}`, 303);

export function planRoutes(app: Hono<AppEnv>, deps: Deps) {
  const guard = signedIn(deps);
  app.use('/plans', guard);
  app.use('/plans/*', guard);

  app.use('/network', guard);
  app.get('/network', async (c) => {
    const user = c.get('user');
    const now = deps.clock.now().toISOString();
    const restingSince = addDays(now, -RESTING_LISTED_DAYS);
    const contacts = await networkContacts(user, restingSince, deps);
    const network = networkHealth(contacts, resolveSettings(user.settings), now, restingSince);
    return c.html(
      <NetworkPage network={network} timezone={user.timezone} restingDays={RESTING_LISTED_DAYS} />,
    );
  });

  app.get('/plans', async (c) => {
    const user = c.get('user');
    const items = (await deps.store.milestones.list(user.userId)).sort((a, b) =>
      (a.kind === 'letter' ? a.dueAt : a.end).localeCompare(b.kind === 'letter' ? b.dueAt : b.end),
    );
    return c.html(
      <PlansPage items={items} timezone={user.timezone} csrf={c.get('csrf')} said={c.req.query('said')} />,
    );
  });

  app.post('/plans', async (c) => {
    const added = await addMilestone(c.get('user'), await milestoneInput(c), deps);
    const n = added.reminders.created.length;
    return back(
      c,
      `Added. ${n === 0 ? 'No reminder is due from it.' : `${n} ${n === 1 ? 'reminder' : 'reminders'} set.`}`,
    );
  });

  app.post('/plans/:itemId', async (c) => {
    await editMilestone(c.get('user'), c.req.param('itemId'), await milestoneInput(c), deps);
    return back(c, 'Saved; its reminders follow the new dates.');
  });

  app.post('/plans/:itemId/remove', async (c) => {
    await removeMilestone(c.get('user'), c.req.param('itemId'), deps);
    return back(c, 'Removed, with its open reminders.');
  });
}
