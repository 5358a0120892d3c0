// Mailbox files as mail clients export them (Gmail Takeout, Apple Mail, Thunderbird): messages
// one after another, each opened by a "From " line; a body line that began "From " was written
// ">From " (mboxo) and one with more ">" gained one more (mboxrd). Read in chunks, so a
// mailbox of gigabytes is walked in a small, fixed memory: the scanner only notes where each
// message lies and its Date header, and the caller reads each message when its turn comes.

/** Where one message lies in the file (its "From " line excluded), and its Date header. */
export type MboxSpan = { start: number; end: number; date?: string };

const NEWLINE = 0x0a;
const FROM_LINE = /^From \S/;
const MAX_HEADER_LINE = 8 * 1024;

/** Feed it the file's bytes in order; it returns the messages found so far. */
export class MboxScanner {
  private carry = Buffer.alloc(0);
  private offset = 0;
  private current: { start: number; inHeaders: boolean; date?: string; lastHeader?: string } | undefined;
  private previousBlank = true;
  private readonly spans: MboxSpan[] = [];

  feed(chunk: Buffer): MboxSpan[] {
    const data = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    let lineStart = 0;
    for (;;) {
      const newline = data.indexOf(NEWLINE, lineStart);
      if (newline < 0) break;
      this.line(data, lineStart, newline + 1);
      lineStart = newline + 1;
    }
    this.offset += lineStart;
    this.carry = Buffer.from(data.subarray(lineStart));
    return this.spans.splice(0);
  }

  /** The end of the file: the last message, even without a final newline. */
  end(): MboxSpan[] {
    if (this.carry.length > 0) {
      this.line(this.carry, 0, this.carry.length);
      this.offset += this.carry.length;
      this.carry = Buffer.alloc(0);
    }
    this.close(this.offset);
    return this.spans.splice(0);
  }

  private line(data: Buffer, from: number, to: number) {
    const position = this.offset + from;
    const head = data.toString('latin1', from, Math.min(to, from + MAX_HEADER_LINE)).replace(/\r?\n$/, '');
    // A "From " line opens a message at the file's start or after a blank line (both
    // variants; a client that failed to escape a body line still leaves it mid-paragraph).
    if (this.previousBlank && FROM_LINE.test(head)) {
      this.close(position);
      this.current = { start: this.offset + to, inHeaders: true };
      this.previousBlank = false;
      return;
    }
    this.previousBlank = head === '';
    const message = this.current;
    if (!message?.inHeaders) return;
    if (head === '') {
      message.inHeaders = false;
      return;
    }
    if (/^[ \t]/.test(head) && message.lastHeader === 'date') message.date = `${message.date} ${head.trim()}`;
    else {
      const name = head.slice(0, head.indexOf(':')).trim().toLowerCase();
      message.lastHeader = name;
      if (name === 'date' && message.date === undefined)
        message.date = head.slice(head.indexOf(':') + 1).trim();
    }
  }

  private close(end: number) {
    const message = this.current;
    if (!message) return;
    // The blank line before the next "From " stays with the message: a trailing blank line is harmless.
    if (end > message.start)
      this.spans.push({ start: message.start, end, ...(message.date ? { date: message.date } : {}) });
    this.current = undefined;
  }
}

/** One message's bytes as its sender wrote them: ">From " lines restored (mboxrd and mboxo). */
export function unescapeMboxMessage(bytes: Buffer): Buffer {
  const text = bytes.toString('latin1');
  if (!/^>+From /m.test(text)) return bytes;
  return Buffer.from(text.replace(/^>(>*From )/gm, '$1'), 'latin1');
}

/** Every message of a mailbox held whole in memory (small files and tests). */
export function splitMbox(bytes: Buffer): Buffer[] {
  const scanner = new MboxScanner();
  const spans = [...scanner.feed(bytes), ...scanner.end()];
  return spans.map((s) => unescapeMboxMessage(bytes.subarray(s.start, s.end)));
}
