// Reads at 100, 1,000 and 10,000 contacts with the same open and due work: the digest, the web
// app's pages and the calendar feed, each counted (requests, read units) and timed (CPU). What
// grows is history: old contacts, some long at rest, and the ended reminders about them.
import type { Deps } from '#shared/deps';
import { isoWeekKey } from '#shared/digest/build';
import { sendWeeklyDigest } from '#shared/digest/send';
import type { Contact, Reminder } from '#shared/domain/model';
import { createApp } from '#shared/http/app';
import { ingestMessage } from '#shared/ingest/ingest';
import { createSignInLink } from '#shared/users/sign-in';
import { addUser, rotateFeedToken } from '#shared/users/users';
import type { RequestCounts, RequestMeter } from './request-meter.ts';

export const SCALE_SIZES = [100, 1_000, 10_000];
const OPEN_WORK = { writtenTo: 10, tiered: 5 };
const RUNS = 7;
const WARM_UP = 8;

export type ScaleRead = RequestCounts & { cpuMs: number };
export type ScaleFigures = Record<string, Record<string, ScaleRead>>;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function cpuOf(fn: () => Promise<unknown>): Promise<number> {
  const start = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

const historic = (userId: string, i: number): { contact: Contact; ended?: Reminder } => {
  const at = new Date(Date.UTC(2024, 0, 1) + (i % 600) * 86_400_000).toISOString();
  const contact: Contact = {
    contactId: `h-${i}`,
    email: `h${i}@history.example.edu`,
    emails: [`h${i}@history.example.edu`],
    name: `Dr. History ${i}`,
    institution: `Program ${i % 80}`,
    role: 'faculty',
    tier: null,
    status: 'active',
    firstContactAt: at,
    lastContactAt: at,
    createdAt: at,
    ...(i % 10 === 0
      ? { unanswered: 3, dormantAfter: new Date(Date.parse(at) + 14 * 86_400_000).toISOString() }
      : {}),
  };
  if (i % 10 !== 0) return { contact };
  return {
    contact,
    ended: {
      reminderId: `h-r-${i}`,
      userId,
      kind: 'no_reply_nudge',
      contactId: contact.contactId,
      contactEmail: contact.email,
      dueAt: at,
      state: 'done',
      createdAt: at,
    },
  };
};

export async function benchScale(deps: Deps, meter: RequestMeter): Promise<ScaleFigures> {
  const app = createApp(deps);
  const out: ScaleFigures = {};
  // A first pass at the smallest size warms the process and is not reported.
  for (const [pass, size] of [SCALE_SIZES[0]!, ...SCALE_SIZES].entries()) {
    const { user: made, captureAddress } = await addUser(
      { email: `scale${pass}-${size}@example.org`, timezone: 'America/Chicago' },
      deps,
    );
    const user = await rotateFeedToken(made, deps);
    // The same open work at every size: ten people written to this month, five in the network.
    for (let i = 0; i < OPEN_WORK.writtenTo; i++)
      await ingestMessage(
        {
          raw: Buffer.from(
            `From: ${user.email}\r\nTo: "Dr. Live ${i}" <live${i}@program.example.edu>\r\nSubject: Observership ${i}\r\nDate: Mon, ${16 + i} Nov 2026 09:15:00 -0600\r\nMessage-ID: <scale-${pass}-${i}@example.org>\r\n\r\nDear Dr. Live,\r\n`,
          ),
          recipients: [captureAddress],
        },
        deps,
      );
    const tiers = ['sponsor', 'mentor', 'mentor', 'peer', 'peer'] as const;
    for (const [i, tier] of tiers.entries()) {
      const at = `2026-0${i + 4}-10T15:00:00.000Z`;
      await deps.store.contacts.put(user.userId, {
        ...historic(user.userId, -1 - i).contact,
        contactId: `t-${i}`,
        email: `tier${i}@program.example.edu`,
        emails: [`tier${i}@program.example.edu`],
        name: `Dr. Network ${i}`,
        tier,
        lastContactAt: at,
        firstContactAt: at,
      });
    }
    // The history: everyone else, last in touch in 2024–2025; a tenth resting since, each with an ended nudge.
    const history = size - OPEN_WORK.writtenTo - OPEN_WORK.tiered;
    for (let start = 0; start < history; start += 50)
      await Promise.all(
        Array.from({ length: Math.min(50, history - start) }, async (_, k) => {
          const { contact, ended } = historic(user.userId, start + k);
          await deps.store.contacts.put(user.userId, contact);
          if (ended) await deps.store.reminders.put(ended);
        }),
      );

    const link = await createSignInLink(user, deps);
    const opened = await app.request(new URL(link.url).pathname, { method: 'POST' });
    const cookie = (opened.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const page = (path: string) => async () => {
      const response = await app.request(path, { headers: { cookie } });
      if (response.status !== 200) throw new Error(`bench: ${path} answered ${response.status}`);
      await response.text();
    };
    const monday = new Date('2026-11-30T13:00:00Z');
    const week = isoWeekKey(monday, user.timezone);
    // Each read, and what puts things back after it (outside the figures): the digest's week.
    const reads: Record<string, () => Promise<unknown>> = {
      digest: async () => {
        const sent = await sendWeeklyDigest({ userId: user.userId, scheduledAt: monday }, deps);
        if (sent.length !== 1) throw new Error('bench: the digest was not sent');
      },
      today: page('/today'),
      contacts: page('/contacts'),
      network: page('/network'),
      feed: page(`/feed/${user.userId}/${user.feedToken}/rounds.ics`),
    };
    const figures: Record<string, ScaleRead> = {};
    const reset = (name: string) =>
      name === 'digest' ? deps.store.digests.release(user.userId, week) : undefined;
    for (const [name, read] of Object.entries(reads)) {
      const { counts } = await meter.measure(read);
      await reset(name);
      // Warm first, as a warm Lambda runs: the first size would otherwise pay for the JIT.
      const cpu: number[] = [];
      for (let run = 0; run < WARM_UP + RUNS; run++) {
        const used = await cpuOf(read);
        if (run >= WARM_UP) cpu.push(used);
        await reset(name);
      }
      figures[name] = { ...counts, cpuMs: median(cpu) };
    }
    if (pass > 0) out[String(size)] = figures;
  }
  return out;
}
