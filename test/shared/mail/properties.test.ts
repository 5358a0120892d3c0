// Parsers meet whatever the internet sends: they must never throw, whatever the bytes.
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestMessage } from '#shared/ingest/ingest';
import { parseCalendar } from '#shared/mail/calendar';
import { extractForwarded, parseForwardDate, parsePeople } from '#shared/mail/forward';
import { parseMail } from '#shared/mail/parse';
import { parseReplyCommand } from '#shared/mail/reply-command';
import { addUser } from '#shared/users/users';
import { testDeps } from '../../support/local.ts';

/**
 * Cases in all, across the four properties: 2,000 by default; `npm run test:nightly` runs
 * 100,000 (ROUNDS_PROPERTY_CASES). Each parser property gets 30%, ingest against DynamoDB 10%.
 */
const CASES = Number(process.env.ROUNDS_PROPERTY_CASES ?? 2000);
const PARSER_RUNS = Math.round(CASES * 0.3);
const INGEST_RUNS = CASES - 3 * PARSER_RUNS;

const corpusDir = 'test/fixtures/mail';
const corpus = readdirSync(corpusDir)
  .filter((f) => f.endsWith('.eml'))
  .map((f) => readFileSync(`${corpusDir}/${f}`));

/** A corpus message with bytes flipped, cut short, or spliced with another. */
const mutatedMail = fc
  .tuple(
    fc.constantFrom(...corpus),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 20 }),
    fc.option(fc.nat()),
    fc.option(fc.constantFrom(...corpus)),
  )
  .map(([base, flips, cut, splice]) => {
    const bytes = Buffer.from(base);
    for (const [at, value] of flips) bytes[at % bytes.length] = value;
    const cutAt = cut === null ? bytes.length : cut % (bytes.length + 1);
    return splice
      ? Buffer.concat([bytes.subarray(0, cutAt), splice.subarray(cutAt % splice.length)])
      : bytes.subarray(0, cutAt);
  });

describe('parsers never throw', { timeout: 3_600_000 }, () => {
  it('parseMail on arbitrary bytes and on mutated real mail', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 2000 }), mutatedMail), async (bytes) => {
        const mail = await parseMail(bytes);
        expect(mail.messageId).toMatch(/^<.+>$/);
      }),
      { numRuns: PARSER_RUNS },
    );
  });

  it('parseCalendar on arbitrary text and on mutated invitations', () => {
    const ics = corpus.map((b) => b.toString('utf8')).filter((t) => t.includes('BEGIN:VCALENDAR'));
    const mutatedIcs = fc
      .tuple(fc.constantFrom(...ics), fc.nat(), fc.string({ maxLength: 40 }))
      .map(([text, at, insert]) => text.slice(0, at % text.length) + insert + text.slice(at % text.length));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 500 }), mutatedIcs), (text) => {
        expect(Array.isArray(parseCalendar(text, 'America/Chicago', new Date('2026-11-20T12:00:00Z')))).toBe(
          true,
        );
      }),
      { numRuns: PARSER_RUNS },
    );
  });

  it('forward and reply parsing on arbitrary text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 400 }), async (text) => {
        parsePeople(text);
        parseForwardDate(text, 'Asia/Kolkata', new Date('2026-11-20T12:00:00Z'));
        const command = parseReplyCommand(text, new Date('2026-11-20T12:00:00Z'), 'Europe/London');
        expect(command.action).toBeTypeOf('string');
        const mail = await parseMail(Buffer.from(`From: a@b.org\r\nSubject: Fwd: x\r\n\r\n${text}`));
        await extractForwarded(mail, 'America/Chicago', new Date('2026-11-20T12:00:00Z'));
      }),
      { numRuns: PARSER_RUNS },
    );
  });
});

describe('ingest always records an outcome', () => {
  let deps: Awaited<ReturnType<typeof testDeps>>;
  let capture: string;
  beforeAll(async () => {
    deps = await testDeps('2026-11-20T12:00:00Z');
    ({ captureAddress: capture } = await addUser(
      {
        email: 'amira@example.org',
        timezone: 'America/Chicago',
        aliases: ['amira.haddad@hospital.example.org'],
      },
      deps,
    ));
  });
  afterAll(() => deps.ses.stop());

  it('for mutated real mail, against DynamoDB Local', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedMail, async (raw) => {
        const outcome = await ingestMessage({ raw, recipients: [capture] }, deps);
        expect(['logged', 'duplicate', 'command', 'ignored', 'rejected']).toContain(outcome.status);
        if (outcome.status === 'ignored' || outcome.status === 'rejected')
          expect(outcome.reason).toBeTruthy();
      }),
      { numRuns: INGEST_RUNS },
    );
  }, 3_600_000);
});
