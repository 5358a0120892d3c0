// Forwarded messages: the resident forwards a program director's email so Rounds logs it.
// What counts is the original — its sender and its date — not the forward.
import * as chrono from 'chrono-node/en';
import { zonedToUtc } from '../domain/time.ts';
import { clip, type ParsedMail, type Person, parseMail } from './parse.ts';

export type ForwardedMessage = {
  from: Person;
  to: Person[];
  cc: Person[];
  subject?: string;
  /** ISO-8601 UTC; a header date without a zone is read in the user's zone. */
  date?: string;
  text: string;
  messageId?: string;
};

// The lines mail clients put above a forwarded message, and only there.
export const FORWARD_MARKERS = [
  /^[ \t>]*-{5,}\s*Forwarded message\s*-{5,}[ \t]*$/im, // Gmail
  /^[ \t>]*Begin forwarded message:[ \t]*$/im, // Apple Mail
  /^[ \t>]*-{3,}\s*(Forwarded Message|Message transféré|Weitergeleitete Nachricht|Mensaje reenviado)\s*-{3,}[ \t]*$/im, // Thunderbird, Outlook
];

/** Lines clients put above quoted mail in a reply as well as in a forward (Outlook, AOL, Yahoo, Zimbra). */
export const QUOTE_MARKERS = [
  /^[ \t>]*-{3,}\s*(Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original)\s*-{3,}[ \t]*$/im,
  /^[ \t>]*_{10,}[ \t]*$/m, // Outlook's rule before "From:"
];

const MARKERS = [...FORWARD_MARKERS, ...QUOTE_MARKERS];

export const FORWARD_SUBJECT = /^\s*(fwd?|fw|tr|wg|rv|enc)\s*:/i;

const EMAIL = /[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+/;

const person = (rawName: string, email: string): Person => {
  const name = clip(
    rawName
      .replace(/["']/g, '')
      .replace(/^[\s,;]+|[\s,;]+$/g, '')
      .trim(),
    200,
  );
  return name && name.toLowerCase() !== email ? { email, name } : { email };
};

/** "Chen, Wei <a@b>", "Name [mailto:a@b]", "a@b; c@d" → people (a comma inside a name is kept). */
export function parsePeople(value: string): Person[] {
  const bracketed = [
    ...value.matchAll(/([^<>[\]]*?)\s*(?:<|\[mailto:)\s*([^>\]\s]+@[^>\]\s]+)\s*(?:>|\])/gi),
  ];
  if (bracketed.length > 0)
    return bracketed.filter((m) => m[2]!.length <= 254).map((m) => person(m[1] ?? '', m[2]!.toLowerCase()));
  return value
    .split(/[,;]/)
    .map((part) => part.match(EMAIL)?.[0]?.toLowerCase())
    .filter((email): email is string => email !== undefined && email.length <= 254)
    .map((email) => ({ email }));
}

/** A forward header's date. Gmail and Outlook write none of the zone: the user's zone then. */
export function parseForwardDate(value: string, userTimezone: string, reference: Date): string | undefined {
  const cleaned = value
    .replace(/\bat\b/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const result = chrono.parse(cleaned, reference)[0];
  if (!result) return undefined;
  const start = result.start;
  if (!start.isCertain('day') || !start.isCertain('month')) return undefined;
  if (start.isCertain('timezoneOffset')) return start.date().toISOString();
  const local = {
    year: start.get('year')!,
    month: start.get('month')!,
    day: start.get('day')!,
    hour: start.get('hour') ?? 0,
    minute: start.get('minute') ?? 0,
  };
  const at = zonedToUtc(local, userTimezone);
  return at?.toISOString();
}

const HEADER_LINE =
  /^\*?(From|De|Von|Date|Sent|Envoyé|Gesendet|Subject|Objet|Betreff|To|À|An|Cc)\*?:\s*(.*)$/i;

/** The header block under a forward marker, and the body under it. */
function headerBlock(text: string): { headers: Map<string, string>; body: string } | undefined {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const headers = new Map<string, string>();
  let index = 0;
  while (index < lines.length && !lines[index]!.trim()) index++;
  let last: string | undefined;
  for (; index < lines.length; index++) {
    const line = lines[index]!.replace(/^[ \t>]*/, '');
    if (!line.trim()) {
      // HTML forwards put blank lines between header lines; a blank line ends the block
      // only when what follows is not another header.
      const next = lines.slice(index + 1).find((l) => l.trim());
      if (headers.size > 0 && !(next && HEADER_LINE.test(next.replace(/^[ \t>]*/, '')))) break;
      continue;
    }
    const match = line.match(
      /^\*?(From|De|Von|Date|Sent|Envoyé|Gesendet|Subject|Objet|Betreff|To|À|An|Cc)\*?:\s*(.*)$/i,
    );
    if (match) {
      last = normaliseName(match[1]!);
      headers.set(last, match[2]!.trim());
    } else if (last && /^\s/.test(lines[index]!)) {
      headers.set(last, `${headers.get(last)} ${line.trim()}`);
    } else {
      break;
    }
  }
  if (!headers.has('from')) return undefined;
  return { headers, body: lines.slice(index).join('\n') };
}

const NAMES: Record<string, string> = {
  de: 'from',
  von: 'from',
  sent: 'date',
  envoyé: 'date',
  gesendet: 'date',
  objet: 'subject',
  betreff: 'subject',
  à: 'to',
  an: 'to',
};
const normaliseName = (name: string) => NAMES[name.toLowerCase()] ?? name.toLowerCase();

/**
 * The original of a forwarded message: the attached message if there is one, else the
 * header block under the client's forward marker. Undefined when nothing readable is there.
 */
export async function extractForwarded(
  mail: ParsedMail,
  userTimezone: string,
  reference: Date,
): Promise<ForwardedMessage | undefined> {
  for (const attached of mail.attachedMessages) {
    const original = await parseMail(attached);
    if (original.from) {
      return {
        from: original.from,
        to: original.to,
        cc: original.cc,
        ...(original.subject ? { subject: original.subject } : {}),
        ...(original.date ? { date: original.date } : {}),
        text: original.text,
        ...(original.hasMessageId ? { messageId: original.messageId } : {}),
      };
    }
  }
  const text = mail.text;
  const positions = MARKERS.map((marker) => text.match(marker)).filter(
    (m): m is RegExpMatchArray => m !== null,
  );
  const candidates = positions.map((m) => (m.index ?? 0) + m[0].length).sort((a, b) => a - b);
  // Outlook sometimes writes the block with no marker at all.
  if (candidates.length === 0 && FORWARD_SUBJECT.test(mail.subject ?? '')) {
    const at = text.search(/^[ \t>]*\*?(From|De|Von):\*?\s/im);
    if (at >= 0) candidates.push(at);
  }
  for (const start of candidates) {
    const block = headerBlock(text.slice(start));
    if (!block) continue;
    const from = parsePeople(block.headers.get('from') ?? '')[0];
    if (!from) continue;
    const dateText = block.headers.get('date');
    const date = dateText ? parseForwardDate(dateText, userTimezone, reference) : undefined;
    const subject = clip(block.headers.get('subject'), 300);
    return {
      from,
      to: parsePeople(block.headers.get('to') ?? ''),
      cc: parsePeople(block.headers.get('cc') ?? ''),
      ...(subject ? { subject } : {}),
      ...(date ? { date } : {}),
      text: block.body,
    };
  }
  return undefined;
}
