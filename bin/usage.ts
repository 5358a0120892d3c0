// What the CLI says about itself and how its failures become exit codes (CONTRACT.md): loaded
// by every command, so it imports nothing heavy (\`rounds --help\` loads only this).
import { InvalidInputError, RoundsError } from '#shared/domain/errors';

/** Bad usage: exit 2 (a kind of invalid input, so use cases' own input errors map the same way). */
export class UsageError extends InvalidInputError {}

/** The one place errors become exit codes (CONTRACT.md): 2 bad usage, 1 anything else. */
export function exitCodeFor(error: unknown): 1 | 2 {
  return error instanceof RoundsError && error.kind === 'invalid-input' ? 2 : 1;
}

export const COMMANDS = [
  'start',
  'user',
  'link',
  'ingest',
  'import-mail',
  'tick',
  'contacts',
  'timeline',
  'reminders',
  'outbox',
  'import',
  'export',
  'settings',
  'schedules',
  'conference',
  'rotation',
  'letter',
  'programs',
  'program',
  'news',
] as const;
export type Command = (typeof COMMANDS)[number];
export const isCommand = (name: string): name is Command => (COMMANDS as readonly string[]).includes(name);

/** Commands that drive the local stack's stand-ins; in AWS, SES and Scheduler do their work. */
export const LOCAL_ONLY = new Set<string>(['start', 'ingest', 'tick', 'outbox']);

export const USAGE = `usage: rounds <command> [options] [--stage <name>]   (--stage: a deployed stack instead of the local one)
  start                                   run the whole local stack (Ctrl-C stops it)
  user add <email> [--name N] [--tz Area/City] [--alias <email>]…
  link [--user <email>]                   a fresh sign-in link to the web app (works once, 15 minutes)
  ingest <file.eml>… [--to <address>]     deliver saved emails to the capture domain
  import-mail <file.mbox|folder|file.eml>… [--user <email>]
                                          log past mail (a Sent export) at its own dates; sends nothing
  tick --now <ISO-8601>                   run every scheduled job due up to that instant
  contacts [--user <email>]
  contacts merge <keep email> <other email> [--user <email>]
  contacts set <email> [--name N] [--tier sponsor|mentor|working|peer|weak_tie] [--role R] [--institution I]
  timeline <contact email> [--user <email>]
  reminders [--all] [--user <email>]
  outbox [--since <ISO-8601>]
  import <file.csv|.vcf> [--date-order mdy|dmy] [--dry-run] [--user <email>]
                                          columns: name, email, institution, specialty, role, tier, how_met,
                                          last_contact, notes (LinkedIn's Connections.csv and vCards too)
  export [--format csv|json|backup] [--user <email>]   backup: everything, as the web app's download
  conference add "<name>" --start <date> [--end <date>] [--targets a@x,b@y]
  rotation add "<name>" --end <date> [--attending <email>]…
  letter add --from <email> --due <date>
  letter set <email> --status S [--due <date>]   a writer's ladder: asked, agreed, form_sent, uploaded,
                                          assigned (or declined); form_sent plans the check and two nudges
  programs [--user <email>]                the residency programs you apply to, with their people
  program add "<name>" [--institution I] [--specialty S] [--status S] [--policy open|no-post-interview]
          [--contact <email>]…            status: applied, signaled, declined, waitlisted, invited, scheduled, interviewed,
                                          thanked, letter_of_intent, update_sent, ranked, matched, withdrawn
  program set <id|name> [--status S] [--policy P] [--specialty S] [--contact <email>]…
          [--interview <date>] [--attending | --not-attending]
                                          an interview day plans its reminders (prepare, who you met, thanks);
                                          not attending: a reminder to cancel 14 days before
          [--first-choice]                your first choice this season: its letter of intent, one program only
  news "<what happened>"                  a new score, a publication: a reminder to tell each program in play
  settings [--user <email>] [key=value…]    e.g. nudgeAfterDays=10 digestDay=sun timezone=Europe/London mail=on
  schedules reconcile                       re-sync every user's schedules; reports drift
In a terminal, output is a table; piped, or with --json, it is the JSON of CONTRACT.md.`;
