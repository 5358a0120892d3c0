// Program mail as Thalamus, ERAS and coordinators write it (test/fixtures/season), forwarded by
// the applicant: what each means for the season, the time to answer by in the program's zone,
// and the person to write to (never a platform's no-reply address).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractForwarded } from '#shared/mail/forward';
import { asksAboutRank } from '#shared/mail/intent';
import { parseMail } from '#shared/mail/parse';
import { readProgramMail } from '#shared/mail/program-mail';

const USER_ZONE = 'America/Chicago';

async function read(file: string) {
  const mail = await parseMail(readFileSync(`test/fixtures/season/${file}`));
  const original = await extractForwarded(mail, USER_ZONE, new Date('2026-11-01T00:00:00Z'));
  if (!original?.date) throw new Error(`${file}: no forwarded original`);
  return readProgramMail(
    { from: original.from, subject: original.subject, text: original.text, sentAt: original.date },
    USER_ZONE,
    new Set(['amira@example.org']),
  );
}

describe('program mail', () => {
  it('reads a Thalamus invitation: the program, its coordinator, and its deadline in Central time', async () => {
    expect(await read('01-thalamus-invitation.eml')).toEqual({
      kind: 'invitation',
      via: 'thalamus',
      programName: 'Internal Medicine Residency Program',
      institution: 'Riverside University Health',
      contact: { email: 'jdoe@riverside.example.org', name: 'Jane Doe' },
      // 5:00 PM "CST" in October is Central Daylight Time, as programs mean it: 22:00 UTC.
      respondBy: '2026-10-16T22:00:00.000Z',
      programZone: 'America/Chicago',
    });
  });

  it("reads a coordinator's own invitation: 48 hours from when she sent it", async () => {
    expect(await read('02-coordinator-invitation.eml')).toEqual({
      kind: 'invitation',
      via: 'program',
      programName: 'Family Medicine Residency',
      institution: "St. Mary's Medical Center",
      contact: { email: 'kmills@stmarys.example.org', name: 'Karen Mills' },
      respondBy: '2026-10-22T20:15:00.000Z',
    });
  });

  it('reads an ERAS message: the deadline in Pacific time, the program address to write to', async () => {
    expect(await read('03-eras-invitation.eml')).toEqual({
      kind: 'invitation',
      via: 'eras',
      programName: 'Pediatrics Residency Program',
      institution: "Lakeshore Children's Hospital",
      contact: { email: 'peds.residency@lakeshore.example.org' },
      respondBy: '2026-10-30T06:59:00.000Z',
      programZone: 'America/Los_Angeles',
    });
  });

  it('reads a scheduled interview with its day and time', async () => {
    expect(await read('04-thalamus-scheduled.eml')).toMatchObject({
      kind: 'scheduled',
      via: 'thalamus',
      programName: 'Internal Medicine Residency Program',
      interviewAt: '2026-11-17T14:00:00.000Z',
      programZone: 'America/Chicago',
    });
  });

  it('tells a waitlist and a regret from an invitation', async () => {
    expect(await read('05-waitlist.eml')).toMatchObject({
      kind: 'waitlist',
      programName: 'Emergency Medicine Residency',
      contact: { email: 'lortiz@harbor.example.org', name: 'Lena Ortiz' },
    });
    const declined = await read('06-not-offered.eml');
    expect(declined).toMatchObject({ kind: 'declined' });
    expect(declined).not.toHaveProperty('respondBy');
  });

  it('gives an invitation with no stated time the Match’s 48 hours, and says it assumed them', () => {
    expect(
      readProgramMail(
        {
          from: { email: 'coord@program.example.org' },
          subject: 'Interview invitation',
          text: 'We would like to invite you to interview with the Neurology Residency Program.',
          sentAt: '2026-11-02T15:00:00.000Z',
        },
        USER_ZONE,
        new Set(),
      ),
    ).toMatchObject({ kind: 'invitation', respondBy: '2026-11-04T15:00:00.000Z', respondByAssumed: true });
  });

  it('leaves ordinary mail alone', () => {
    expect(
      readProgramMail(
        {
          from: { email: 'hpark@children.example.org' },
          subject: 'Observership in our department',
          text: 'We would be glad to host you for a two-week observership in January.',
          sentAt: '2026-11-02T15:00:00.000Z',
        },
        USER_ZONE,
        new Set(),
      ),
    ).toBeUndefined();
  });
});

describe('asking about rank', () => {
  it('is told from saying a program is your first choice', () => {
    for (const asks of [
      'Could you tell me where you will rank me?',
      'I was wondering how highly you plan to rank me.',
      'Am I ranked to match at your program?',
      'Where do you rank me on your list?',
    ])
      expect(asksAboutRank(asks), asks).toBe(true);
    for (const fine of [
      'I will rank your program first.',
      'Your program is my first choice and I intend to rank it number one.',
      'Thank you for the interview; the ranking of residents by faculty sounded fair.',
    ])
      expect(asksAboutRank(fine), fine).toBe(false);
  });
});
