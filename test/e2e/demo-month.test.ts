// A simulated month for one resident: the reminders and digests must be exactly the ones
// the playbook (DOMAIN.md) prescribes, on the mornings it prescribes them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoEntry, demoMonth } from '#bin/demo/month';
import { testDeps } from '../support/local.ts';

let deps: Awaited<ReturnType<typeof testDeps>>;
let log: DemoEntry[];

beforeAll(async () => {
  deps = await testDeps('2026-11-01T12:00:00Z');
  ({ log } = await demoMonth(deps));
}, 120_000);
afterAll(() => deps.ses.stop());

const sends = () =>
  log.flatMap((entry) =>
    'sent' in entry
      ? entry.sent.map((m) =>
          m.kind === 'digest'
            ? `${entry.at.slice(0, 10)} digest`
            : `${entry.at.slice(0, 10)} ${m.reminders.map((r) => `${r.kind} ${r.contact}`).join()}`,
        )
      : [],
  );

describe('a month of the playbook (npm run demo:month)', () => {
  it('sends exactly the reminders and digests the table prescribes', () => {
    expect(sends()).toEqual([
      '2026-11-02 digest',
      // +conf on 4 Nov: follow up within 3 days; due 7 Nov 16:00Z, so the 8 Nov morning run.
      '2026-11-08 conference_follow_up praman@rehab.example.org',
      '2026-11-09 digest',
      // The mentorship meeting is on 10 Nov at 16:00 Chicago: prepare the day before (due 9 Nov 22:00Z).
      '2026-11-10 meeting_prep wchen@uni.example.edu',
      // Thank-you due the day after it ends (11 Nov 22:30Z), delivered the next morning.
      '2026-11-12 thank_you wchen@uni.example.edu',
      // Three weeks before the conference on 3 Dec.
      '2026-11-12 pre_conference asilva@rehab.example.org',
      '2026-11-16 digest',
      // No reply 14 days after 2 Nov 15:15Z: the nudge goes out at the next morning run.
      '2026-11-17 no_reply_nudge mlopez@stmarys.example.edu',
      // Letter check on its date; asks nothing of Dr. Chen, so not spaced after the thank-you.
      '2026-11-20 letter_check wchen@uni.example.edu',
      // Five days before the rotation ends on 27 Nov.
      '2026-11-22 rotation_end sokoye@im.example.edu',
      '2026-11-23 digest',
      '2026-11-30 digest',
    ]);
  });

  it('never nudged Dr. Raman, who replied before the nudge was due', async () => {
    const reminders = await deps.store.reminders.list((await deps.store.users.list())[0]!.userId);
    const raman = reminders.find(
      (r) => r.kind === 'no_reply_nudge' && r.contactEmail === 'praman@rehab.example.org',
    );
    expect(raman?.state).toBe('resolved');
  });

  it('after "done" on the first nudge, sets the second (and last) one 14 days later', async () => {
    const reminders = await deps.store.reminders.list((await deps.store.users.list())[0]!.userId);
    const lopez = reminders.filter(
      (r) => r.kind === 'no_reply_nudge' && r.contactEmail === 'mlopez@stmarys.example.edu',
    );
    expect(lopez.map((r) => [r.state, r.dueAt]).sort()).toEqual([
      ['done', '2026-11-16T15:15:00.000Z'],
      ['pending', '2026-12-01T15:00:00.000Z'],
    ]);
  });

  it('holds the rotation thank-you until 10 days after the rotation-end reminder (never pester)', async () => {
    const reminders = await deps.store.reminders.list((await deps.store.users.list())[0]!.userId);
    const thanks = reminders.find(
      (r) => r.kind === 'thank_you' && r.contactEmail === 'sokoye@im.example.edu',
    );
    expect(thanks).toMatchObject({ state: 'pending', dueAt: '2026-12-02T13:30:00.000Z' });
  });

  it('sends every digest with its numbered items, and the last lists the overdue and coming', () => {
    const digests = deps.ses.sent().filter((m) => m.headers?.some((h) => h.name === 'X-Rounds-Digest'));
    expect(digests).toHaveLength(5);
    const last = digests.at(-1)!;
    expect(last.text).toContain('COMING UP');
    expect(last.text).toContain('AAPM&R Annual Assembly begins');
    expect(last.text).toMatch(/mentors: 1 \(aim for 2–3\)/);
  });
});
