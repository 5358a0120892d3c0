// Two users, every route and every signed address: each user's links show and change only their
// own records, and no link, tag or reply address of one works for the other. Counts, not timings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInboundHandler } from '#functions/inbound';
import { dispatchDueReminders } from '#shared/dispatch/morning-run';
import type { User } from '#shared/domain/model';
import type { RawMailSource } from '#shared/domain/ports';
import { createApp } from '#shared/http/app';
import { ingestMessage } from '#shared/ingest/ingest';
import { addUser } from '#shared/users/users';
import { testDeps } from '../support/local.ts';
import { eml } from '../support/mail.ts';
import { sesReceipt } from '../support/ses.ts';
import { type Browser, signInAs } from '../support/web.ts';

let deps: Awaited<ReturnType<typeof testDeps>>;
type Person = {
  user: User;
  capture: string;
  contact: string;
  links: string[];
  replyTo: string;
  browser: Browser;
};
const people: Person[] = [];

beforeAll(async () => {
  deps = await testDeps('2026-11-02T15:00:00Z');
  const inbox = new Map<string, Uint8Array>();
  const rawMail: RawMailSource = { get: async (key) => inbox.get(key)! };
  const handler = createInboundHandler({ ...deps, rawMail });
  for (const [email, contact] of [
    ['amira@stjohns-hospital.example', 'mlopez@stmarys.example.edu'],
    ['omar@stlukes-hospital.example', 'okafor@kings.example.ac.uk'],
  ] as const) {
    deps.clock.set('2026-11-02T15:00:00Z');
    const { user, captureAddress: capture } = await addUser({ email, timezone: 'America/Chicago' }, deps);
    await ingestMessage({ raw: eml({ from: email, to: contact }), recipients: [capture] }, deps);
    const before = deps.ses.sent().length;
    deps.clock.set('2026-11-17T13:30:00Z');
    await dispatchDueReminders({ userId: user.userId, asOf: deps.clock.now() }, deps);
    // A held message of theirs (SPF passing only for another domain), for the /h/ links.
    const key = `held-${user.userId}`;
    inbox.set(key, eml({ from: email, to: 'someone@programs.example.edu', bcc: capture }));
    await handler(
      sesReceipt(key, [capture], { spf: 'PASS', dkim: 'GRAY', dmarc: 'GRAY' }, 'x@attacker.example'),
    );
    const mails = deps.ses.sent().filter((m) => m.to === email);
    const reminderMail = deps.ses
      .sent()
      .slice(before)
      .find((m) => m.to === email)!;
    const links = [
      ...new Set(
        mails.flatMap((m) =>
          [...`${m.text}\n${m.html}`.matchAll(/https?:\/\/127\.0\.0\.1:3000\/[^\s"<>)]+/g)].map((x) => x[0]),
        ),
      ),
    ].map((url) => new URL(url.replace(/&amp;/g, '&')).pathname);
    const unsubscribe = reminderMail.headers
      ?.find((h) => h.name === 'List-Unsubscribe')
      ?.value.match(/<(https?:[^>]+)>/)?.[1];
    if (unsubscribe) links.push(new URL(unsubscribe).pathname);
    links.push(`/feed/${user.userId}/${user.feedToken}/rounds.ics`);
    people.push({
      user,
      capture,
      contact,
      links,
      replyTo: reminderMail.replyTo,
      browser: await signInAs(createApp(deps), deps, user),
    });
  }
});
afterAll(() => deps.ses.stop());

/** Every way a link can carry a user: the user id in the path, and the signed tag. */
const swapUser = (path: string, from: User, to: User) => path.replaceAll(from.userId, to.userId);

describe('two users', () => {
  it('every link of one user works for them and shows only their records', async () => {
    const [a, b] = people as [Person, Person];
    let checked = 0;
    for (const [me, other] of [
      [a, b],
      [b, a],
    ] as const) {
      expect(me.links.length).toBeGreaterThanOrEqual(6);
      for (const link of me.links) {
        const page = await me.browser.get(link);
        expect(page.status, link).toBe(200);
        const body = await page.text();
        expect(body).not.toContain(other.contact);
        expect(body).not.toContain(other.user.email);
        checked++;
      }
    }
    expect(checked).toBe(a.links.length + b.links.length);
  });

  it('no link of one user opens, or changes, anything of the other', async () => {
    const app = createApp(deps);
    const [a, b] = people as [Person, Person];
    const results = { tried: 0, refused: 0 };
    for (const [me, other] of [
      [a, b],
      [b, a],
    ] as const)
      for (const link of me.links) {
        const moved = swapUser(link, me.user, other.user);
        if (moved === link) continue;
        for (const method of ['GET', 'POST']) {
          const response = await app.request(moved, { method });
          results.tried++;
          if (response.status === 403 || response.status === 404) results.refused++;
        }
      }
    expect(results.tried).toBeGreaterThan(10);
    expect(results.refused).toBe(results.tried);
    // Neither user's mail was paused, nor any of their reminders changed, by the other's links.
    for (const person of people)
      expect((await deps.store.users.get(person.user.userId))?.mailPausedAt).toBeUndefined();
  });

  it('a reply address of one user, sent to by the other, does nothing', async () => {
    const [a, b] = people as [Person, Person];
    for (const [me, other] of [
      [a, b],
      [b, a],
    ] as const) {
      const reminders = await deps.store.reminders.list(me.user.userId);
      const outcome = await ingestMessage(
        { raw: eml({ from: other.user.email, to: me.replyTo, body: 'done' }), recipients: [me.replyTo] },
        deps,
      );
      expect(outcome).toMatchObject({ status: 'rejected', reason: 'not-the-user' });
      // The same signed tag on the other user's capture token fails its signature.
      const [, tag] = me.replyTo.split('@')[0]!.split('+');
      const moved = `${other.capture.split('@')[0]}+${tag}@${other.capture.split('@')[1]}`;
      const forged = await ingestMessage(
        { raw: eml({ from: other.user.email, to: moved, body: 'done' }), recipients: [moved] },
        deps,
      );
      expect(forged).toMatchObject({ status: 'rejected', reason: 'bad-signature' });
      expect(await deps.store.reminders.list(me.user.userId)).toEqual(reminders);
    }
  });
});
