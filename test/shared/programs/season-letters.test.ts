// The season's letters and checks on DynamoDB Local: a letter of intent goes to one program,
// two weeks before rank meetings (a second warns, and none is planned once one was sent);
// news reaches each program still in play, never in the quiet period; an IMG sees the ECFMG
// check in the digest early in the rank period; asking a program about rank gets a gentle word.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendWeeklyDigest } from '#shared/digest/send';
import type { User } from '#shared/domain/model';
import { ingestMessage } from '#shared/ingest/ingest';
import { addProgram, setProgram } from '#shared/programs/programs';
import { chooseFirstChoice, recordNews } from '#shared/programs/season-letters';
import { addUser, updateUserSettings } from '#shared/users/users';
import { testDeps } from '../../support/local.ts';
import { eml } from '../../support/mail.ts';

let deps: Awaited<ReturnType<typeof testDeps>>;
let user: User;
let capture: string;
beforeAll(async () => {
  deps = await testDeps('2026-12-10T15:00:00Z');
  ({ user, captureAddress: capture } = await addUser(
    { email: 'amira@example.org', name: 'Amira Haddad', timezone: 'America/Chicago' },
    deps,
  ));
  await addProgram(
    user,
    {
      name: 'Internal Medicine Residency',
      institution: 'Riverside',
      status: 'interviewed',
      contacts: ['coord@riverside.example.org'],
    },
    deps,
  );
  await addProgram(
    user,
    {
      name: 'Family Medicine Residency',
      institution: "St. Mary's",
      status: 'interviewed',
      contacts: ['pd@stmarys.example.org'],
    },
    deps,
  );
  await addProgram(
    user,
    {
      name: 'Pediatrics Residency',
      institution: 'Lakeshore',
      status: 'interviewed',
      policy: 'no-post-interview',
      contacts: ['peds@lakeshore.example.org'],
    },
    deps,
  );
  await addProgram(
    user,
    { name: 'Surgery Residency', status: 'declined', contacts: ['gs@north.example.org'] },
    deps,
  );
});
afterAll(() => deps.ses.stop());

describe('the letter of intent', () => {
  it('is planned for the first choice two weeks before rank meetings, to its person', async () => {
    const chosen = await chooseFirstChoice(user, 'Internal Medicine Residency', deps);
    expect(chosen.warnings).toEqual([]);
    expect(chosen.reminders?.created).toEqual([
      expect.objectContaining({
        kind: 'letter_of_intent',
        contact: 'coord@riverside.example.org',
        dueAt: '2027-01-11T14:00:00.000Z',
      }),
    ]);
  });

  it('moves, with a warning, when another program becomes the first choice', async () => {
    const moved = await chooseFirstChoice(user, 'Family Medicine Residency', deps);
    expect(moved.warnings).toEqual([
      'Internal Medicine Residency was your first choice for the 2027 Match; now Family Medicine Residency is, and only it gets a letter of intent.',
    ]);
    expect(moved.reminders).toMatchObject({
      created: [{ kind: 'letter_of_intent', contact: 'pd@stmarys.example.org' }],
      cancelled: [{ kind: 'letter_of_intent', contact: 'coord@riverside.example.org' }],
    });
  });

  it('once sent, ends its reminder; a second program gets none, and recording a second warns', async () => {
    deps.clock.set('2027-01-12T15:00:00Z');
    const sent = await setProgram(user, 'Family Medicine Residency', { status: 'letter of intent' }, deps);
    expect(sent.reminders?.resolved).toEqual([expect.objectContaining({ kind: 'letter_of_intent' })]);
    const again = await chooseFirstChoice(user, 'Internal Medicine Residency', deps);
    expect(again.reminders).toBeUndefined();
    expect(again.warnings[0]).toMatch(
      /^You sent a letter of intent to Family Medicine Residency on Tue 12 Jan\./,
    );
    const second = await setProgram(
      user,
      'Internal Medicine Residency',
      { status: 'letter_of_intent' },
      deps,
    );
    expect(second.warnings).toEqual([
      'You also sent a letter of intent to Family Medicine Residency this season. A letter of intent goes to one program only; to the others, an update letter says you are still interested without the promise.',
    ]);
  });
});

describe('news', () => {
  it('becomes one reminder naming the person at each program in play, leaving out those that asked for no mail', async () => {
    const recorded = await recordNews(user, 'Step 2 CK: 252', deps);
    expect(recorded.programs.sort()).toEqual(['Family Medicine Residency', 'Internal Medicine Residency']);
    expect(recorded.reminders?.created).toEqual([
      expect.objectContaining({
        kind: 'update_letter',
        contacts: expect.arrayContaining(['coord@riverside.example.org', 'pd@stmarys.example.org']),
      }),
    ]);
  });

  it('waits in the quiet period: nothing is planned', async () => {
    deps.clock.set('2027-03-10T15:00:00Z');
    const quiet = await recordNews(user, 'A poster accepted', deps);
    expect(quiet.reminders).toBeUndefined();
    expect(quiet.warnings[0]).toMatch(/rank lists are certified/);
  });
});

describe('the digest in the rank period', () => {
  it('asks an IMG to check ECFMG certification until they say it is done', async () => {
    await updateUserSettings(user, { assignments: ['img=yes'] }, deps);
    const withCheck = async (at: string) => {
      deps.clock.set(at);
      await sendWeeklyDigest({ userId: user.userId, scheduledAt: new Date(at) }, deps);
      return deps.ses.sent().at(-1)!.text;
    };
    expect(await withCheck('2027-02-01T13:00:00Z')).toContain(
      'ECFMG certification: the NRMP needs it complete by the rank list deadline (Wed 3 Mar).',
    );
    await updateUserSettings(user, { assignments: ['ecfmgCertified=yes'] }, deps);
    expect(await withCheck('2027-02-08T13:00:00Z')).not.toContain('ECFMG');
  });

  it('says, gently, when an email to a program asked where the user stands', async () => {
    deps.clock.set('2027-02-10T15:00:00Z');
    await ingestMessage(
      {
        raw: eml({
          from: 'Amira Haddad <amira@example.org>',
          to: 'coord@riverside.example.org',
          bcc: capture,
          subject: 'Following up',
          date: 'Wed, 10 Feb 2027 08:00:00 -0600',
          body: 'Dear Ms. Doe,\n\nI enjoyed my interview. Could you tell me where you will rank me?\n\nAmira',
        }),
        recipients: [capture],
      },
      deps,
    );
    deps.clock.set('2027-02-15T13:00:00Z');
    await sendWeeklyDigest({ userId: user.userId, scheduledAt: new Date('2027-02-15T13:00:00Z') }, deps);
    expect(deps.ses.sent().at(-1)!.text).toContain(
      'Your email “Following up” to coord@riverside.example.org asks where you stand.',
    );
  });
});
