// Raw MIME bytes → the facts ingest needs (people, dates, threading ids, text, calendars,
// attached messages). Never throws: unreadable input gives an empty message.
import PostalMime, { type Address, addressParser, decodeWords } from 'postal-mime';
import { sha256Hex } from '../domain/ids.ts';

export type Person = { email: string; name?: string };

export type ParsedMail = {
  /** Normalised `<…>`; synthesised from the bytes when the message has none. */
  messageId: string;
  hasMessageId: boolean;
  from?: Person;
  to: Person[];
  cc: Person[];
  bcc: Person[];
  subject?: string;
  /** ISO-8601 UTC from the Date header, when it had a readable one. */
  date?: string;
  inReplyTo: string[];
  references: string[];
  /** Plain text of the body (HTML turned to text when there is no text part). */
  text: string;
  /** Lower-cased header name → every value it had. */
  headers: Map<string, string[]>;
  /** iCalendar texts: text/calendar parts and .ics attachments. */
  calendars: string[];
  /** Messages attached whole (message/rfc822): "forward as attachment". */
  attachedMessages: Uint8Array[];
  /** Total size of attachments, in bytes. */
  attachmentBytes: number;
};

const MESSAGE_ID = /<[^<>\s]+>/g;

// Windows-1252 puts its curly quotes, dashes and € where ISO-8859-1 has C1 control codes, and
// mail labelled either way uses them (WHATWG decodes both as windows-1252). Some runtimes'
// decoders leave the control codes; no real text contains them, so they are read as 1252.
const CP1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
export const fixC1 = <T extends string | undefined>(text: T): T =>
  (text && /[\u0080-\u009f]/.test(text)
    ? text.replace(/[\u0080-\u009f]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80] ?? c)
    : text) as T;

/** What mail can make as long as it likes is cut to what a record needs (DynamoDB items are ≤ 400 KB). */
export const clip = <T extends string | undefined>(value: T, length: number): T =>
  (value && value.length > length ? `${value.slice(0, length - 1)}…` : value) as T;

export const normaliseMessageId = (raw: string): string | undefined => {
  const found = raw.match(MESSAGE_ID)?.[0];
  if (found) return found.toLowerCase();
  const bare = raw.trim();
  return bare && !/\s/.test(bare) ? `<${bare.toLowerCase()}>` : undefined;
};

const messageIds = (raw: string | undefined): string[] =>
  raw ? (raw.match(MESSAGE_ID) ?? []).map((id) => id.toLowerCase()) : [];

function flatten(addresses: Address[] | Address | undefined): Person[] {
  if (!addresses) return [];
  const list = Array.isArray(addresses) ? addresses : [addresses];
  const people: Person[] = [];
  for (const entry of list) {
    const mailboxes = entry.group ?? [entry];
    for (const box of mailboxes) {
      const email = box.address?.trim().toLowerCase();
      // An address longer than SMTP allows is junk, not a person.
      if (!email || !/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 254) continue;
      const name = clip(
        fixC1(box.name)
          ?.trim()
          .replace(/^["']|["']$/g, ''),
        200,
      );
      people.push(name && name.toLowerCase() !== email ? { email, name } : { email });
    }
  }
  return people;
}

export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|tr|li|h\d|blockquote)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\n{3,}/g, '\n\n');
}

const toBytes = (content: ArrayBuffer | Uint8Array | string): Uint8Array =>
  typeof content === 'string'
    ? new TextEncoder().encode(content)
    : content instanceof Uint8Array
      ? content
      : new Uint8Array(content);

/** UTF-7 (RFC 2152), which old Outlook and some webmail still use for names: "Jos+AOk-" → "José". */
export function decodeUtf7(text: string): string {
  return text.replace(/\+([A-Za-z0-9+/]*)-?/g, (whole, b64: string) => {
    if (b64 === '') return whole === '+-' ? '+' : whole;
    const bytes = Buffer.from(b64, 'base64');
    let out = '';
    for (let i = 0; i + 1 < bytes.length; i += 2)
      out += String.fromCharCode((bytes[i]! << 8) | bytes[i + 1]!);
    return out;
  });
}

const ENCODED_UTF7 = /=\?utf-7\?([qb])\?([^?]*)\?=/gi;
const REPAIRED_HEADERS = ['from', 'to', 'cc', 'bcc', 'subject'];

/**
 * Headers postal-mime cannot read right, read again from the raw bytes: raw 8-bit text in the
 * message's own charset (not UTF-8), and UTF-7 encoded words. Undefined when none needs it.
 */
function repairedHeaders(raw: Uint8Array, parsed: Map<string, string[]>): Map<string, string> | undefined {
  const broken = REPAIRED_HEADERS.filter((name) =>
    (parsed.get(name) ?? []).some((v) => v.includes('\ufffd') || /=\?utf-7\?/i.test(v)),
  );
  if (broken.length === 0) return undefined;
  let end = 0;
  while (
    end < raw.length - 3 &&
    !(raw[end] === 13 && raw[end + 1] === 10 && raw[end + 2] === 13 && raw[end + 3] === 10)
  )
    end++;
  const charset = (
    parsed.get('content-type')?.[0]?.match(/charset\s*=\s*"?([\w-]+)/i)?.[1] ?? 'windows-1252'
  ).toLowerCase();
  let text: string;
  try {
    text = new TextDecoder(charset === 'us-ascii' ? 'windows-1252' : charset).decode(raw.subarray(0, end));
  } catch {
    text = new TextDecoder('windows-1252').decode(raw.subarray(0, end));
  }
  const repaired = new Map<string, string>();
  for (const line of fixC1(text)
    .replace(/\r?\n[ \t]+/g, ' ')
    .split(/\r?\n/)) {
    const at = line.indexOf(':');
    const name = line.slice(0, at).trim().toLowerCase();
    if (at < 1 || !broken.includes(name) || repaired.has(name)) continue;
    const value = line
      .slice(at + 1)
      .trim()
      .replace(ENCODED_UTF7, (_w, encoding: string, data: string) =>
        decodeUtf7(
          encoding.toLowerCase() === 'b'
            ? Buffer.from(data, 'base64').toString('latin1')
            : data
                .replace(/_/g, ' ')
                .replace(/=([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
        ),
      );
    repaired.set(name, value);
  }
  return repaired;
}

/** Parses raw MIME bytes. Never throws: unreadable input gives an empty message. */
export async function parseMail(raw: Uint8Array): Promise<ParsedMail> {
  let email: Awaited<ReturnType<typeof PostalMime.parse>>;
  try {
    email = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer', forceRfc822Attachments: true });
  } catch {
    email = { headers: [], headerLines: [], attachments: [] };
  }
  const headers = new Map<string, string[]>();
  for (const header of email.headers) {
    const list = headers.get(header.key) ?? [];
    list.push(header.value);
    headers.set(header.key, list);
  }
  const repaired = repairedHeaders(raw, headers);
  const people = (name: 'from' | 'to' | 'cc' | 'bcc', parsedValue: Address[] | Address | undefined) => {
    const value = repaired?.get(name);
    return value === undefined ? parsedValue : addressParser(decodeWords(value));
  };
  const subject = repaired?.has('subject') ? decodeWords(repaired.get('subject')!) : email.subject;
  const declaredId = email.messageId ? normaliseMessageId(email.messageId) : undefined;
  const date =
    email.date && Number.isFinite(Date.parse(email.date)) ? new Date(email.date).toISOString() : undefined;
  const from = flatten(people('from', email.from))[0];
  const calendars: string[] = [];
  const attachedMessages: Uint8Array[] = [];
  let attachmentBytes = 0;
  for (const attachment of email.attachments) {
    const bytes = toBytes(attachment.content);
    attachmentBytes += bytes.byteLength;
    const type = attachment.mimeType.toLowerCase();
    if (type === 'text/calendar' || type === 'application/ics' || /\.ics$/i.test(attachment.filename ?? '')) {
      calendars.push(new TextDecoder().decode(bytes));
    } else if (type === 'message/rfc822') {
      attachedMessages.push(bytes);
    }
  }
  return {
    messageId: declaredId ?? `<${sha256Hex(raw).slice(0, 32)}@rounds.generated>`,
    hasMessageId: declaredId !== undefined,
    ...(from ? { from } : {}),
    to: flatten(people('to', email.to)),
    cc: flatten(people('cc', email.cc)),
    bcc: flatten(people('bcc', email.bcc)),
    ...(subject?.trim() ? { subject: clip(fixC1(subject).trim(), 300) } : {}),
    ...(date ? { date } : {}),
    inReplyTo: messageIds(email.inReplyTo),
    references: messageIds(email.references),
    text: fixC1(email.text ?? (email.html ? htmlToText(email.html) : '')),
    headers,
    calendars,
    attachedMessages,
    attachmentBytes,
  };
}

export const header = (mail: ParsedMail, name: string): string | undefined => mail.headers.get(name)?.[0];
