// The program board in the web app (`rounds programs` and `rounds program add|set` on the
// CLI): listed by stage, added, changed — each change a POST that redirects back with what
// it did to the program's reminders.
import type { Context, Hono } from 'hono';
import type { Deps } from '../deps.ts';
import { addDays } from '../domain/clock.ts';
import { programBoard, seasonAt, suggestedPeople } from '../domain/program-board.ts';
import { addProgram, setProgram } from '../programs/programs.ts';
import { chooseFirstChoice } from '../programs/season-letters.ts';
import type { AppliedPlan } from '../reminders/apply.ts';
import { formOf } from './form.ts';
import { type AppEnv, signedIn } from './guard.ts';
import { type BoardProgram, ProgramsPage } from './views/programs.tsx';

/** How far back the board looks for people to propose for a program. */
const SUGGEST_FROM_DAYS = 60;

const back = (c: Context<AppEnv>, said: string) =>
  c.redirect(`/programs?said=${encodeURIComponent(said)}`, 303);

/** What a change did to the reminders, in a few words. */
function remindersSaid(applied: AppliedPlan | undefined): string {
  if (!applied) return '';
  const made = applied.created.length;
  const ended = applied.cancelled.length + applied.resolved.length;
  return [made ? `${made} ${made === 1 ? 'reminder' : 'reminders'} set` : '', ended ? `${ended} ended` : '']
    .filter(Boolean)
    .join(', ');
}

export function programRoutes(app: Hono<AppEnv>, deps: Deps) {
  const guard = signedIn(deps);
  app.use('/programs', guard);
  app.use('/programs/*', guard);

  app.get('/programs', async (c) => {
    const user = c.get('user');
    const now = deps.clock.now().toISOString();
    const [programs, reminders, recent] = await Promise.all([
      deps.store.programs.list(user.userId),
      deps.store.reminders.open(user),
      // Proposals come from the people of the last weeks: one bounded read of the people index.
      deps.store.contacts.touchedSince(user, addDays(now, -SUGGEST_FROM_DAYS)),
    ]);
    const people = await deps.store.contacts.getMany(
      user.userId,
      programs.flatMap((p) => p.contactIds),
    );
    const emailOf = new Map(people.map((c) => [c.contactId, c.name ?? c.email]));
    const byId = new Map(programs.map((p) => [p.programId, p]));
    const season = seasonAt(now);
    const suggested = suggestedPeople(programs, people, recent);
    const board: BoardProgram[] = programBoard(programs, reminders, now).map((line) => {
      const program = byId.get(line.programId)!;
      return {
        ...line,
        people: program.contactIds.flatMap((id) => emailOf.get(id) ?? []),
        contactPolicy: program.contactPolicy,
        firstChoice: Boolean(season && program.firstChoice === season.match),
        suggested: (suggested.get(line.programId) ?? []).map((c) => ({
          email: c.email,
          ...(c.name ? { name: c.name } : {}),
        })),
      };
    });
    return c.html(
      <ProgramsPage
        programs={board}
        match={season?.match}
        timezone={user.timezone}
        now={now}
        csrf={c.get('csrf')}
        said={c.req.query('said')}
      />,
    );
  });

  app.post('/programs', async (c) => {
    const form = await formOf(c);
    const contact = form.text('contact')?.trim();
    const program = await addProgram(
      c.get('user'),
      {
        name: form.text('name'),
        institution: form.text('institution'),
        contacts: contact ? [contact] : [],
      },
      deps,
    );
    return back(c, `Added ${program.name}.`);
  });

  app.post('/programs/:programId', async (c) => {
    const user = c.get('user');
    const form = await formOf(c);
    const current = await deps.store.programs.get(user.userId, c.req.param('programId'));
    const contact = form.text('contact')?.trim();
    // The form shows the day only: the same day again keeps the time a confirmation gave.
    const day = form.text('interview')?.trim();
    const shownDay = current?.interview
      ? new Intl.DateTimeFormat('en-CA', { timeZone: user.timezone }).format(new Date(current.interview.at))
      : undefined;
    const interview = day && day !== shownDay ? day : undefined;
    // "Going?" says something only once there is a day.
    const going = form.text('attending');
    const attending =
      (day || current?.interview) && going && (going === 'yes') !== (current?.interview?.attending ?? true)
        ? going === 'yes'
        : undefined;
    const updated = await setProgram(
      user,
      c.req.param('programId'),
      {
        status: form.text('status') || undefined,
        policy: form.text('policy') || undefined,
        contacts: contact ? [contact] : [],
        ...(interview ? { interview } : {}),
        ...(attending !== undefined ? { attending } : {}),
      },
      deps,
    );
    const said = remindersSaid(updated.reminders);
    return back(c, [`Saved.${said ? ` ${said}.` : ''}`, ...(updated.warnings ?? [])].join(' '));
  });

  app.post('/programs/:programId/people', async (c) => {
    const form = await formOf(c);
    const email = form.text('email')?.trim() ?? '';
    const updated = await setProgram(c.get('user'), c.req.param('programId'), { contacts: [email] }, deps);
    return back(c, `${email} is one of ${updated.name}'s people now.`);
  });

  app.post('/programs/:programId/first-choice', async (c) => {
    const chosen = await chooseFirstChoice(c.get('user'), c.req.param('programId'), deps);
    const said = remindersSaid(chosen.reminders);
    return back(
      c,
      [`${chosen.program.name} is your first choice.${said ? ` ${said}.` : ''}`, ...chosen.warnings].join(
        ' ',
      ),
    );
  });
}
