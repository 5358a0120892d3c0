import * as chrono from 'chrono-node';
import EmailReplyParser from 'email-reply-parser';
import { TIERS, type Tier } from '../domain/model.ts';
import { addLocalDays, offsetMinutes, zonedToUtc } from '../domain/time.ts';

export type ReplyCommand =
  | { action: 'done' | 'replied' | 'skip' | 'stop' }
  | { action: 'tier'; tier: Tier }
  | { action: 'snooze'; until: string }
  | { action: 'note'; text: string }
  | { action: 'unknown'; line: string };

export const COMMAND_HELP = [
  'done — the reminder is done',
  'replied — they answered; logs it and ends the nudges',
  'snooze 3d / snooze 2w / snooze until Monday — remind me again then',
  'skip — drop this one; the cadence goes on',
  'stop — no more reminders about this contact',
  'note <text> — add a note to their timeline',
  'tier mentor — set their tier (sponsor, mentor, working, peer, weak_tie)',
  'to the weekly digest: the command and the item number, one per line — done 2, snooze 3 1w, tier 5 mentor',
];

/** The newest lines of a reply: quoted text and signatures stripped. */
export function visibleReplyText(body: string): string {
  let visible: string;
  try {
    visible = new EmailReplyParser().read(body).getVisibleText();
  } catch {
    visible = body;
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

function parseSnooze(rest: string, from: Date, timeZone: string): string | undefined {
  const words = rest.replace(/^(for|by)\s+/, '').trim();
  if (!words) return durationUntil(1, 'd', from).toISOString();
  const duration = words.match(DURATION);
  if (duration) return durationUntil(Number(duration[1]), duration[2] ?? 'd', from).toISOString();
  const phrase = words.replace(/^(until|till|til|to)\s+/, '');
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
  switch (word) {
    case 'done':
    case 'did':
    case 'sent':
      return { action: 'done' };
    case 'replied':
    case 'answered':
      return { action: 'replied' };
    case 'skip':
      return { action: 'skip' };
    case 'stop':
      return { action: 'stop' };
    case 'snooze':
    case 'later': {
      const until = parseSnooze(rest, sentAt, timeZone);
      return until ? { action: 'snooze', until } : { action: 'unknown', line };
    }
    case 'tier': {
      const tier = readTier(rest);
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

function readTier(words: string): Tier | undefined {
  const word = words
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  const tier = word === 'weak' ? 'weak_tie' : word;
  return (TIERS as readonly string[]).includes(tier) ? (tier as Tier) : undefined;
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
