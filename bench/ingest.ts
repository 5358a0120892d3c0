// Ingest per message kind: DynamoDB requests and capacity (exact, counted by the client
// middleware), and CPU against the floor of parsing the same mail with postal-mime alone.
import { readFileSync } from 'node:fs';
import PostalMime from 'postal-mime';
import { readOutbox } from '#bin/local/ses';
import type { Deps } from '#shared/deps';
import { dispatchDueReminders } from '#shared/dispatch/morning-run';
import { ingestMessage } from '#shared/ingest/ingest';
import { addUser } from '#shared/users/users';
import type { RequestCounts, RequestMeter } from './request-meter.ts';

export type IngestKind = {
  requests: number;
  byCommand: Record<string, number>;
  readUnits: number;
  writeUnits: number;
  /** Median CPU of one ingest, this process (DynamoDB Local runs in its own). */
  cpuMs: number;
  /** Median CPU of PostalMime.parse on the same bytes. */
  parseCpuMs: number;
  cpuOverParse: number;
};

const crlf = (text: string) => Buffer.from(text.replace(/\r?\n/g, '\r\n'));
const filler = 'I read your group’s paper on sepsis bundles with great interest. '.repeat(70);

export const outreach = (n: number, to: string, from: string) =>
  crlf(`From: Amira Haddad <${from}>
To: ${to}
Subject: Observership inquiry ${n}
Date: Mon, 2 Nov 2026 09:15:00 -0600
Message-ID: <bench-out-${n}@example.org>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Dear Dr. Reyes,

${filler}

Would you have ten minutes to talk about research in your department?

Amira
`);

const sixty = (n: number) =>
  Array.from({ length: 60 }, (_, i) => `"Dr. P${n}-${i}" <p${n}x${i}@program${i}.example.edu>`).join(', ');

const inviteFixture = readFileSync('test/fixtures/mail/09-google-invite.eml', 'latin1');
/** The invitation as the bench's user forwards it: its own ids, the user as the invitee (in the .ics attachment too). */
const invite = (n: number, from: string) => {
  const rewrite = (text: string) =>
    text.replace(/^UID:(.*?)(\r?)$/gm, `UID:bench-${n}-$1$2`).replaceAll('amira@example.org', from);
  return Buffer.from(
    rewrite(
      inviteFixture
        .replace(/^From: .*$/m, `From: Amira Haddad <${from}>`)
        .replace(/^Message-ID: .*$/m, `Message-ID: <bench-invite-${n}@mail.gmail.com>`),
    ).replace(
      /(Content-Transfer-Encoding: base64\r?\n\r?\n)([A-Za-z0-9+/=\r\n]+)/,
      (_, head: string, body: string) => {
        const ics = rewrite(Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8'));
        return `${head}${Buffer.from(ics, 'utf8').toString('base64').replace(/.{76}/g, '$&\n')}\n`;
      },
    ),
    'latin1',
  );
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function cpuOf(fn: () => Promise<unknown>): Promise<number> {
  const start = process.cpuUsage();
  return fn().then(() => {
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000;
  });
}

export async function benchIngest(
  deps: Deps,
  meter: RequestMeter,
  options: { outboxFile: string; runs: number },
): Promise<Record<string, IngestKind>> {
  let users = 0;
  const freshUser = () =>
    addUser({ email: `amira${++users}@example.org`, timezone: 'America/Chicago' }, deps);

  /** Counts one message on a fresh user (after `setup`), then times `runs` more like it, warm. */
  const kind = async (
    make: (n: number, from: string) => Buffer,
    setup: (
      who: { capture: string; userId: string; from: string },
      n: number,
    ) => Promise<{ raw?: Buffer; recipients?: string[] }> = async () => ({}),
  ): Promise<IngestKind> => {
    const cpu: number[] = [];
    const parse: number[] = [];
    let counted: RequestCounts | undefined;
    // Requests are counted on the first delivery; CPU after a warm-up, as a warm Lambda runs.
    const warmUp = 15;
    for (let n = 0; n <= options.runs + warmUp; n++) {
      const { captureAddress, user } = await freshUser();
      const who = { capture: captureAddress, userId: user.userId, from: user.email };
      const ready = await setup(who, n);
      const raw = ready.raw ?? make(n, user.email);
      const recipients = ready.recipients ?? [captureAddress];
      // Let the setup's trailing work (the welcome email through the in-process SES API, its
      // garbage) finish first: it is not this delivery's cost.
      await new Promise((settled) => setTimeout(settled, 20));
      meter.reset();
      const used = await cpuOf(() => ingestMessage({ raw, recipients }, deps));
      if (n === 0) counted = meter.counts();
      const parsed = await cpuOf(() => PostalMime.parse(raw));
      if (n > warmUp) {
        cpu.push(used);
        parse.push(parsed);
      }
    }
    const cpuMs = median(cpu);
    const parseCpuMs = median(parse);
    return { ...counted!, cpuMs, parseCpuMs, cpuOverParse: cpuMs / parseCpuMs };
  };

  const out: Record<string, IngestKind> = {};
  out.newOutbound = await kind((n, from) =>
    outreach(n, `"Dr. Pat Reyes" <reyes${n}@program.example.edu>`, from),
  );
  out.duplicate = await kind(
    () => Buffer.alloc(0),
    async ({ capture, from }, n) => {
      const raw = outreach(n, `"Dr. Pat Reyes" <reyes${n}@program.example.edu>`, from);
      await ingestMessage({ raw, recipients: [capture] }, deps);
      return { raw };
    },
  );
  out.forwardedInvite = await kind(invite);
  out.replyCommand = await kind(
    () => Buffer.alloc(0),
    async ({ capture, userId, from }, n) => {
      const logged = await ingestMessage(
        {
          raw: outreach(1000 + n, `"Dr. Pat Reyes" <reyes-r${n}@program.example.edu>`, from),
          recipients: [capture],
        },
        deps,
      );
      const reminderId = logged.reminders?.created[0]?.id;
      await dispatchDueReminders({ userId, asOf: new Date('2026-11-17T13:30:00Z') }, deps);
      const nudge = readOutbox(options.outboxFile).find((m) =>
        m.headers?.some((h) => h.value === reminderId),
      );
      if (!nudge) throw new Error('bench: the nudge was not sent');
      return {
        raw: crlf(`From: Amira Haddad <${from}>
To: ${nudge.replyTo}
Subject: Re: ${nudge.subject}
Date: Tue, 17 Nov 2026 08:05:00 -0600
Message-ID: <bench-done-${n}@example.org>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

done

On Tue, Nov 17, 2026 at 7:30 AM Rounds <rounds@in.rounds.test> wrote:
> nudge
`),
        recipients: [nudge.replyTo],
      };
    },
  );
  out.to60 = await kind((n, from) => outreach(2000 + n, sixty(n), from));
  return out;
}
