// A residency season for one IMG applicant (npm run demo:season), September to March: the
// reminders must be exactly those the season asks for, on the mornings it asks, and none to a
// program's people in the Match's quiet period.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSeason, type SeasonEntry } from '#bin/demo/season';
import { SEASONS } from '#shared/domain/season';
import { testDeps } from '../support/local.ts';

let deps: Awaited<ReturnType<typeof testDeps>>;
let log: SeasonEntry[];

beforeAll(async () => {
  deps = await testDeps('2026-09-01T12:00:00Z');
  ({ log } = await demoSeason(deps));
}, 240_000);
afterAll(() => deps.ses.stop());

/** Every reminder mailed, at once or by a morning run: "date kind contact". */
const reminders = () =>
  log.flatMap((entry) =>
    'sent' in entry
      ? entry.sent
          .filter((m) => m.kind === 'reminder')
          .map((m) => `${entry.at.slice(0, 10)} ${m.reminders.map((r) => `${r.kind} ${r.contact}`).join()}`)
      : (entry.sentAtOnce ?? []).map((r) => `${entry.at.slice(0, 10)} at once: ${r}`),
  );
const digests = () => deps.ses.sent().filter((m) => m.headers?.some((h) => h.name === 'X-Rounds-Digest'));
const digestOf = (week: string) =>
  digests().find((m) => m.headers?.some((h) => h.name === 'X-Rounds-Digest' && h.value === week))!;

describe('a residency season (npm run demo:season)', () => {
  it('sends exactly the reminders the season asks for', () => {
    expect(reminders()).toEqual([
      // Dr. Okafor's ladder: the request form the morning after she agrees; the check a week
      // before programs review (16 Sep); one polite nudge three days after; the second
      // (26 Sep) never goes, as the letter is in by then; then assigning it.
      '2026-09-04 letter_request aokafor@uni.example.edu',
      '2026-09-17 letter_check aokafor@uni.example.edu',
      '2026-09-20 letter_nudge aokafor@uni.example.edu',
      // Dr. Chen's letter, on the date she gave.
      '2026-09-20 letter_check wchen@uni.example.edu',
      '2026-09-25 letter_assign aokafor@uni.example.edu',
      // Each invitation's answer goes the minute it is forwarded; the one before each deadline
      // never goes: a confirmation, an email to the coordinator, a "done" answered them.
      '2026-10-14 at once: interview_response jdoe@riverside.example.org',
      '2026-10-21 at once: interview_response kmills@stmarys.example.org',
      '2026-10-26 at once: interview_response peds.residency@lakeshore.example.org',
      // Riverside, Tue 17 Nov 08:00 Central: prepare the day before, debrief the morning after,
      // then one thank-you for the coordinator and the APD she named (about 48 hours after).
      '2026-11-16 meeting_prep jdoe@riverside.example.org',
      '2026-11-18 interview_debrief jdoe@riverside.example.org',
      // St. Mary's, Thu 19 Nov, set by hand from the coordinator's email.
      '2026-11-18 meeting_prep kmills@stmarys.example.org',
      '2026-11-19 thank_you jdoe@riverside.example.org',
      '2026-11-20 interview_debrief kmills@stmarys.example.org',
      '2026-11-21 thank_you kmills@stmarys.example.org',
      // Lakeshore, 8 Dec, which she will not attend: cancel with two weeks' notice, nothing else.
      '2026-11-24 interview_cancel peds.residency@lakeshore.example.org',
      // Her first choice's letter of intent, two weeks before rank meetings (from 25 Jan).
      '2027-01-12 letter_of_intent jdoe@riverside.example.org',
      // Her Step 2 CK score, for the programs still in play.
      '2027-01-21 update_letter lortiz@harbor.example.org',
      // The quiet period (rank list deadline 4 Mar to Match Day): her mentor, and no program.
      '2027-03-11 keep_in_touch wchen@uni.example.edu',
      // Matched on 19 Mar: tell her letter writer (held three days by the spacing rule, as
      // Dr. Chen had a reminder on 11 Mar).
      '2027-03-22 match_thanks wchen@uni.example.edu',
    ]);
  });

  it('after the Match, asks her to tell both letter writers where she matched', async () => {
    const all = await deps.store.reminders.list((await deps.store.users.list())[0]!.userId);
    const thanks = all.find((r) => r.kind === 'match_thanks')!;
    expect([thanks.contactEmail, ...(thanks.others ?? []).map((o) => o.email)].sort()).toEqual([
      'aokafor@uni.example.edu',
      'wchen@uni.example.edu',
    ]);
  });

  it("mails nothing about a program's people between the rank list deadline and Match Day", async () => {
    const { rankListDeadline, matchDay } = SEASONS.find((s) => s.match === 2027)!;
    const programPeople = new Set(
      (await deps.store.programs.list((await deps.store.users.list())[0]!.userId)).flatMap(
        (p) => p.contactIds,
      ),
    );
    const all = await deps.store.reminders.list((await deps.store.users.list())[0]!.userId);
    const inQuiet = all.filter(
      (r) =>
        r.sentAt &&
        Date.parse(r.sentAt) >= Date.parse(rankListDeadline) &&
        Date.parse(r.sentAt) <= Date.parse(matchDay) &&
        programPeople.has(r.contactId),
    );
    expect(inQuiet).toEqual([]);
    // Her email to Harbor General on 1 Mar would have been nudged on 15 Mar: it was not.
    const harbor = all.filter(
      (r) => r.contactEmail === 'lortiz@harbor.example.org' && r.kind === 'no_reply_nudge',
    );
    expect(harbor.map((r) => [r.state, r.endedBy])).toEqual([['cancelled', "the 2027 Match's quiet period"]]);
  });

  it('never nudges a program after its interview, and says gently when she asked about rank', () => {
    expect(reminders().some((r) => r.includes('no_reply_nudge kmills@stmarys.example.org'))).toBe(false);
    expect(digestOf('2027w07').text).toContain(
      'Your email “Following up” to Karen Mills asks where you stand.',
    );
    // No reminder Rounds sent suggests asking a program about rank.
    const sentReminders = deps.ses
      .sent()
      .filter((m) => m.headers?.some((h) => h.name === 'X-Rounds-Reminder'));
    expect(sentReminders.filter((m) => /where (you|they) (will )?rank|how .* rank/i.test(m.text))).toEqual(
      [],
    );
  });

  it('sends the update letter to each program in play, not to one she will not attend', async () => {
    const all = await deps.store.reminders.list((await deps.store.users.list())[0]!.userId);
    const update = all.find((r) => r.kind === 'update_letter')!;
    expect([update.contactEmail, ...(update.others ?? []).map((o) => o.email)].sort()).toEqual([
      'jdoe@riverside.example.org',
      'kmills@stmarys.example.org',
      'lortiz@harbor.example.org',
    ]);
  });

  it('asks an IMG to check ECFMG certification in each digest of the rank period, and not before', () => {
    const ecfmg = digests()
      .filter((m) => m.text.includes('ECFMG certification'))
      .map((m) => m.headers!.find((h) => h.name === 'X-Rounds-Digest')!.value);
    expect(ecfmg).toEqual(['2027w05', '2027w06', '2027w07', '2027w08', '2027w09']);
  });

  it('lists her programs by stage in the season’s digests', () => {
    const section = digestOf('2026w48').text.split('YOUR PROGRAMS (THE 2027 MATCH)\n')[1]!.split('\n\n')[0]!;
    expect(section.split('\n').map((l) => l.trim())).toEqual([
      "Family Medicine Residency, St. Mary's Medical Center: interview was Thu 19 Nov · next: Note who you met at Family Medicine Residency (Thu 19 Nov)",
      "Pediatrics Residency Program, Lakeshore Children's Hospital: interview Tue 8 Dec, 08:00 (you will not attend) · next: Cancel the Pediatrics Residency Program interview (Tue 24 Nov)",
      'Emergency Medicine Residency, Harbor General: waitlisted Thu 29 Oct',
      'Internal Medicine Residency Program, Riverside University Health: interviewed Tue 17 Nov · next: Thank Jane Doe and Dr. Sam Lee for “Internal Medicine Residency Program” (Wed 18 Nov)',
      'and 1 closed (declined, withdrawn or matched)',
    ]);
  });
});
