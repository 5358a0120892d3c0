// The corpus: realistic mail of every kind a resident sends to the capture address, each
// with the outcome it must produce (test/fixtures/mail/expected.json). Every file goes in
// through the Lambda entry point, the same ingest the CLI and the SMTP server use.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInboundHandler } from '#functions/inbound';
import { directoryRawMail } from '#shared/adapters/raw-mail';
import type { User } from '#shared/domain/model';
import { timelineView } from '#shared/domain/views';
import type { IngestOutcome } from '#shared/ingest/ingest';
import { addUser } from '#shared/users/users';
import { testDeps } from '../../support/local.ts';
import { sesReceipt, tagged } from '../../support/ses.ts';

const dir = 'test/fixtures/mail';
type Case = {
  file: string;
  tags?: string[];
  expect: Partial<IngestOutcome>;
  contact?: { email: string; tier: string };
  contactCount?: number;
};
const { cases } = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as { cases: Case[] };

let deps: Awaited<ReturnType<typeof testDeps>>;
let user: User;
let capture: string;
let handler: ReturnType<typeof createInboundHandler>;

beforeAll(async () => {
  deps = await testDeps('2026-11-20T12:00:00Z');
  ({ user, captureAddress: capture } = await addUser(
    {
      email: 'amira@example.org',
      name: 'Amira Haddad',
      timezone: 'America/Chicago',
      aliases: ['amira.haddad@hospital.example.org'],
    },
    deps,
  ));
  handler = createInboundHandler({ ...deps, rawMail: directoryRawMail(dir) });
});
afterAll(() => deps.ses.stop());

const delivered = (file: string, tags: string[] = []) => sesReceipt(file, [tagged(capture, tags)]);

describe('the mail corpus, in order, for one resident', () => {
  // One test per file, in sequence: later files (replies, updates) depend on earlier ones.
  for (const testCase of cases) {
    it(`${testCase.file} → ${testCase.expect.status}${testCase.expect.reason ? ` (${testCase.expect.reason})` : ''}`, async () => {
      const { outcomes } = await handler(delivered(testCase.file, testCase.tags));
      expect(outcomes).toHaveLength(1);
      expect(outcomes[0]).toMatchObject(testCase.expect);
      if (testCase.contact) {
        const contact = await deps.store.contacts.findByEmail(user.userId, testCase.contact.email);
        expect(contact?.tier).toBe(testCase.contact.tier);
      }
      if (testCase.contactCount) {
        const contacts = await deps.store.contacts.list(user.userId);
        expect(contacts.filter((c) => c.email.endsWith('@programs.example.edu'))).toHaveLength(
          testCase.contactCount,
        );
      }
    });
  }

  it('delivering the whole corpus again changes nothing', async () => {
    const before = await deps.store.reminders.list(user.userId);
    for (const testCase of cases) {
      const { outcomes } = await handler(delivered(testCase.file, testCase.tags));
      const status = outcomes[0]?.status;
      expect(['duplicate', 'rejected'], testCase.file).toContain(status);
    }
    expect(await deps.store.reminders.list(user.userId)).toEqual(before);
  });

  it('tells the story of Dr. Núñez: emailed, replied, met (moved once), thanked — newest first', async () => {
    const contact = await deps.store.contacts.findByEmail(user.userId, 'jnunez@stmarys.example.edu');
    const story = (await deps.store.interactions.timeline(user.userId, contact!.contactId)).map(timelineView);
    expect(story.map((i) => [i.kind, i.direction, i.occurredAt])).toEqual([
      ['email', 'outbound', '2026-12-04T22:10:00.000Z'],
      ['meeting', 'inbound', '2026-12-04T19:00:00.000Z'],
      ['email', 'inbound', '2026-11-18T18:20:00.000Z'],
      ['email', 'outbound', '2026-11-02T15:15:00.000Z'],
    ]);
    expect(contact?.name).toBe('Dr. José Núñez');
  });

  it('never made a contact of noise, of the user, or of a room', async () => {
    const emails = (await deps.store.contacts.list(user.userId)).map((c) => c.email);
    for (const never of [
      'amira@example.org',
      'amira.haddad@hospital.example.org',
      'mailer-daemon@googlemail.com',
      'members@aapmr.example.org',
      'room4b@uni.example.edu',
      'someone@elsewhere.example',
      'calendar-notification@google.com',
    ])
      expect(emails).not.toContain(never);
    expect(emails.some((e) => e.endsWith('@in.rounds.test'))).toBe(false);
  });

  it('keeps only a short snippet of each email, never the whole body', async () => {
    const contact = await deps.store.contacts.findByEmail(user.userId, 'jnunez@stmarys.example.edu');
    for (const entry of await deps.store.interactions.timeline(user.userId, contact!.contactId))
      expect((entry.snippet ?? '').length).toBeLessThanOrEqual(160);
  });
});
