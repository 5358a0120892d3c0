// The commands of `rounds` (CONTRACT.md), loaded by bin/cli.ts once it knows a command is
// asked for. Output is the contract's JSON on stdout, or a table in a terminal.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { OperationFailedError } from '#shared/domain/errors';
import { isValidTimeZone, type User } from '#shared/domain/model';
import { resolveSettings } from '#shared/domain/settings';
import { contactView, nextFollowUps, reminderView, timelineView } from '#shared/domain/views';
import { addUser, setMailFlow, updateUserSettings } from '#shared/users/users';
import type { CommandContext } from './local/context.ts';
import { paths, roundsHome } from './local/home.ts';
import { renderTable } from './table.ts';
import { type Command, UsageError } from './usage.ts';

/** A table for a person at a terminal; the contract's JSON for scripts, pipes and --json. */
let asTable = false;
const print = (value: unknown) =>
  process.stdout.write(`${asTable ? renderTable(value) : JSON.stringify(value)}\n`);

function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function isoInstant(value: string | undefined, flag: string): Date {
  if (!value) throw new UsageError(`${flag} <ISO-8601> is required`);
  const at = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(at.getTime()))
    throw new UsageError(`${flag} wants an ISO-8601 instant such as 2026-12-01T14:00:00Z, not "${value}"`);
  return at;
}

/** Set by a global `--stage <name>`: the command runs against that deployed stack. */
let stage: string | undefined;

async function withContext<T>(
  needs: { mail: boolean },
  run: (ctx: CommandContext) => Promise<T>,
): Promise<T> {
  // Each path loads only its own modules: the deployed stage's SDK clients, or the local stack.
  const ctx: CommandContext = stage
    ? {
        ...(await (await import('#shared/adapters/aws-stage')).stageDeps(stage)),
        home: '',
        joined: true,
        close: async () => {},
      }
    : await (await import('./local/context.ts')).openLocalContext(needs);
  try {
    return await run(ctx);
  } finally {
    await ctx.close();
  }
}

/** --user by address, or the only user there is. */
async function resolveUser(ctx: CommandContext, email: string | undefined): Promise<User> {
  if (email) {
    const user = await ctx.store.users.findByAddress(email.trim());
    if (!user) throw new OperationFailedError(`no user with address ${email}: see 'rounds user add'`);
    return user;
  }
  const users = await ctx.store.users.list();
  if (users.length === 0)
    throw new OperationFailedError("no user yet: add one with 'rounds user add <email>'");
  if (users.length > 1)
    throw new UsageError(`there are ${users.length} users: say which with --user <email>`);
  const user = await ctx.store.users.get(users[0]!.userId);
  if (!user) throw new OperationFailedError('the user directory names a user that does not exist');
  return user;
}

async function userAdd(args: string[]) {
  const { positionals, values } = parse(args, {
    name: { type: 'string' },
    tz: { type: 'string' },
    alias: { type: 'string', multiple: true },
  });
  const [email, ...extra] = positionals;
  if (!email || extra.length > 0)
    throw new UsageError('usage: rounds user add <email> [--name N] [--tz Area/City] [--alias <email>]…');
  // Bad input is refused before any local component starts.
  if (values.tz && !isValidTimeZone(String(values.tz)))
    throw new UsageError(`not an IANA time zone (Area/City): ${String(values.tz)}`);
  await withContext({ mail: true }, async (ctx) => {
    const { user, captureAddress } = await addUser(
      {
        email,
        ...(values.name ? { name: String(values.name) } : {}),
        ...(values.tz ? { timezone: String(values.tz) } : {}),
        aliases: (values.alias as string[] | undefined) ?? [],
      },
      ctx,
    );
    // The welcome: the capture address, its tags, a vCard and a way in (never fails the add).
    await (await import('#shared/users/sign-in')).sendWelcome(user, ctx);
    print({ userId: user.userId, email: user.email, captureAddress, timezone: user.timezone });
  });
}

async function link(args: string[]) {
  const { positionals, values } = parse(args, { user: { type: 'string' } });
  if (positionals.length > 0) throw new UsageError('usage: rounds link [--user <email>]');
  await withContext({ mail: false }, async (ctx) => {
    const user = await resolveUser(ctx, values.user as string | undefined);
    if (!ctx.config.dashboardUrl)
      throw new OperationFailedError('this stage has no web app (no dashboard URL): deploy it with the API');
    print(await (await import('#shared/users/sign-in')).createSignInLink(user, ctx));
  });
}

async function ingest(args: string[]) {
  const { positionals, values } = parse(args, { to: { type: 'string' } });
  if (positionals.length === 0) throw new UsageError('usage: rounds ingest <file.eml>… [--to <address>]');
  const files = positionals.map((file) => {
    try {
      return { file, raw: readFileSync(file) };
    } catch (error) {
      throw new OperationFailedError(
        `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      );
    }
  });
  const { ingestMessage } = await import('#shared/ingest/ingest');
  await withContext({ mail: true }, async (ctx) => {
    for (const { file, raw } of files) {
      const outcome = await ingestMessage({ raw, recipients: values.to ? [String(values.to)] : [] }, ctx);
      print({ file: basename(file), ...outcome });
    }
  });
}

async function importMail(args: string[]) {
  const { positionals, values } = parse(args, { user: { type: 'string' } });
  if (positionals.length === 0)
    throw new UsageError('usage: rounds import-mail <file.mbox|folder|file.eml>… [--user <email>]');
  const { readMailArchives } = await import('./mail-archive.ts');
  const { importPastMail } = await import('#shared/ingest/past-mail');
  const messages = await readMailArchives(positionals);
  // Progress for a long archive, on the terminal only: stdout stays one JSON line per message.
  const progress = process.stderr.isTTY
    ? (done: number, logged: number) =>
        process.stderr.write(`\rimporting ${done} of ${messages.length} messages (${logged} logged)`)
    : undefined;
  await withContext({ mail: false }, async (ctx) => {
    const user = await resolveUser(ctx, values.user as string | undefined);
    let done = 0;
    let logged = 0;
    for await (const { message, outcome } of importPastMail(user, messages, ctx)) {
      if (outcome.status === 'logged') logged++;
      print({ file: message.file, ...(message.index ? { index: message.index } : {}), ...outcome });
      progress?.(++done, logged);
    }
    if (progress) process.stderr.write('\n');
  });
}

async function tick(args: string[]) {
  const { values } = parse(args, { now: { type: 'string' } });
  const now = isoInstant(values.now as string | undefined, '--now');
  await withContext({ mail: true }, async (ctx) => {
    const { runDueJobs } = await import('#shared/jobs/jobs');
    const sent = await runDueJobs(now, { ...ctx, clock: { now: () => new Date(now) } });
    print({ now: now.toISOString(), sent });
  });
}

async function contactsMerge(args: string[]) {
  const { positionals, values } = parse(args, { user: { type: 'string' } });
  const [keep, other, ...extra] = positionals;
  if (!keep || !other || extra.length > 0)
    throw new UsageError('usage: rounds contacts merge <keep email> <other email> [--user <email>]');
  await withContext({ mail: false }, async (ctx) => {
    const user = await resolveUser(ctx, values.user as string | undefined);
    const { mergeContacts } = await import('#shared/contacts/book');
    const merged = await mergeContacts(user.userId, keep.trim(), other.trim(), ctx.store);
    print(
      contactView(
        merged,
        nextFollowUps(await ctx.store.reminders.ofContact(user.userId, merged.contactId)),
        ctx.clock.now().toISOString(),
      ),
    );
  });
}

async function contactsSet(args: string[]) {
  const { positionals, values } = parse(args, {
    user: { type: 'string' },
    name: { type: 'string' },
    tier: { type: 'string' },
    role: { type: 'string' },
    institution: { type: 'string' },
  });
  const [email, ...extra] = positionals;
  if (!email || extra.length > 0)
    throw new UsageError(
      'usage: rounds contacts set <email> [--name N] [--tier T] [--role R] [--institution I] [--user <email>]',
    );
  await withContext({ mail: false }, async (ctx) => {
    const user = await resolveUser(ctx, values.user as string | undefined);
    {
      const changes = {
        ...(values.name ? { name: String(values.name) } : {}),
        ...(values.tier ? { tier: String(values.tier) } : {}),
        ...(values.role ? { role: String(values.role) } : {}),
        ...(values.institution ? { institution: String(values.institution) } : {}),
      };
      const { editContact } = await import('#shared/contacts/book');
      const updated = await editContact(user, email.trim(), changes, ctx);
      print(
        contactView(
          updated,
          nextFollowUps(await ctx.store.reminders.ofContact(user.userId, updated.contactId)),
          ctx.clock.now().toISOString(),
        ),
      );
    }
  });
}

async function contacts(args: string[]) {
  if (args[0] === 'merge') return contactsMerge(args.slice(1));
  if (args[0] === 'set') return contactsSet(args.slice(1));
  const { values } = parse(args, { user: { type: 'string' } });
  await withContext({ mail: false }, async (ctx) => {
    const user = await resolveUser(ctx, values.user as string | undefined);
    const [all, waiting] = await Promise.all([
      ctx.store.contacts.list(user.userId),
      ctx.store.reminders.waiting(user.userId),
    ]);
    const now = ctx.clock.now().toISOString();
    const next = nextFollowUps(waiting);
    print(all.map((c) => contactView(c, next, now)));
  });
}

async function timeline(args: string[]) {
  const { positionals, values } = parse(args, { user: { type: 'string' } });
  const [email] = positionals;
  if (!email) throw new UsageError('usage: rounds timeline <contact email> [--user <email>]');
  await withContext({ mail: false }, async (ctx) => {
    const user = await resolveUser(ctx, values.user as string | undefined);
    const contact = await ctx.store.contacts.findByEmail(user.userId, email.trim());
    if (!contact) throw new OperationFailedError(`no contact with address ${email} for ${user.email}`);
    print((await ctx.store.interactions.timeline(user.userId, contact.contactId)).map(timelineView));
  });
}

/** `rounds letter set <email> --status S [--due D]`: a step on the writer's ladder. */
async function letterSet(args: string[]) {
  const { positionals, values } = parse(args, {
    user: { type: 'string' },
    status: { type: 'string' },
    due: { type: 'string' },
  });
  const [email, ...extra] = positionals;
  if (!email || !values.status || extra.length > 0)
    throw new UsageError(
      'usage: rounds letter set <writer email> --status asked|agreed|form_sent|uploaded|assigned|declined [--due <date>]',
    );
  await withContext({ mail: false }, async (ctx) => {
    const user = await resolveUser(ctx, values.user as string | undefined);
    const { parseUserDate } = await import('#shared/milestones/milestones');
    const neededBy = values.due ? parseUserDate(String(values.due), user.timezone, '--due') : undefined;
    const { editContact } = await import('#shared/contacts/book');
    const updated = await editContact(
      user,
      email.trim(),
      { letterStatus: String(values.status) },
      ctx,
      neededBy,
    );
    const open = (await ctx.store.reminders.ofContact(user.userId, updated.contactId)).filter(
      (r) => ['pending', 'sent', 'snoozed'].includes(r.state) && r.kind.startsWith('letter_'),
    );
    print({
      email: updated.email,
      letterStatus: updated.letterStatus,
      reminders: open.map((r) => ({ id: r.reminderId, kind: r.kind, dueAt: r.dueAt })),
    });
  });
}

async function itemCommand(kind: 'conference' | 'rotation' | 'letter', args: string[]) {
  if (kind === 'letter' && args[0] === 'set') return letterSet(args.slice(1));
  if (args[0] !== 'add') throw new UsageError(`usage: rounds ${kind} add …`);
  const rest = args.slice(1);
  const { positionals, values } = parse(rest, {
    user: { type: 'string' },
    start: { type: 'string' },
    end: { type: 'string' },
    targets: { type: 'string', multiple: true },
    attending: { type: 'string', multiple: true },
    from: { type: 'string' },
    due: { type: 'string' },
  });
  const usage: Record<typeof kind, string> = {
    conference: 'usage: rounds conference add "<name>" --start <date> [--end <date>] [--targets a@x,b@y]',
    rotation: 'usage: rounds rotation add "<name>" --end <date> [--attending <email>]…',
    letter: 'usage: rounds letter add --from <email> --due <date>',
  };
  const [name, ...extra] = positionals;
  if (extra.length > 0 || (kind !== 'letter' && !name) || (kind === 'letter' && name))
    throw new UsageError(usage[kind]);
  if (kind === 'conference' && !values.start) throw new UsageError(usage[kind]);
  if (kind === 'rotation' && !values.end) throw new UsageError(usage[kind]);
  if (kind === 'letter' && (!values.from || !values.due)) throw new UsageError(usage[kind]);
  const { addConference, addLetter, addRotation } = await import('#shared/milestones/milestones');
  await withContext({ mail: false }, async (ctx) => {
    const user = await resolveUser(ctx, values.user as string | undefined);
    {
      const added =
        kind === 'conference'
          ? await addConference(
              user,
              {
                name: name!,
                start: String(values.start),
                ...(values.end ? { end: String(values.end) } : {}),
                targets: (values.targets as string[] | undefined) ?? [],
              },
              ctx,
            )
          : kind === 'rotation'
            ? await addRotation(
                user,
                {
                  name: name!,
                  end: String(values.end),
                  attendings: (values.attending as string[] | undefined) ?? [],
                },
                ctx,
              )
            : await addLetter(user, { from: String(values.from), due: String(values.due) }, ctx);
      const { itemId: _itemId, createdAt: _createdAt, ...view } = added;
      print(view);
    }
  });
}

const IMPORT_USAGE =
  'usage: rounds import <file.csv|Connections.csv|contacts.vcf> [--date-order mdy|dmy] [--dry-run] [--user <email>]';

async function importCommand(args: string[]) {
  const { positionals, values } = parse(args, {
    user: { type: 'string' },
    'date-order': { type: 'string' },
    'dry-run': { type: 'boolean' },
  });
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw new UsageError(IMPORT_USAGE);
  const dateOrder = values['date-order'] as string | undefined;
  if (dateOrder !== undefined && dateOrder !== 'mdy' && dateOrder !== 'dmy')
    throw new UsageError('--date-order is mdy (07/04/2026 is July 4) or dmy (7 April)');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new OperationFailedError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  const { importContacts, previewImport } = await import('#shared/contacts/import-export');
  await withContext({ mail: false }, async (ctx) => {
    const user = await resolveUser(ctx, values.user as string | undefined);
    if (values['dry-run']) {
      const plan = await previewImport(user, text, ctx, { dateOrder });
      print({ file: basename(file), ...plan, rows: plan.rows.map(({ contact: _contact, ...row }) => row) });
      return;
    }
    // Progress for a long file, on the terminal only (stdout stays the one JSON report).
    const onProgress = process.stderr.isTTY
      ? (done: number, total: number) => process.stderr.write(`\rimporting ${done} of ${total} rows`)
      : undefined;
    const { plan: _plan, ...report } = await importContacts(user, text, ctx, {
      dateOrder,
      ...(onProgress ? { onProgress } : {}),
    });
    if (onProgress) process.stderr.write('\n');
    print({ file: basename(file), ...report });
  });
}

async function exportCommand(args: string[]) {
  const { values } = parse(args, { user: { type: 'string' }, format: { type: 'string' } });
  const format = (values.format as string | undefined) ?? 'csv';
  if (format !== 'csv' && format !== 'json' && format !== 'backup')
    throw new UsageError(
      '--format is csv, json (the rows as JSON) or backup (everything: timelines, reminders, settings)',
    );
  const { exportAccount, exportCsv, exportRows } = await import('#shared/contacts/import-export');
  await withContext({ mail: false }, async (ctx) => {
    const user = await resolveUser(ctx, values.user as string | undefined);
    if (format === 'backup') return print(await exportAccount(user, ctx));
    const contacts = await ctx.store.contacts.list(user.userId);
    if (format === 'json') print(exportRows(contacts));
    else process.stdout.write(exportCsv(contacts));
  });
}

async function settings(args: string[]) {
  const { positionals, values } = parse(args, { user: { type: 'string' } });
  await withContext({ mail: false }, async (ctx) => {
    const user = await resolveUser(ctx, values.user as string | undefined);
    const timezone = positionals.find((p) => p.startsWith('timezone='))?.slice('timezone='.length);
    const mail = positionals.find((p) => p.startsWith('mail='))?.slice('mail='.length);
    if (mail !== undefined && mail !== 'on' && mail !== 'off') throw new UsageError('mail= is on or off');
    const assignments = positionals.filter((p) => !p.startsWith('timezone=') && !p.startsWith('mail='));
    let updated =
      timezone !== undefined || assignments.length > 0
        ? await updateUserSettings(
            user,
            { ...(timezone !== undefined ? { timezone } : {}), assignments },
            ctx,
          )
        : user;
    if (mail !== undefined) updated = await setMailFlow(updated, mail === 'on', ctx);
    print({
      email: updated.email,
      timezone: updated.timezone,
      settings: resolveSettings(updated.settings),
      mail: updated.mailPausedAt ? `paused (${updated.mailPausedReason ?? 'unsubscribed'})` : 'on',
    });
  });
}

async function schedulesCommand(args: string[]) {
  if (args[0] !== 'reconcile' || args.length > 1) throw new UsageError('usage: rounds schedules reconcile');
  await withContext({ mail: false }, async (ctx) => {
    const users = [];
    for (const { userId } of await ctx.store.users.list()) {
      const user = await ctx.store.users.get(userId);
      if (user) users.push(user);
    }
    const { reconcileSchedules } = await import('#shared/jobs/reconcile-schedules');
    print(await reconcileSchedules(users, ctx.schedules));
  });
}

async function reminders(args: string[]) {
  const { values } = parse(args, { user: { type: 'string' }, all: { type: 'boolean' } });
  await withContext({ mail: false }, async (ctx) => {
    const user = await resolveUser(ctx, values.user as string | undefined);
    // The open ones come from the index; --all reads the whole history.
    const list = values.all
      ? (await ctx.store.reminders.list(user.userId)).sort((a, b) => a.dueAt.localeCompare(b.dueAt))
      : await ctx.store.reminders.open(user);
    print(list.map(reminderView));
  });
}

async function programsCommand(args: string[]) {
  const { values } = parse(args, { user: { type: 'string' } });
  await withContext({ mail: false }, async (ctx) => {
    const user = await resolveUser(ctx, values.user as string | undefined);
    const { programViews } = await import('#shared/programs/programs');
    print(await programViews(user, ctx));
  });
}

async function programCommand(args: string[]) {
  const [action, ...rest] = args;
  const { positionals, values } = parse(rest, {
    user: { type: 'string' },
    institution: { type: 'string' },
    specialty: { type: 'string' },
    status: { type: 'string' },
    policy: { type: 'string' },
    contact: { type: 'string', multiple: true },
    interview: { type: 'string' },
    attending: { type: 'boolean' },
    'not-attending': { type: 'boolean' },
    'first-choice': { type: 'boolean' },
  });
  const [which, ...extra] = positionals;
  if (values.attending && values['not-attending'])
    throw new UsageError('--attending and --not-attending: one or the other');
  if ((action !== 'add' && action !== 'set') || !which || extra.length > 0)
    throw new UsageError(
      'usage: rounds program add "<name>" [--institution I] … | rounds program set <id|name> [--status S] …',
    );
  await withContext({ mail: false }, async (ctx) => {
    const user = await resolveUser(ctx, values.user as string | undefined);
    const { addProgram, programView, setProgram } = await import('#shared/programs/programs');
    const input = {
      institution: values.institution as string | undefined,
      specialty: values.specialty as string | undefined,
      status: values.status as string | undefined,
      policy: values.policy as string | undefined,
      contacts: (values.contact as string[] | undefined) ?? [],
      interview: values.interview as string | undefined,
      attending: values.attending ? true : values['not-attending'] ? false : undefined,
    };
    if (action === 'add' && (input.interview || input.attending !== undefined))
      throw new UsageError(
        'an interview day is set on a program already added: rounds program set <id> --interview <date>',
      );
    let program: Awaited<ReturnType<typeof setProgram>> =
      action === 'add'
        ? await addProgram(user, { ...input, name: which }, ctx)
        : await setProgram(user, which, input, ctx);
    if (values['first-choice']) {
      const { chooseFirstChoice } = await import('#shared/programs/season-letters');
      const chosen = await chooseFirstChoice(user, program.programId, ctx);
      program = {
        ...chosen.program,
        ...(chosen.reminders ? { reminders: chosen.reminders } : {}),
        warnings: [...(program.warnings ?? []), ...chosen.warnings],
      };
    }
    const people = await ctx.store.contacts.getMany(user.userId, program.contactIds);
    const { reminders } = program;
    print({
      ...programView(program, new Map(people.map((c) => [c.contactId, c.email]))),
      ...(program.interview ? { interview: program.interview } : {}),
      ...(program.firstChoice ? { firstChoice: program.firstChoice } : {}),
      ...(program.warnings?.length ? { warnings: program.warnings } : {}),
      ...(reminders
        ? {
            reminders: {
              created: reminders.created,
              cancelled: reminders.cancelled,
              resolved: reminders.resolved,
            },
          }
        : {}),
    });
  });
}

async function news(args: string[]) {
  const { positionals, values } = parse(args, { user: { type: 'string' } });
  if (positionals.length !== 1) throw new UsageError('usage: rounds news "<what happened>" [--user <email>]');
  await withContext({ mail: false }, async (ctx) => {
    const user = await resolveUser(ctx, values.user as string | undefined);
    const { recordNews } = await import('#shared/programs/season-letters');
    const recorded = await recordNews(user, positionals[0]!, ctx);
    print({
      news: recorded.news,
      programs: recorded.programs,
      ...(recorded.reminders ? { reminders: { created: recorded.reminders.created } } : {}),
      ...(recorded.warnings.length ? { warnings: recorded.warnings } : {}),
    });
  });
}

async function outbox(args: string[]) {
  const { values } = parse(args, { since: { type: 'string' } });
  const since = values.since ? isoInstant(values.since as string, '--since') : undefined;
  const { readOutbox } = await import('./local/outbox.ts');
  const entries = readOutbox(paths(roundsHome()).outbox)
    .filter((e) => !since || Date.parse(e.sentAt) >= since.getTime())
    .map(({ headers: _headers, ...entry }) => entry);
  print(entries);
}

/** Runs one command; bin/cli.ts has checked the name, the stage and the output mode. */
export async function runCommand(
  command: Command,
  rest: string[],
  options: { stage?: string; table: boolean },
): Promise<void> {
  stage = options.stage;
  asTable = options.table;
  switch (command) {
    case 'start':
      await (await import('./local/stack.ts')).startStack();
      break;
    case 'user':
      if (rest[0] !== 'add')
        throw new UsageError('usage: rounds user add <email> [--name N] [--tz Area/City]');
      await userAdd(rest.slice(1));
      break;
    case 'link':
      await link(rest);
      break;
    case 'ingest':
      await ingest(rest);
      break;
    case 'import-mail':
      await importMail(rest);
      break;
    case 'tick':
      await tick(rest);
      break;
    case 'contacts':
      await contacts(rest);
      break;
    case 'timeline':
      await timeline(rest);
      break;
    case 'reminders':
      await reminders(rest);
      break;
    case 'programs':
      await programsCommand(rest);
      break;
    case 'program':
      await programCommand(rest);
      break;
    case 'news':
      await news(rest);
      break;
    case 'outbox':
      await outbox(rest);
      break;
    case 'import':
      await importCommand(rest);
      break;
    case 'export':
      await exportCommand(rest);
      break;
    case 'settings':
      await settings(rest);
      break;
    case 'schedules':
      await schedulesCommand(rest);
      break;
    case 'conference':
    case 'rotation':
    case 'letter':
      await itemCommand(command, rest);
      break;
  }
}
