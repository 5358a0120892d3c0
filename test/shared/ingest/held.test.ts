// Mail as the user from a domain without DMARC: SPF or DKIM must vouch for the user's own
// domain; a pass for anyone else's is held until the user confirms it with a signed link, and
// nothing of it is applied before. Through the Lambda entry point and the real local SES.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createInboundHandler } from '#functions/inbound';
import { heldMailViaInbound } from '#shared/adapters/inbound-invoke';
import { LOCAL_CREDENTIALS } from '#shared/adapters/local';
import { sendWeeklyDigest } from '#shared/digest/send';
import type { User } from '#shared/domain/model';
import type { RawMailSource } from '#shared/domain/ports';
import { createApp } from '#shared/http/app';
import { ingestMessage } from '#shared/ingest/ingest';
import { addUser } from '#shared/users/users';
import { testDeps } from '../../support/local.ts';
import { eml } from '../../support/mail.ts';
import { sesReceipt } from '../../support/ses.ts';

let deps: Awaited<ReturnType<typeof testDeps>>;
let user: User;
let capture: string;
let other: { user: User; captureAddress: string };
const inbox = new Map<string, Uint8Array>();
const rawMail: RawMailSource = {
  get: async (key) => {
    const raw = inbox.get(key);
    if (!raw) throw new Error(`no stored message ${key}`);
    return raw;
  },
};
let handler: ReturnType<typeof createInboundHandler>;

beforeAll(async () => {
  deps = await testDeps('2026-11-20T15:00:00Z');
  // A hospital domain that publishes no DMARC record: SES's DMARC verdict is GRAY.
  ({ user, captureAddress: capture } = await addUser(
    { email: 'amira@stjohns-hospital.example', name: 'Amira Haddad', timezone: 'America/Chicago' },
    deps,
  ));
  other = await addUser({ email: 'omar@example.org', timezone: 'Europe/London' }, deps);
  handler = createInboundHandler({ ...deps, rawMail });
});
afterAll(() => deps.ses.stop());
// Each test on a day of its own: the user is asked by email at most three times a day.
let day = 0;
beforeEach(() => deps.clock.set(new Date(Date.UTC(2026, 10, 20 + day++, 15)).toISOString()));

let n = 0;
/** An outreach "from" the user, stored as SES would store it; returns its SES key. */
function store(options: { subject?: string; headers?: Record<string, string>; top?: string } = {}) {
  const key = `ses-${++n}`;
  const message = eml({
    from: 'Amira Haddad <amira@stjohns-hospital.example>',
    to: '"Dr. Maria Lopez" <mlopez@stmarys.example.edu>',
    bcc: capture,
    subject: options.subject ?? `Research elective ${n}`,
    messageId: `<held-${n}@stjohns-hospital.example>`,
    ...(options.headers ? { headers: options.headers } : {}),
  });
  inbox.set(key, options.top ? Buffer.concat([Buffer.from(`${options.top}\r\n`), message]) : message);
  return key;
}
const gray = { spf: 'PASS', dkim: 'GRAY', dmarc: 'GRAY' };
const deliver = async (key: string, mailFrom: string, verdicts = gray) =>
  (await handler(sesReceipt(key, [capture], verdicts, mailFrom))).outcomes[0]!;
const lopez = () => deps.store.contacts.findByEmail(user.userId, 'mlopez@stmarys.example.edu');
const timelineSubjects = async (contact: { contactId: string } | undefined) =>
  (await deps.store.interactions.timeline(user.userId, contact!.contactId)).map((i) => i.subject);
const heldMails = () => deps.ses.sent().filter((m) => m.subject.startsWith('Did you send'));
const linkIn = (text: string) => new URL(text.match(/https?:\/\/\S+\/h\/\S+/)![0]).pathname;

describe('mail as the user without DMARC', () => {
  it('SPF passing for the user’s own domain is taken at once', async () => {
    const outcome = await deliver(store(), 'bounces+x@mail.stjohns-hospital.example');
    expect(outcome.status).toBe('logged');
    expect(outcome.interactions?.[0]?.contacts[0]?.email).toBe('mlopez@stmarys.example.edu');
  });

  it('SPF passing only for an attacker’s domain is held: nothing recorded, one email asking the user', async () => {
    const before = (await lopez())!;
    const key = store({ subject: 'Forged thanks to MRN 7654321' });
    const outcome = await deliver(key, 'x@attacker.example');

    expect(outcome).toMatchObject({ status: 'ignored', reason: 'held-for-confirmation' });
    expect((await lopez())!.lastContactAt).toBe(before.lastContactAt);
    const asks = heldMails();
    expect(asks).toHaveLength(1);
    expect(asks[0]!.to).toBe('amira@stjohns-hospital.example');
    // The subject is redacted in the question too.
    expect(asks[0]!.subject).not.toContain('7654321');

    // SES delivering it again asks nothing more and still records nothing.
    expect(await deliver(key, 'x@attacker.example')).toMatchObject({ reason: 'held-for-confirmation' });
    expect(heldMails()).toHaveLength(1);
  });

  it('the link asks first (GET changes nothing), records on POST, and works once', async () => {
    const key = store({ subject: 'Thank you for the interview' });
    await deliver(key, 'x@relay.example');
    const link = linkIn(heldMails().at(-1)!.text);
    const app = createApp(deps);

    const page = await app.request(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Thank you for the interview');
    const interactionsBefore = (
      await deps.store.interactions.timeline(user.userId, (await lopez())!.contactId)
    ).length;

    const confirmed = await app.request(link, { method: 'POST' });
    expect(await confirmed.text()).toContain('Recorded: Dr. Maria Lopez');
    const timeline = await deps.store.interactions.timeline(user.userId, (await lopez())!.contactId);
    expect(timeline).toHaveLength(interactionsBefore + 1);
    expect(timeline.map((i) => i.subject)).toContain('Thank you for the interview');

    const again = await app.request(link, { method: 'POST' });
    expect(await again.text()).toContain('Nothing is waiting');
    expect(await deliver(key, 'x@relay.example')).toMatchObject({ status: 'duplicate' });
    expect(await deps.store.interactions.timeline(user.userId, (await lopez())!.contactId)).toHaveLength(
      interactionsBefore + 1,
    );
  });

  it('in AWS the dashboard hands “I sent it” to the inbound function, which records it', async () => {
    const key = store({ subject: 'Thank you for the tour' });
    await deliver(key, 'x@relay.example');
    const link = linkIn(heldMails().at(-1)!.text);
    // Lambda's Invoke API on loopback: it keeps what it was asked to run, as Lambda would queue it.
    const invoked: { path: string; type: string | undefined; body: string }[] = [];
    const lambda = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        invoked.push({ path: request.url!, type: request.headers['x-amz-invocation-type'] as string, body });
        response.writeHead(202).end();
      });
    });
    await new Promise<void>((resolve) => lambda.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(lambda.address() as AddressInfo).port}`;
    const app = createApp({
      ...deps,
      heldMail: heldMailViaInbound(
        { region: 'us-east-1', credentials: async () => LOCAL_CREDENTIALS, endpoint },
        'rounds-prod-inbound',
        () => deps,
      ),
    });
    try {
      const answered = await app.request(link, { method: 'POST' });
      expect(await answered.text()).toContain('Recording it now');
      expect(invoked).toHaveLength(1);
      expect(invoked[0]).toMatchObject({
        path: '/2015-03-31/functions/rounds-prod-inbound/invocations',
        type: 'Event',
      });
      expect(await timelineSubjects(await lopez())).not.toContain('Thank you for the tour');

      const run = await handler(JSON.parse(invoked[0]!.body));
      expect(run.outcomes[0]?.status).toBe('logged');
      expect(await timelineSubjects(await lopez())).toContain('Thank you for the tour');
      // Lambda retrying the same event records nothing twice; the link now finds nothing.
      expect((await handler(JSON.parse(invoked[0]!.body))).outcomes).toEqual([]);
      expect(await (await app.request(link, { method: 'POST' })).text()).toContain('Nothing is waiting');
      expect(invoked).toHaveLength(1);
    } finally {
      await new Promise<void>((resolve) => lambda.close(() => resolve()));
    }
  });

  it('“I did not send it” discards it, and the link records nothing afterwards', async () => {
    const key = store({ subject: 'Not mine' });
    await deliver(key, 'x@attacker.example');
    const link = linkIn(heldMails().at(-1)!.text);
    const app = createApp(deps);

    expect(await (await app.request(`${link}/discard`, { method: 'POST' })).text()).toContain('Discarded');
    expect(await (await app.request(link, { method: 'POST' })).text()).toContain('Nothing is waiting');
    const timeline = await deps.store.interactions.timeline(user.userId, (await lopez())!.contactId);
    expect(timeline.map((i) => i.subject)).not.toContain('Not mine');
  });

  it('a held link cannot be altered, moved to another user, or used as a reply address', async () => {
    await deliver(store(), 'x@attacker.example');
    const link = linkIn(heldMails().at(-1)!.text);
    const app = createApp(deps);
    const [, , userId, tag] = link.split('/');
    const tampered = `/h/${userId}/${tag!.slice(0, -1)}${tag!.endsWith('a') ? 'b' : 'a'}`;
    expect((await app.request(tampered, { method: 'POST' })).status).toBe(403);
    expect((await app.request(`/h/${other.user.userId}/${tag}`, { method: 'POST' })).status).toBe(403);

    const [token, domain] = capture.split('@');
    const asReply = await ingestMessage(
      {
        raw: eml({ from: 'amira@stjohns-hospital.example', to: `${token}+${tag}@${domain}`, body: 'done' }),
        recipients: [`${token}+${tag}@${domain}`],
      },
      deps,
    );
    expect(asReply).toMatchObject({ status: 'rejected', reason: 'not-a-reply-address' });
  });

  it('the link expires with the held message', async () => {
    await deliver(store({ subject: 'Late' }), 'x@attacker.example');
    const link = linkIn(heldMails().at(-1)!.text);
    deps.clock.set(new Date(deps.clock.now().getTime() + 9 * 86_400_000).toISOString());
    const late = await createApp(deps).request(link, { method: 'POST' });
    expect(late.status === 403 || (await late.text()).includes('Nothing is waiting')).toBe(true);
  });

  it('nothing passing at all is refused, not held', async () => {
    const outcome = await deliver(store(), 'x@attacker.example', {
      spf: 'FAIL',
      dkim: 'FAIL',
      dmarc: 'GRAY',
    });
    expect(outcome).toMatchObject({ status: 'rejected', reason: 'unauthenticated' });
  });
});

describe('DKIM as SES read it', () => {
  const signatures = (domain: string) => `v=1; a=rsa-sha256; d=${domain}; s=s1; b=abc`;

  it('a passing signature counts for the domain SES’s Authentication-Results names, not for any signature present', async () => {
    // The attacker signs with their own domain and adds a broken signature claiming the user's.
    const forged = store({
      top: 'Authentication-Results: amazonses.com; spf=pass smtp.mailfrom=x@attacker.example; dkim=pass header.i=@attacker.example; dkim=fail header.i=@stjohns-hospital.example; dmarc=none header.from=stjohns-hospital.example;',
      headers: { 'DKIM-Signature': signatures('attacker.example') },
    });
    expect(
      await deliver(forged, 'x@attacker.example', { spf: 'PASS', dkim: 'PASS', dmarc: 'GRAY' }),
    ).toMatchObject({ reason: 'held-for-confirmation' });

    const genuine = store({
      top: 'Authentication-Results: amazonses.com; spf=pass smtp.mailfrom=x@relay.example; dkim=pass header.i=@stjohns-hospital.example; dmarc=none header.from=stjohns-hospital.example;',
      headers: { 'DKIM-Signature': signatures('stjohns-hospital.example') },
    });
    expect(
      (await deliver(genuine, 'x@relay.example', { spf: 'PASS', dkim: 'PASS', dmarc: 'GRAY' })).status,
    ).toBe('logged');
  });

  it('an Authentication-Results header the sender wrote below SES’s is never read', async () => {
    const spoofed = store({
      top: 'Authentication-Results: amazonses.com; spf=pass smtp.mailfrom=x@attacker.example; dkim=pass header.i=@attacker.example;',
      headers: { 'Authentication-Results': 'amazonses.com; dkim=pass header.i=@stjohns-hospital.example' },
    });
    expect(
      await deliver(spoofed, 'x@attacker.example', { spf: 'PASS', dkim: 'PASS', dmarc: 'GRAY' }),
    ).toMatchObject({ reason: 'held-for-confirmation' });
  });
});

describe('an attacker sending many', () => {
  it('asks the user by email at most three times a day; the digest lists every held message', async () => {
    const asked = heldMails().length;
    for (let i = 0; i < 6; i++) await deliver(store({ subject: `Flood ${i}` }), 'x@attacker.example');
    expect(heldMails().length - asked).toBe(3);

    await sendWeeklyDigest(
      { userId: user.userId, scheduledAt: new Date(deps.clock.now().getTime() + 86_400_000) },
      deps,
    );
    const digest = deps.ses.sent().at(-1)!;
    for (let i = 0; i < 6; i++) expect(digest.text).toContain(`Flood ${i}`);
  });
});
