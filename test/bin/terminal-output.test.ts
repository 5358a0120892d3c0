// In a terminal a command prints a table; piped or with --json, the contract's JSON. Run
// in-process on `rounds outbox`, which reads the outbox file and needs no stack.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '#bin/cli';
import { renderTable } from '#bin/table';

const sent = {
  messageId: '<0100018f@email.amazonses.com>',
  to: 'amira@example.org',
  from: 'Rounds <rounds@in.rounds.localhost>',
  replyTo: 'r+abc@in.rounds.localhost',
  subject: 'Thank Dr. Maria Lopez for the interview',
  text: 'It has been a day since you met.',
  html: '<p>It has been a day since you met.</p>',
  sentAt: '2026-11-20T13:30:00.000Z',
};

describe('terminal output', () => {
  let out: string[];
  beforeEach(() => {
    const home = mkdtempSync(join(tmpdir(), 'rounds-home-'));
    writeFileSync(join(home, 'outbox.jsonl'), `${JSON.stringify(sent)}\n`);
    vi.stubEnv('ROUNDS_HOME', home);
    out = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('is a table with a header and one aligned row per message', async () => {
    expect(await main(['outbox'], true)).toBe(0);
    const [header, rule, row] = out.join('').split('\n');
    expect(header).toMatch(/^messageId\s+to\s+from\s+replyTo\s+subject\s+text\s+html\s+sentAt$/);
    expect(rule).toMatch(/^─+ +─+/);
    expect(row).toContain('Thank Dr. Maria Lopez for the interview');
    expect(row).toContain('2026-11-20 13:30Z');
    expect(row!.indexOf('amira@example.org')).toBe(header!.indexOf('to'));
  });

  it('is the contract’s JSON with --json, or when not a terminal', async () => {
    expect(await main(['outbox', '--json'], true)).toBe(0);
    expect(await main(['outbox'], false)).toBe(0);
    const [first, second] = out.join('').trim().split('\n');
    expect(JSON.parse(first!)).toEqual([sent]);
    expect(second).toBe(first);
  });
});

describe('renderTable', () => {
  it('shows an object’s fields, then its lists as tables (rounds tick)', () => {
    const text = renderTable({
      now: '2026-11-21T13:30:00Z',
      sent: [{ to: 'amira@example.org', subject: 'Your week', kind: 'digest', reminderIds: ['r1', 'r2'] }],
    });
    expect(text.split('\n')[0]).toBe('now  2026-11-21 13:30Z');
    expect(text).toContain('sent:\nto ');
    expect(text).toMatch(/amira@example\.org\s+Your week\s+digest\s+r1, r2/);
  });

  it('names people in a list by their address, and says when there is nothing', () => {
    expect(renderTable([])).toBe('(none)');
    const text = renderTable([
      { id: 'r1', contacts: [{ email: 'pd@x.edu', name: 'Dr. P' }], state: 'pending' },
    ]);
    expect(text).toMatch(/r1\s+pd@x\.edu\s+pending/);
  });
});
