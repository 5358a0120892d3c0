// The whole loop as a user drives it: the CLI of CONTRACT.md against the real local stack.
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { processAlive } from '#bin/local/lock';
import { freePort } from '#bin/local/ports';
import { json, jsonLines, rounds, smtpSend, tempHome, writeEml } from '../support/cli.ts';
import { eml } from '../support/mail.ts';
import { listeningAddresses } from '../support/sockets.ts';

/** The outbox entry as CONTRACT.md states it, written out here rather than imported from the code. */
type Sent = {
  messageId: string;
  to: string;
  from: string;
  replyTo: string;
  subject: string;
  text: string;
  html: string;
  sentAt: string;
};

describe('rounds CLI without a running stack', { timeout: 180_000 }, () => {
  const home = tempHome();
  const env = { ROUNDS_HOME: home };
  let capture = '';

  it('adds a user with an unguessable capture address', async () => {
    const user = json<Record<string, string>>(
      await rounds(
        env,
        'user',
        'add',
        'amira@example.org',
        '--name',
        'Amira Haddad',
        '--tz',
        'America/Chicago',
      ),
    );
    expect(Object.keys(user).sort()).toEqual(['captureAddress', 'email', 'timezone', 'userId']);
    expect(user).toMatchObject({ email: 'amira@example.org', timezone: 'America/Chicago' });
    expect(user.captureAddress).toMatch(/^[a-z2-9]{16}@in\.rounds\.localhost$/);
    capture = user.captureAddress!;
  });

  it('refuses bad usage with exit code 2 and a clear message', async () => {
    const badZone = await rounds(env, 'user', 'add', 'x@example.org', '--tz', 'Chicago');
    const badNow = await rounds(env, 'tick', '--now', 'next tuesday');
    expect(badZone.code).toBe(2);
    expect(badZone.stderr).toContain('not an IANA time zone');
    expect(badNow.code).toBe(2);
    expect(badNow.stderr).toContain('--now wants an ISO-8601 instant');
  });

  it('logs a BCC’d outreach once, nudges 14 days later, and acts on the reply “done”', async () => {
    const outreach = writeEml(
      home,
      'outreach.eml',
      eml({
        from: 'Amira Haddad <amira@example.org>',
        to: '"Dr. Maria Lopez" <mlopez@stmarys.example.edu>',
        bcc: capture,
        subject: 'Research opportunities in PM&R',
        date: 'Mon, 2 Nov 2026 09:15:00 -0600',
        messageId: '<outreach-1@example.org>',
      }),
    );

    const [logged] = jsonLines(await rounds(env, 'ingest', outreach));
    const [again] = jsonLines(await rounds(env, 'ingest', outreach));
    expect(logged).toMatchObject({
      file: 'outreach.eml',
      status: 'logged',
      reminders: {
        created: [
          {
            kind: 'no_reply_nudge',
            contact: 'mlopez@stmarys.example.edu',
            dueAt: '2026-11-16T15:15:00.000Z',
          },
        ],
      },
    });
    expect(again).toEqual({
      file: 'outreach.eml',
      messageId: '<outreach-1@example.org>',
      status: 'duplicate',
    });

    const contacts = json<Record<string, unknown>[]>(await rounds(env, 'contacts'));
    expect(contacts).toEqual([
      {
        email: 'mlopez@stmarys.example.edu',
        emails: ['mlopez@stmarys.example.edu'],
        name: 'Dr. Maria Lopez',
        institution: null,
        role: null,
        tier: null,
        status: 'active',
        lastContactAt: '2026-11-02T15:15:00.000Z',
        nextFollowUpAt: '2026-11-16T15:15:00.000Z',
      },
    ]);

    const tick = json<{ now: string; sent: Record<string, unknown>[] }>(
      await rounds(env, 'tick', '--now', '2026-11-17T14:00:00Z'),
    );
    const tickAgain = json<{ sent: unknown[] }>(await rounds(env, 'tick', '--now', '2026-11-17T14:00:00Z'));
    expect(tick.now).toBe('2026-11-17T14:00:00.000Z');
    expect(tick.sent).toHaveLength(1);
    expect(tick.sent[0]).toMatchObject({ to: 'amira@example.org', kind: 'reminder' });
    expect(tick.sent[0]?.subject).toContain('Dr. Maria Lopez');
    expect(tickAgain.sent).toEqual([]);

    const outbox = json<Sent[]>(await rounds(env, 'outbox'));
    // The welcome from `user add` (the capture address, its tags, a sign-in link), then the reminder.
    expect(outbox).toHaveLength(2);
    expect(outbox[0]?.subject).toBe('Welcome to Rounds: your private BCC address');
    expect(outbox[0]?.text).toContain(capture.replace('@', '+thanks@'));
    expect(outbox[0]?.text).toMatch(/http:\/\/127\.0\.0\.1:\d+\/signin\/[\w-]{40,}/);
    const reminderMail = outbox[1]!;
    expect(Object.keys(reminderMail).sort()).toEqual([
      'from',
      'html',
      'messageId',
      'replyTo',
      'sentAt',
      'subject',
      'text',
      'to',
    ]);
    expect(reminderMail.text).toContain('Reply to this email');
    expect(reminderMail.html).toContain('<html>');

    const reply = writeEml(
      home,
      'reply.eml',
      eml({
        from: 'Amira Haddad <amira@example.org>',
        to: `Rounds <${reminderMail.replyTo}>`,
        subject: `Re: ${reminderMail.subject}`,
        date: 'Tue, 17 Nov 2026 08:05:00 -0600',
        body: 'done\n\nOn Tue, Nov 17, 2026 at 7:30 AM Rounds wrote:\n> Dr. Maria Lopez has not replied\n',
      }),
    );
    const [command] = jsonLines(await rounds(env, 'ingest', reply));
    expect(command).toMatchObject({
      status: 'command',
      command: { action: 'done', reminderId: (tick.sent[0]!.reminderIds as string[])[0] },
    });

    const open = json<unknown[]>(await rounds(env, 'reminders'));
    const all = json<Record<string, unknown>[]>(await rounds(env, 'reminders', '--all'));
    // "done" on a nudge means the nudge went out: the second and last one is due 14 days on.
    expect(open).toEqual([
      expect.objectContaining({
        kind: 'no_reply_nudge',
        state: 'pending',
        dueAt: '2026-12-01T14:05:00.000Z',
      }),
    ]);
    expect(all).toMatchObject([
      { kind: 'no_reply_nudge', contact: 'mlopez@stmarys.example.edu', state: 'done' },
      { kind: 'no_reply_nudge', contact: 'mlopez@stmarys.example.edu', state: 'pending' },
    ]);
    const confirmation = json<Sent[]>(await rounds(env, 'outbox', '--since', reminderMail.sentAt)).at(-1);
    expect(confirmation?.text).toMatch(/^Done: Dr\. Maria Lopez/);
  });

  it('rejects a reply from another address, an altered signature and an unknown sender, in one run', async () => {
    const outbox = json<Sent[]>(await rounds(env, 'outbox'));
    const replyTo = outbox.find((m) => m.subject.startsWith('Nudge'))!.replyTo;
    const altered = replyTo.replace(/([a-z2-9])@/, (_m, c: string) => `${c === 'a' ? 'b' : 'a'}@`);
    const files = [
      writeEml(home, 'other.eml', eml({ from: 'mallory@evil.example', to: replyTo, body: 'done' })),
      writeEml(home, 'altered.eml', eml({ from: 'amira@example.org', to: altered, body: 'done' })),
      writeEml(home, 'stranger.eml', eml({ from: 'news@list.example', to: capture, body: 'hello' })),
      writeEml(home, 'garbage.eml', Buffer.from('\u0000\u0001 not mail at all')),
    ];
    const outcomes = jsonLines(await rounds(env, 'ingest', ...files));
    expect(outcomes.map((o) => [o.file, o.status, o.reason])).toEqual([
      ['other.eml', 'rejected', 'not-the-user'],
      ['altered.eml', 'rejected', 'bad-signature'],
      ['stranger.eml', 'rejected', 'unknown-sender'],
      ['garbage.eml', 'rejected', 'not-an-email'],
    ]);
  });

  it('prints a fresh sign-in link each time, good for 15 minutes', async () => {
    const first = json<{ url: string; expiresAt: string }>(await rounds(env, 'link'));
    const second = json<{ url: string; expiresAt: string }>(
      await rounds(env, 'link', '--user', 'amira@example.org'),
    );
    expect(Object.keys(first).sort()).toEqual(['expiresAt', 'url']);
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/signin\/[\w-]{40,}$/);
    expect(second.url).not.toBe(first.url);
    const minutesLeft = (Date.parse(first.expiresAt) - Date.now()) / 60_000;
    expect(minutesLeft).toBeGreaterThan(13);
    expect(minutesLeft).toBeLessThanOrEqual(15);
  });

  it('shows a contact’s timeline newest first', async () => {
    const timeline = json<Record<string, unknown>[]>(
      await rounds(env, 'timeline', 'mlopez@stmarys.example.edu'),
    );
    expect(timeline).toMatchObject([
      {
        kind: 'email',
        direction: 'outbound',
        occurredAt: '2026-11-17T14:05:00.000Z',
        subject: 'Written (reported by you)',
      },
      { kind: 'email', direction: 'outbound', occurredAt: '2026-11-02T15:15:00.000Z' },
    ]);
  });

  it('imports a spreadsheet of contacts and exports them again', async () => {
    const sheet = join(home, 'contacts.csv');
    writeFileSync(
      sheet,
      'name,email,tier,notes\n"Okafor, Jane",okafor@kings.example.ac.uk,mentor,"sponsors J-1"\n,broken,,\n',
    );
    const report = json<Record<string, unknown>>(await rounds(env, 'import', sheet));
    const exported = json<Record<string, string>[]>(await rounds(env, 'export', '--format', 'json'));
    const csv = await rounds(env, 'export');
    expect(report).toEqual({
      file: 'contacts.csv',
      imported: 1,
      updated: 0,
      skipped: [{ line: 3, reason: 'not an email address: broken' }],
    });
    expect(exported.find((c) => c.email === 'okafor@kings.example.ac.uk')).toMatchObject({
      name: 'Okafor, Jane',
      tier: 'mentor',
      notes: 'sponsors J-1',
    });
    expect(csv.stdout.split('\r\n')[0]).toBe(
      'name,email,institution,specialty,role,tier,how_met,last_contact,notes',
    ); // The backup holds what the rows cannot: every timeline, every reminder, the settings.
    const backup = json<{
      user: { timezone: string };
      contacts: { email: string; timeline: { subject?: string }[] }[];
      reminders: { state: string }[];
    }>(await rounds(env, 'export', '--format', 'backup'));
    expect(backup.user.timezone).toBe('America/Chicago');
    expect(
      backup.contacts.find((c) => c.email === 'mlopez@stmarys.example.edu')?.timeline.length,
    ).toBeGreaterThan(0);
    expect(backup.reminders.map((r) => r.state)).toContain('done');
  });

  it('learns of a contact’s reply from the user’s BCC’d answer quoting it (rounds ingest)', async () => {
    const fixtures = resolve('test/fixtures/conversation');
    const own = { ROUNDS_HOME: tempHome() };
    const { captureAddress } = json<{ captureAddress: string }>(
      await rounds(own, 'user', 'add', 'amira@example.org', '--tz', 'America/Chicago'),
    );
    const out = jsonLines(
      await rounds(
        own,
        'ingest',
        join(fixtures, '01-outreach.eml'),
        join(fixtures, '02-gmail-reply-quoting-answer.eml'),
        join(fixtures, '03-outlook-reply-quoting-first-mail.eml'),
        join(fixtures, '05-reply-with-attached-message.eml'),
        join(fixtures, '06-thank-you-note.eml'),
        '--to',
        captureAddress,
      ),
    );

    expect(out[1]).toMatchObject({
      file: '02-gmail-reply-quoting-answer.eml',
      status: 'logged',
      interactions: [
        { direction: 'inbound', occurredAt: '2026-11-04T16:00:00.000Z', inferred: true },
        { direction: 'outbound' },
      ],
      reminders: {
        created: [],
        resolved: [{ kind: 'no_reply_nudge', contact: 'mlopez@stmarys.example.edu' }],
      },
    });
    // Outlook's From/Sent block is read too; a reply with the earlier message attached is the
    // user writing; a thank-you note waits for no answer.
    expect(
      out
        .slice(2)
        .map((o) => [
          o.file,
          (o.interactions as { direction: string; inferred?: true }[]).map(
            (i) => `${i.direction}${i.inferred ? ' (inferred)' : ''}`,
          ),
        ]),
    ).toEqual([
      ['03-outlook-reply-quoting-first-mail.eml', ['inbound (inferred)', 'outbound']],
      ['05-reply-with-attached-message.eml', ['outbound']],
      ['06-thank-you-note.eml', ['outbound']],
    ]);
    const open = json<{ kind: string; contacts: string[] }[]>(await rounds(own, 'reminders'));
    expect(open.map((r) => [r.kind, r.contacts])).toEqual([['no_reply_nudge', ['lortega@fm.example.org']]]);
  });

  it('keeps the programs she applies to, with their people (rounds programs)', async () => {
    const added = json<Record<string, unknown>>(
      await rounds(
        env,
        'program',
        'add',
        'Internal Medicine Residency',
        '--institution',
        'St. Mary’s',
        '--specialty',
        'Internal Medicine',
        '--contact',
        'mlopez@stmarys.example.edu',
      ),
    );
    const set = await rounds(env, 'program', 'set', 'internal medicine residency', '--status', 'invited');
    const wrong = await rounds(env, 'program', 'set', 'internal medicine residency', '--status', 'maybe');

    expect(set.code).toBe(0);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('not "maybe"');
    expect(json<unknown[]>(await rounds(env, 'programs'))).toEqual([
      {
        id: added.id,
        name: 'Internal Medicine Residency',
        institution: 'St. Mary’s',
        specialty: 'Internal Medicine',
        status: 'invited',
        contacts: ['mlopez@stmarys.example.edu'],
      },
    ]);
  });

  it('pauses and resumes mail from settings', async () => {
    const paused = json<{ mail: string }>(await rounds(env, 'settings', 'mail=off'));
    const resumed = json<{ mail: string }>(await rounds(env, 'settings', 'mail=on'));

    expect(paused.mail).toBe('paused (unsubscribed)');
    expect(resumed.mail).toBe('on');
    expect((await rounds(env, 'settings', 'mail=maybe')).code).toBe(2);
  });

  it('keeps its home private, and stops quietly when the reader of its output goes away', async () => {
    expect(statSync(home).mode & 0o777).toBe(0o700);

    // `rounds contacts | head -0`: the pipe closes before Rounds writes a byte.
    const child = spawn(process.execPath, [resolve('bin/rounds.js'), 'contacts'], {
      env: { ...process.env, ROUNDS_KEEP_WARM: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const code = await new Promise<number | null>((done) => child.once('exit', done));

    expect(stderr).not.toContain('EPIPE');
    expect(code).toBe(0);
  });

  it('brings her history in: an Apple Mail export and a recent .eml, at their own dates, sending nothing', async () => {
    // An email of three days ago still wants its nudge; June's unanswered one is long past.
    const recent = new Date(Date.now() - 3 * 86_400_000);
    const archive = join(home, 'archive');
    cpSync(resolve('test/fixtures/archives/apple-mail'), archive, { recursive: true });
    writeEml(
      archive,
      'recent.eml',
      eml({
        from: 'Amira Haddad <amira@example.org>',
        to: 'Dr. Lena Park <lpark@peds.example.edu>',
        subject: 'Shadowing in your clinic',
        date: recent.toUTCString(),
        messageId: '<recent-1@example.org>',
      }),
    );
    const outboxBefore = json<unknown[]>(await rounds(env, 'outbox')).length;

    const result = await rounds(env, 'import-mail', archive);
    const again = await rounds(env, 'import-mail', archive);

    expect(result.code).toBe(0);
    const outcomes = jsonLines(result);
    // Info.plist and table_of_contents are not mail; the mbox's two messages and the .eml are.
    expect(outcomes.map((o) => [o.file, o.index, o.status])).toEqual([
      ['Sent Messages.mbox', 2, 'logged'],
      ['Sent Messages.mbox', 1, 'logged'],
      ['recent.eml', undefined, 'logged'],
    ]);
    expect(outcomes[0]).toMatchObject({
      interactions: [
        { occurredAt: '2026-06-04T15:00:00.000Z', contacts: [{ email: 'sokoye@im.example.edu' }] },
      ],
      reminders: { created: [] },
    });
    expect(outcomes[2]).toMatchObject({
      reminders: { created: [{ kind: 'no_reply_nudge', contact: 'lpark@peds.example.edu' }] },
    });
    expect(jsonLines(again).map((o) => o.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    expect(json<unknown[]>(await rounds(env, 'outbox'))).toHaveLength(outboxBefore);
    const timeline = json<{ subject: string }[]>(await rounds(env, 'timeline', 'mlopez@stmarys.example.edu'));
    expect(timeline.map((i) => i.subject)).toContain('Research opportunities in PM&R');
  });

  it('says what went wrong, on one line, when a file cannot be read', async () => {
    const result = await rounds(env, 'ingest', join(home, 'missing.eml'));
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('cannot read');
  });
});

describe('DynamoDB Local kept warm between commands', { timeout: 180_000 }, () => {
  it('the next command joins the one the last command started, which stops by itself when idle', async () => {
    const home = tempHome();
    const env = { ROUNDS_HOME: home, ROUNDS_KEEP_WARM: '3' };
    const record = () => {
      const file = join(home, 'warm-dynamodb.json');
      return existsSync(file)
        ? (JSON.parse(readFileSync(file, 'utf8')) as { keeperPid: number; dynamodbEndpoint: string })
        : undefined;
    };
    json(await rounds(env, 'user', 'add', 'amira@example.org', '--tz', 'America/Chicago'));
    const first = record();
    expect(first).toMatchObject({ dynamodbEndpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });

    expect(json(await rounds(env, 'contacts'))).toEqual([]);
    expect(record()).toEqual(first);

    // Three idle seconds later it is gone, keeper and all, and the data stayed on disk.
    for (let waited = 0; (record() || processAlive(first!.keeperPid)) && waited < 30_000; waited += 250)
      await new Promise((r) => setTimeout(r, 250));
    expect(record()).toBeUndefined();
    expect(processAlive(first!.keeperPid)).toBe(false);
    expect(json(await rounds({ ...env, ROUNDS_KEEP_WARM: '0' }, 'contacts'))).toEqual([]);
  });
});

describe('two users in one home', { timeout: 300_000 }, () => {
  it('every per-user command shows and changes only the user it names, and asks which when there are two', async () => {
    const env = { ROUNDS_HOME: tempHome() };
    const people = [
      { email: 'amira@example.org', contact: 'mlopez@stmarys.example.edu' },
      { email: 'omar@example.org', contact: 'okafor@kings.example.ac.uk' },
    ];
    for (const [i, p] of people.entries()) {
      const { captureAddress } = json<{ captureAddress: string }>(await rounds(env, 'user', 'add', p.email));
      const file = writeEml(env.ROUNDS_HOME, `out-${i}.eml`, eml({ from: p.email, to: p.contact }));
      expect(jsonLines(await rounds(env, 'ingest', file, '--to', captureAddress))[0]).toMatchObject({
        status: 'logged',
      });
    }
    // Without --user, a command refuses to guess.
    expect((await rounds(env, 'contacts')).code).toBe(2);

    let checked = 0;
    for (const [me, other] of [people, [...people].reverse()] as const) {
      for (const command of [
        ['contacts'],
        ['reminders', '--all'],
        ['timeline', me!.contact],
        ['export', '--format', 'json'],
        ['settings'],
      ]) {
        const result = await rounds(env, ...command, '--user', me!.email);
        expect(result.code, command.join(' ')).toBe(0);
        expect(result.stdout).not.toContain(other!.contact);
        checked++;
      }
      // The other's contact does not exist for this user: nothing to show, nothing to change.
      const theirs = await rounds(env, 'timeline', other!.contact, '--user', me!.email);
      expect(theirs.code === 0 ? JSON.parse(theirs.stdout) : []).toEqual([]);
      const set = await rounds(
        env,
        'contacts',
        'set',
        other!.contact,
        '--tier',
        'mentor',
        '--user',
        me!.email,
      );
      expect(set.code).not.toBe(0);
    }
    expect(checked).toBe(10);
    const untouched = json<{ email: string; tier: string | null }[]>(
      await rounds(env, 'contacts', '--user', 'omar@example.org'),
    );
    expect(untouched).toMatchObject([{ email: 'okafor@kings.example.ac.uk', tier: null }]);
  });
});

describe('rounds start', { timeout: 180_000 }, () => {
  const home = tempHome();
  let stack: ChildProcess | undefined;
  afterAll(() => stack?.kill('SIGKILL'));

  it('runs the stack; mail over SMTP is logged; other commands join it; data survives a restart', async () => {
    const ports = { smtp: await freePort(), ses: await freePort(), http: await freePort() };
    const env = {
      ROUNDS_HOME: home,
      ROUNDS_SMTP_PORT: String(ports.smtp),
      ROUNDS_SES_PORT: String(ports.ses),
      ROUNDS_HTTP_PORT: String(ports.http),
    };
    const user = json<{ captureAddress: string }>(
      await rounds(env, 'user', 'add', 'omar@example.org', '--tz', 'Europe/London'),
    );

    stack = spawn(process.execPath, [resolve('bin/rounds.js'), 'start'], { env: { ...process.env, ...env } });
    let output = '';
    stack.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    await new Promise<void>((ready, fail) => {
      const timer = setTimeout(() => fail(new Error(`stack did not start:\n${output}`)), 90_000);
      stack?.stdout?.on('data', () => {
        if (output.includes('send a test email to it')) {
          clearTimeout(timer);
          ready();
        }
      });
      stack?.once('exit', (code) => fail(new Error(`stack exited ${code}:\n${output}`)));
    });
    expect(output).toContain(`smtp://127.0.0.1:${ports.smtp}`);
    expect(output).toContain(user.captureAddress);
    expect(existsSync(join(home, 'stack.json'))).toBe(true);
    // Every service of the stack listens on loopback only.
    const record = JSON.parse(readFileSync(join(home, 'stack.json'), 'utf8')) as { dynamodbEndpoint: string };
    for (const port of [ports.smtp, ports.ses, ports.http, Number(new URL(record.dynamodbEndpoint).port)])
      expect(listeningAddresses(port)).toEqual(['127.0.0.1']);

    const raw = eml({
      from: 'omar@example.org',
      to: '"Prof. Jane Okafor" <okafor@kings.example.ac.uk>',
      subject: 'Thank you',
    });
    const replies = await smtpSend(ports.smtp, 'omar@example.org', [user.captureAddress], raw);
    expect(replies.some((r) => r.startsWith('250') && /queued|ok|accepted/i.test(r))).toBe(true);
    const refused = await smtpSend(ports.smtp, 'omar@example.org', ['someone@gmail.example'], raw);
    expect(refused.some((r) => r.startsWith('550'))).toBe(true);

    // The raw message is gone once processed; nothing of the body stays on disk.
    expect(readdirSync(join(home, 'mail'))).toEqual([]);
    const joined = json<{ email: string; name: string }[]>(await rounds(env, 'contacts'));
    expect(joined).toMatchObject([{ email: 'okafor@kings.example.ac.uk', name: 'Prof. Jane Okafor' }]);

    const page = await fetch(`http://127.0.0.1:${ports.http}/`);
    expect(page.status).toBe(200);

    const exited = new Promise<number | null>((done) => stack?.once('exit', (code) => done(code)));
    stack.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(existsSync(join(home, 'stack.json'))).toBe(false);

    const afterRestart = json<{ email: string }[]>(await rounds(env, 'contacts'));
    expect(afterRestart.map((c) => c.email)).toEqual(['okafor@kings.example.ac.uk']);
  });
});
