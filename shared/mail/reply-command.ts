// Reply commands: the one table of what a user can answer to a reminder or a digest, and the
// parser that reads a reply's first lines against it (case and punctuation forgiven).
import * as chrono from 'chrono-node/en';
import EmailReplyParser from 'email-reply-parser';
import { parseTier, type Tier } from '../domain/model.ts';
import { addLocalDays, offsetMinutes, zonedToUtc } from '../domain/time.ts';

export type ReplyCommand =
  | { action: 'done' | 'replied' | 'skip' | 'stop' }
  | { action: 'tier'; tier: Tier }
  | { action: 'snooze'; until: string }
  | { action: 'note'; text: string }
  | { action: 'unknown'; line: string };

type CommandAction = ReplyCommand['action'];

type CommandRow = {
  action: Exclude<CommandAction, 'unknown'>;
  /** First words of a reply line that mean this command. */
  words: readonly string[];
  /** How the command is written, and what it does, in the help Rounds sends back. */
  help: string;
  /** Its line in a reminder email ("Reply with one word"), when it belongs there. */
  inReminder?: { usage: string; meaning: string };
  /** Its button in a reminder email (a signed link to a confirmation page). */
  click?: { label: string; snoozeDays?: number };
  /** How a digest reply writes it with an item number. */
  inDigest?: string;
};

/**
 * The one table of reply commands: the parser reads its words, and the help text, the
 * reminder email's list, the one-click buttons and the digest footer are all made from it.
 */
export const REPLY_COMMANDS: readonly CommandRow[] = [
  {
    action: 'done',
    words: ['done', 'did', 'sent'],
    help: 'done — the reminder is done',
    inReminder: { usage: 'done', meaning: 'you did it' },
    click: { label: 'Mark done' },
    inDigest: 'done 2',
  },
  {
    action: 'replied',
    words: ['replied', 'answered'],
    help: 'replied — they answered; logs it and ends the nudges',
    inReminder: { usage: 'replied', meaning: 'they answered you' },
  },
  {
    action: 'snooze',
    words: ['snooze', 'later'],
    help: 'snooze 3d / snooze 2w / snooze until Monday — remind me again then',
    inReminder: { usage: 'snooze 1w', meaning: 'remind me again in a week (or 3d, or until Monday)' },
    click: { label: 'Snooze a week', snoozeDays: 7 },
    inDigest: 'snooze 3 1w',
  },
  {
    action: 'skip',
    words: ['skip'],
    help: 'skip — drop this one; the cadence goes on',
    inReminder: { usage: 'skip', meaning: 'not this time' },
    click: { label: 'Skip this one' },
    inDigest: 'skip 4',
  },
  {
    action: 'stop',
    words: ['stop'],
    help: 'stop — no more reminders about this contact',
    inReminder: { usage: 'stop', meaning: 'no more reminders about this person' },
  },
  {
    action: 'note',
    words: ['note'],
    help: 'note <text> — add a note to their timeline',
    inReminder: { usage: 'note …', meaning: 'add a note to their timeline' },
  },
  {
    action: 'tier',
    words: ['tier'],
    help: 'tier mentor — set their tier (sponsor, mentor, working, peer, weak_tie)',
    inDigest: 'tier 5 mentor',
  },
];

/** Digest replies, as examples: "done 2 · snooze 3 1w · …". */
export const DIGEST_EXAMPLES: readonly string[] = REPLY_COMMANDS.flatMap((c) =>
  c.inDigest ? [c.inDigest] : [],
);

/** Every command with what it does: the answer to a reply Rounds could not read. */
export const COMMAND_HELP: readonly string[] = [
  ...REPLY_COMMANDS.map((c) => c.help),
  `to the weekly digest: the command and the item number, one per line — ${DIGEST_EXAMPLES.join(', ')}`,
];

/** The reminder email's short list: [usage, meaning]. */
export const REMINDER_REPLY_HELP: readonly [string, string][] = REPLY_COMMANDS.flatMap((c) =>
  c.inReminder ? [[c.inReminder.usage, c.inReminder.meaning] as [string, string]] : [],
);

/** The one-click actions a reminder email links to, by name. */
export const CLICK_ACTIONS = Object.fromEntries(
  REPLY_COMMANDS.flatMap((c) => (c.click ? [[c.action, c.click.label]] : [])),
) as Readonly<Record<ClickAction, string>>;
export type ClickAction = 'done' | 'snooze' | 'skip';

/** A click's name, checked as an own property (never `constructor` or `__proto__`). */
export const isClickAction = (name: string): name is ClickAction => Object.hasOwn(CLICK_ACTIONS, name);

/** The command a one-click action stands for, as of the click. */
export function clickCommand(action: ClickAction, at: Date): Exclude<ReplyCommand, { action: 'unknown' }> {
  const row = REPLY_COMMANDS.find((c) => c.action === action)!;
  if (action === 'snooze')
    return {
      action,
      until: new Date(at.getTime() + (row.click?.snoozeDays ?? 7) * 86_400_000).toISOString(),
    };
  return { action };
}

const ACTION_BY_WORD = new Map(REPLY_COMMANDS.flatMap((c) => c.words.map((w) => [w, c.action] as const)));

/** How much of a body the reply parser reads. */
const VISIBLE_TEXT_LIMIT = 16_000;
/** Longer lines go past the reply parser as a token (see visibleReplyText). */
const LONG_LINE = 400;
const LONG_LINE_TOKEN = 'roundslongline';
const LONG_LINE_BACK = />?roundslongline(\d+)x/g;

/** The newest lines of a reply: quoted text and signatures stripped. */
export function visibleReplyText(body: string): string {
  // The newest text is at the top, and the parser is quadratic on some shapes ("On … On …"):
  // it reads the first 16 KB, so any message is read in bounded time.
  const top = body.slice(0, VISIBLE_TEXT_LIMIT);
  // Its quote-header patterns (/^(.+\son.*at.*wrote:)$/ and kin) backtrack cubically on a long
  // line: 16 KB of "on at " took 21 s, anyone who knows the capture address could send it. No
  // attribution or signature line is that long, so long lines pass the parser as a token.
  const long: string[] = [];
  const bounded = top
    .split('\n')
    .map((line) => {
      if (line.length <= LONG_LINE) return line;
      long.push(line);
      return `${line.startsWith('>') ? '>' : ''}${LONG_LINE_TOKEN}${long.length - 1}x`;
    })
    .join('\n');
  let visible: string;
  try {
    visible = new EmailReplyParser()
      .read(bounded)
      .getVisibleText()
      .replace(LONG_LINE_BACK, (_, at: string) => long[Number(at)] ?? '');
  } catch {
    visible = top;
  }
  return visible
    .split(/\r?\n/)
    .filter((line) => !line.trimStart().startsWith('>'))
    .join('\n')
    .trim();
}

const DURATION = /^(\d{1,3})\s*(h|hours?|d|days?|w|wks?|weeks?|m|mos?|months?)$/;
/** Hour of day, local, at which a snooze to a date without a time comes due. */
const SNOOZE_HOUR = 7;

function durationUntil(amount: number, unit: string, from: Date): Date {
  const ms = unit.startsWith('h')
    ? 3600_000
    : unit.startsWith('d')
      ? 86_400_000
      : unit.startsWith('w')
        ? 7 * 86_400_000
        : 30 * 86_400_000;
  return new Date(from.getTime() + amount * ms);
}

/** The furthest a snooze may reach: a year. "snooze 9999w" is not a date anyone means. */
const MAX_SNOOZE_DAYS = 366;

function parseSnooze(rest: string, from: Date, timeZone: string): string | undefined {
  const until = snoozeUntil(rest, from, timeZone);
  return until && withinSnoozeReach(until, from) ? until : undefined;
}

function withinSnoozeReach(until: string, from: Date): boolean {
  const ms = Date.parse(until) - from.getTime();
  return ms > 0 && ms <= MAX_SNOOZE_DAYS * 86_400_000;
}

/**
 * A snooze the web app asks for: a duration (1d, 3d, 1w, 2w) or a date (YYYY-MM-DD, the
 * date picker's value). No phrases, so the dashboard's function carries no date parser.
 */
export function appSnoozeUntil(snoozeFor: string, from: Date, timeZone: string): string | undefined {
  const until = plainSnoozeUntil(snoozeFor.trim().toLowerCase(), from, timeZone);
  return until && withinSnoozeReach(until, from) ? until : undefined;
}

/** A duration or an ISO date; undefined for anything that needs reading as a phrase. */
function plainSnoozeUntil(words: string, from: Date, timeZone: string): string | undefined {
  if (!words) return durationUntil(1, 'd', from).toISOString();
  const duration = words.match(DURATION);
  if (duration) return durationUntil(Number(duration[1]), duration[2] ?? 'd', from).toISOString();
  const iso = words.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  if (iso) {
    const local = {
      year: Number(iso[1]),
      month: Number(iso[2]),
      day: Number(iso[3]),
      hour: SNOOZE_HOUR,
      minute: 0,
    };
    return zonedToUtc(local, timeZone)?.toISOString();
  }
  return undefined;
}

function snoozeUntil(rest: string, from: Date, timeZone: string): string | undefined {
  const words = rest.replace(/^(for|by)\s+/, '').trim();
  const phrase = words.replace(/^(until|till|til|to)\s+/, '');
  const plain = plainSnoozeUntil(words, from, timeZone) ?? plainSnoozeUntil(phrase, from, timeZone);
  if (plain) return plain;
  const results = chrono.parse(
    phrase,
    { instant: from, timezone: offsetMinutes(from, timeZone) },
    { forwardDate: true },
  );
  const found = results[0];
  if (!found) return undefined;
  if (found.start.isCertain('hour')) return found.start.date().toISOString();
  const local = {
    year: found.start.get('year')!,
    month: found.start.get('month')!,
    day: found.start.get('day')!,
    hour: SNOOZE_HOUR,
    minute: 0,
  };
  let at = zonedToUtc(local, timeZone);
  // "until Monday" said on a Monday afternoon means next Monday.
  if (at && at.getTime() <= from.getTime()) at = zonedToUtc(addLocalDays(local, 7), timeZone);
  return at?.toISOString();
}

/**
 * Reads the first command line of a reply. Case and punctuation are forgiven: "Done!",
 * "done, thanks", "Snooze: 2 weeks".
 */
export function parseReplyCommand(body: string, sentAt: Date, timeZone: string): ReplyCommand {
  const line = visibleReplyText(body)
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.length > 0);
  if (!line) return { action: 'unknown', line: '' };
  const normalised = line
    .toLowerCase()
    .replace(/[“”"'’]/g, '')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/[.!?,;:]+$/, '')
    .trim();
  const [word = ''] = normalised.split(/[\s,:;!.]+/);
  const rest = normalised.slice(normalised.indexOf(word) + word.length).replace(/^[\s,:;!.-]+/, '');
  switch (ACTION_BY_WORD.get(word)) {
    case 'done':
      return { action: 'done' };
    case 'replied':
      return { action: 'replied' };
    case 'skip':
      return { action: 'skip' };
    case 'stop':
      return { action: 'stop' };
    case 'snooze': {
      const until = parseSnooze(rest, sentAt, timeZone);
      return until ? { action: 'snooze', until } : { action: 'unknown', line };
    }
    case 'tier': {
      const tier = parseTier(rest);
      return tier ? { action: 'tier', tier } : { action: 'unknown', line };
    }
    case 'note': {
      const original = line.replace(/^[^A-Za-z]*note[\s:,-]*/i, '').trim();
      return original ? { action: 'note', text: original } : { action: 'unknown', line };
    }
    default:
      return { action: 'unknown', line };
  }
}

/** The command lines of a digest reply: the visible text, one command a line. */
export function digestCommandLines(body: string): string[] {
  return visibleReplyText(body)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .slice(0, 30);
}

/** "done 2", "Snooze 3 1w", "tier 5 mentor", "2 done", "note 4 met at poster" → item and command. */
export function parseDigestLine(
  line: string,
  sentAt: Date,
  timeZone: string,
): { item: number; command: Exclude<ReplyCommand, { action: 'unknown' }> } | undefined {
  const cleaned = line.replace(/^[^a-z0-9]+/i, '');
  const verbFirst = cleaned.match(/^([a-z]+)[\s:#,.-]*(\d{1,3})\b[\s:,.-]*(.*)$/i);
  const numberFirst = cleaned.match(/^(\d{1,3})[\s:.)-]+([a-z]+)\b\s*(.*)$/i);
  const [verb, item, rest] = verbFirst
    ? [verbFirst[1]!, verbFirst[2]!, verbFirst[3] ?? '']
    : numberFirst
      ? [numberFirst[2]!, numberFirst[1]!, numberFirst[3] ?? '']
      : [];
  if (!verb || !item) return undefined;
  const command = parseReplyCommand(`${verb} ${rest}`.trim(), sentAt, timeZone);
  if (command.action === 'unknown') return undefined;
  return { item: Number(item), command };
}
