// The quoted attribution in a reply: who wrote the message being answered, and when — the
// line "On Wed, Nov 4, 2026 at 10:00 AM Dr. Maria Lopez <…> wrote:" (Gmail, Apple, Yahoo,
// Thunderbird, in the common languages) or Outlook's "From: … Sent: …" block. When the user
// BCCs their answer, this is how Rounds learns of the contact's reply it never saw.
// Each language by itself: the package's root would bring every locale chrono knows.
import * as de from 'chrono-node/de';
import * as chrono from 'chrono-node/en';
import * as es from 'chrono-node/es';
import * as fr from 'chrono-node/fr';
import * as it from 'chrono-node/it';
import * as nl from 'chrono-node/nl';
import * as pt from 'chrono-node/pt';
import { zonedToUtc } from '../domain/time.ts';
import { parsePeople } from './forward.ts';

export type Attribution = {
  email?: string;
  name?: string;
  /** ISO-8601 UTC; a quoted time without a zone is read in the user's zone. */
  date?: string;
};

type Locale = 'en' | 'fr' | 'de' | 'es' | 'pt' | 'it' | 'nl';

const PARSERS: Record<Locale, chrono.Chrono> = {
  en: chrono.casual,
  fr: fr.casual,
  de: de.casual,
  es: es.casual,
  pt: pt.casual,
  it: it.casual,
  nl: nl.casual,
};

/** "On … wrote:" in each language: the opening words and the verb that closes the line. */
const WROTE_LINES: { locale: Locale; opening: RegExp; verb: RegExp }[] = [
  { locale: 'en', opening: /^(?:on|sent)\b/i, verb: /\bwrote\s*:?\s*$/i },
  { locale: 'fr', opening: /^le\b/i, verb: /\ba\s+écrit\s*:?\s*$/i },
  // German and Dutch put the writer after the verb: "Am … schrieb Maria Lopez <…>:".
  { locale: 'de', opening: /^am\b/i, verb: /\bschrieb\b([^:]*):?\s*$/i },
  { locale: 'es', opening: /^el\b/i, verb: /\bescribió\s*:?\s*$/i },
  { locale: 'pt', opening: /^em\b/i, verb: /\bescreveu\s*:?\s*$/i },
  { locale: 'it', opening: /^(?:il|in data)\b/i, verb: /\bha\s+scritto\s*:?\s*$/i },
  { locale: 'nl', opening: /^op\b/i, verb: /\bschreef\b([^:]*):?\s*$/i },
];

const FROM_LINE = /^\s*\*?(From|De|Von|Van|Da|Från|Fra)\*?\s?:\s*(.*)$/i;
const SENT_LINE =
  /^\s*\*?(Sent|Date|Envoyé|Gesendet|Datum|Enviado|Inviato|Verzonden|Skickat|Sendt)\*?\s?:\s*(.*)$/i;
const OUTLOOK_LOCALE: Record<string, Locale> = {
  envoyé: 'fr',
  gesendet: 'de',
  datum: 'de',
  enviado: 'es',
  inviato: 'it',
  verzonden: 'nl',
};

const EMAIL = /[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+/;
/** An address with whatever brackets it came in: <a@b>, (a@b), [mailto:a@b], (<a@b>). */
const ADDRESS = /[<([]*\s*(mailto:)?[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+\s*[>)\]]*/g;

/** A date quoted in a reply; without a zone, the user's. */
export function quotedDate(
  value: string,
  locale: Locale,
  userTimezone: string,
  reference: Date,
): string | undefined {
  const cleaned = value.replace(/\s+/g, ' ').trim();
  const result = PARSERS[locale].parse(cleaned, reference)[0] ?? chrono.casual.parse(cleaned, reference)[0];
  if (!result?.start.isCertain('day')) return undefined;
  const start = result.start;
  if (start.isCertain('timezoneOffset')) return start.date().toISOString();
  const at = zonedToUtc(
    {
      year: start.get('year')!,
      month: start.get('month')!,
      day: start.get('day')!,
      hour: start.get('hour') ?? 0,
      minute: start.get('minute') ?? 0,
    },
    userTimezone,
  );
  return at?.toISOString();
}

/** The name left once the date and the address are taken out: "Dr. Maria Lopez". */
function leftoverName(text: string): string | undefined {
  const name = text
    .replace(ADDRESS, '')
    .replace(/^[\s,;:-]*(at|à|um|a las|às|alle|om)?\b/i, '')
    .replace(/["“”]/g, '')
    .replace(/\(\s*\)|\[\s*\]/g, '')
    .replace(/^[\s,;:-]+|[\s,;:-]+$/g, '')
    .trim();
  return name && name.length <= 120 && /\p{L}/u.test(name) ? name : undefined;
}

/** "On …, Name <email> wrote:" over one to three lines (clients wrap long ones). */
function wroteLine(lines: string[], userTimezone: string, reference: Date) {
  for (let i = 0; i < lines.length; i++) {
    for (const span of [1, 2, 3]) {
      const joined = lines
        .slice(i, i + span)
        .map((l) => l.replace(/^[\s>]*/, '').trim())
        .join(' ')
        .trim();
      if (joined.length > 300) break;
      const form = WROTE_LINES.find((w) => w.opening.test(joined) && w.verb.test(joined));
      if (!form) continue;
      const writerAfterVerb = joined.match(form.verb)?.[1] ?? '';
      const raw = `${joined.replace(form.opening, '').replace(form.verb, '')} ${writerAfterVerb}`;
      const email = raw.match(EMAIL)?.[0]?.toLowerCase();
      const body = raw
        .replace(ADDRESS, ' ')
        // "mer. 4 nov." → "mer 4 nov": chrono's French and German read abbreviations without dots.
        .replace(/(\p{L}{2,5})\./gu, '$1')
        .trim();
      const parsed =
        PARSERS[form.locale].parse(body, reference)[0] ?? chrono.casual.parse(body, reference)[0];
      const date = parsed ? quotedDate(parsed.text, form.locale, userTimezone, reference) : undefined;
      const rest = parsed
        ? body.slice(0, parsed.index) + body.slice(parsed.index + parsed.text.length)
        : body;
      const name = leftoverName(rest.replace(/\b(at|um|à|a las|às|alle|om)\s*$/i, ''));
      if (!email && !name) continue;
      return {
        at: i,
        attribution: { ...(email ? { email } : {}), ...(name ? { name } : {}), ...(date ? { date } : {}) },
      };
    }
  }
  return undefined;
}

/** Outlook's block: "From: Name <email>" and, within a few lines, "Sent: …". */
function outlookBlock(lines: string[], userTimezone: string, reference: Date) {
  for (let i = 0; i < lines.length; i++) {
    const from = lines[i]!.replace(/^[\s>]*/, '').match(FROM_LINE);
    if (!from) continue;
    let value = from[2]!.trim();
    // A long From wraps: the address on the next line.
    const next = lines[i + 1]?.replace(/^[\s>]*/, '').trim() ?? '';
    if (!EMAIL.test(value) && /^<?[^\s@]+@[^\s@]+>?$/.test(next)) value = `${value} ${next}`;
    for (let j = i + 1; j <= i + 6 && j < lines.length; j++) {
      const sent = lines[j]!.replace(/^[\s>]*/, '').match(SENT_LINE);
      if (!sent) continue;
      const person = parsePeople(value)[0];
      const name = person?.name ?? leftoverName(value);
      const email = person?.email;
      if (!email && !name) break;
      const locale = OUTLOOK_LOCALE[sent[1]!.toLowerCase()] ?? 'en';
      const date = quotedDate(sent[2]!, locale, userTimezone, reference);
      return {
        at: i,
        attribution: { ...(email ? { email } : {}), ...(name ? { name } : {}), ...(date ? { date } : {}) },
      };
    }
  }
  return undefined;
}

/**
 * The newest quoted attribution in a reply's text (the first one from the top), or undefined
 * when the reply quotes nothing Rounds can attribute.
 */
export function quotedAttribution(
  text: string,
  userTimezone: string,
  reference: Date,
): Attribution | undefined {
  // Attributions sit above the quote; a reply's own text is short, and a thread can be long.
  const lines = text.slice(0, 64_000).replace(/\r\n/g, '\n').split('\n').slice(0, 400);
  const found = [wroteLine(lines, userTimezone, reference), outlookBlock(lines, userTimezone, reference)]
    .filter((f) => f !== undefined)
    .sort((a, b) => a.at - b.at);
  return found[0]?.attribution;
}
