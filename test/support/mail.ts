/** Builds a raw RFC 5322 message the way mail clients write them (CRLF line ends). */
export function eml(parts: {
  from?: string;
  to?: string;
  cc?: string;
  bcc?: string;
  subject?: string;
  date?: string | null;
  messageId?: string | null;
  inReplyTo?: string;
  references?: string;
  headers?: Record<string, string>;
  body?: string;
}): Buffer {
  const lines: string[] = [];
  if (parts.from) lines.push(`From: ${parts.from}`);
  if (parts.to) lines.push(`To: ${parts.to}`);
  if (parts.cc) lines.push(`Cc: ${parts.cc}`);
  if (parts.bcc) lines.push(`Bcc: ${parts.bcc}`);
  lines.push(`Subject: ${parts.subject ?? 'Hello'}`);
  if (parts.date !== null) lines.push(`Date: ${parts.date ?? 'Mon, 2 Nov 2026 09:15:00 -0600'}`);
  if (parts.messageId !== null)
    lines.push(`Message-ID: ${parts.messageId ?? `<m-${Math.random().toString(36).slice(2)}@example.org>`}`);
  if (parts.inReplyTo) lines.push(`In-Reply-To: ${parts.inReplyTo}`);
  if (parts.references) lines.push(`References: ${parts.references}`);
  for (const [name, value] of Object.entries(parts.headers ?? {})) lines.push(`${name}: ${value}`);
  lines.push(
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    // Outreach asks for something; thanks or news alone starts no nudges (mail/intent.ts).
    parts.body ?? 'Dear Dr. Lopez,\n\nWould you have ten minutes to talk about research in your department?',
  );
  return Buffer.from(lines.join('\r\n').replace(/\r?\n/g, '\r\n'));
}
