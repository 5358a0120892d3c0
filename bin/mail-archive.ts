// The messages of mail archives on disk, for `rounds import-mail`: .eml files, mbox files
// (a Gmail Takeout "Sent.mbox", Thunderbird's extension-less folders) and folders of either
// (Apple Mail exports a folder "Sent Messages.mbox" holding a file named "mbox"). Files are
// scanned once for where each message lies and read one message at a time, so a mailbox of
// gigabytes costs little memory.
import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { OperationFailedError } from '#shared/domain/errors';
import type { PastMessage } from '#shared/ingest/past-mail';
import { MboxScanner, unescapeMboxMessage } from '#shared/mail/mbox';

/** The first bytes of a file: an mbox opens with a "From " line. */
async function startsLikeMbox(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(5);
    const { bytesRead } = await handle.read(head, 0, 5, 0);
    return head.subarray(0, bytesRead).toString('latin1') === 'From ';
  } finally {
    await handle.close();
  }
}

async function readRange(path: string, start: number, end: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const bytes = Buffer.alloc(end - start);
    await handle.read(bytes, 0, bytes.length, start);
    return bytes;
  } finally {
    await handle.close();
  }
}

async function mboxMessages(path: string): Promise<PastMessage[]> {
  const scanner = new MboxScanner();
  const spans = [];
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }))
    spans.push(...scanner.feed(chunk as Buffer));
  spans.push(...scanner.end());
  const file = basename(path) === 'mbox' ? basename(join(path, '..')) : basename(path);
  return spans.map((span, i) => ({
    file,
    index: i + 1,
    date: span.date,
    read: async () => unescapeMboxMessage(await readRange(path, span.start, span.end)),
  }));
}

/** One .eml: its Date header read from its head alone, its bytes when its turn comes. */
async function emlMessage(path: string): Promise<PastMessage> {
  const { size } = await stat(path);
  const head = (await readRange(path, 0, Math.min(size, 64 * 1024))).toString('latin1');
  const headers = head.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const date = headers
    .match(/^date:[ \t]*(.*(?:\r?\n[ \t].*)*)/im)?.[1]
    ?.replace(/\s+/g, ' ')
    .trim();
  return { file: basename(path), date, read: () => readRange(path, 0, size) };
}

async function fileMessages(path: string, named: boolean): Promise<PastMessage[]> {
  if (extname(path).toLowerCase() === '.eml') return [await emlMessage(path)];
  if (await startsLikeMbox(path)) return mboxMessages(path);
  // A file named on the command line is one message; in a folder, only .eml and mbox count
  // (Apple Mail's Info.plist and table_of_contents are not mail).
  return named ? [await emlMessage(path)] : [];
}

async function folderMessages(path: string): Promise<PastMessage[]> {
  const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  const found: PastMessage[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const child = join(path, entry.name);
    if (entry.isDirectory()) found.push(...(await folderMessages(child)));
    else if (entry.isFile()) found.push(...(await fileMessages(child, false)));
  }
  return found;
}

/** Every message of the archives named, in file order (the importer orders them by date). */
export async function readMailArchives(paths: string[]): Promise<PastMessage[]> {
  const found: PastMessage[] = [];
  for (const path of paths) {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch (error) {
      throw new OperationFailedError(
        `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      );
    }
    found.push(...(info.isDirectory() ? await folderMessages(path) : await fileMessages(path, true)));
  }
  return found;
}
