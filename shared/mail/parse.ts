// Raw MIME bytes → the facts ingest needs (people, dates, threading ids, text, calendars,
// attached messages). Never throws: unreadable input gives an empty message.
import PostalMime, { type Address } from 'postal-mime';
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
      const name = clip(box.name?.trim().replace(/^["']|["']$/g, ''), 200);
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
  const declaredId = email.messageId ? normaliseMessageId(email.messageId) : undefined;
  const date =
    email.date && Number.isFinite(Date.parse(email.date)) ? new Date(email.date).toISOString() : undefined;
  const from = flatten(email.from)[0];
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
    to: flatten(email.to),
    cc: flatten(email.cc),
    bcc: flatten(email.bcc),
    ...(email.subject?.trim() ? { subject: clip(email.subject.trim(), 300) } : {}),
    ...(date ? { date } : {}),
    inReplyTo: messageIds(email.inReplyTo),
    references: messageIds(email.references),
    text: email.text ?? (email.html ? htmlToText(email.html) : ''),
    headers,
    calendars,
    attachedMessages,
    attachmentBytes,
  };
}

export const header = (mail: ParsedMail, name: string): string | undefined => mail.headers.get(name)?.[0];
