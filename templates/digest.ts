// The weekly digest's words: plain text and HTML from the digest model (digest/build.ts).
import type { DigestModel } from '#shared/digest/build';
import type { ProgramLine } from '#shared/domain/program-board';
import { shortDate, shortDateTime } from '#shared/domain/time';
import { DIGEST_EXAMPLES } from '#shared/mail/reply-command';
import { emailFrame, escapeHtml } from './html.ts';

const TIER_NAMES = {
  sponsor: 'sponsors',
  mentor: 'mentors',
  peer: 'peers',
  working: 'working',
  weak_tie: 'weak ties',
};

function subjectOf(m: DigestModel): string {
  const parts = [
    m.overdue.length ? `${m.overdue.length} overdue` : '',
    m.thisWeek.length ? `${m.thisWeek.length} follow-up${m.thisWeek.length === 1 ? '' : 's'} this week` : '',
    m.newContacts.length ? `${m.newContacts.length} new contact${m.newContacts.length === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  return `Your week in Rounds: ${parts.length ? parts.join(', ') : 'nothing due'}`;
}

const STATUS_WORDS: Record<ProgramLine['status'], string> = {
  applied: 'applied',
  signaled: 'signaled',
  declined: 'no interview this year',
  waitlisted: 'waitlisted',
  invited: 'invited',
  scheduled: 'interview scheduled',
  interviewed: 'interviewed',
  thanked: 'thanked',
  letter_of_intent: 'letter of intent sent',
  update_sent: 'update sent',
  ranked: 'ranked',
  matched: 'matched',
  withdrawn: 'withdrawn',
};

/** "Internal Medicine Residency Program, Riverside: interview Tue 17 Nov, 09:00 · next: …". */
export function programLine(l: ProgramLine, timezone: string, now: string): string {
  const day = (iso: string) => shortDate(new Date(iso), timezone);
  const where = l.institution ? `${l.name}, ${l.institution}` : l.name;
  const stands =
    l.interview && (l.status === 'scheduled' || l.status === 'invited')
      ? l.interview.at <= now
        ? `interview was ${day(l.interview.at)}${l.interview.attending ? '' : ' (you did not go)'}`
        : `interview ${shortDateTime(new Date(l.interview.at), timezone)}${l.interview.attending ? '' : ' (you will not attend)'}`
      : `${STATUS_WORDS[l.status]} ${day(l.since)}`;
  return `${where}: ${stands}${l.next ? ` · next: ${l.next.label} (${day(l.next.dueAt)})` : ''}`;
}

/** Plain lines and HTML blocks for each section, from one list so the two parts agree. */
function sections(m: DigestModel): { title: string; lines: string[] }[] {
  const day = (iso: string) => shortDate(new Date(iso), m.timezone);
  const out: { title: string; lines: string[] }[] = [];
  if (m.overdue.length)
    out.push({ title: 'Overdue', lines: m.overdue.map((r) => `${r.n}. ${r.label} (since ${day(r.dueAt)})`) });
  if (m.thisWeek.length)
    out.push({ title: 'This week', lines: m.thisWeek.map((r) => `${r.n}. ${r.label} (${day(r.dueAt)})`) });
  if (m.newContacts.length)
    out.push({
      title: 'New contacts: what are they to you?',
      lines: m.newContacts.map((c) => `${c.n}. ${c.name ?? c.email} — needs a ${c.needs.join(' and a ')}`),
    });
  if (m.toCheck.length)
    out.push({ title: 'To check', lines: m.toCheck.map((c) => `${day(c.at)}: ${c.line}`) });
  if (m.coming.length)
    out.push({ title: 'Coming up', lines: m.coming.map((c) => `${day(c.at)}: ${c.label}`) });
  if (m.programs)
    out.push({
      title: `Your programs (the ${m.programs.match} Match)`,
      lines: [
        ...m.programs.lines.map((l) => programLine(l, m.timezone, m.now)),
        ...(m.programs.closed ? [`and ${m.programs.closed} closed (declined, withdrawn or matched)`] : []),
      ],
    });
  out.push({
    title: 'Your network',
    lines: m.health.map((h) => {
      const verdict =
        h.count < h.min
          ? `aim for ${h.min}–${h.max}`
          : h.count > h.max
            ? 'more than most keep up with'
            : 'on target';
      return `${TIER_NAMES[h.tier]}: ${h.count} (${verdict})`;
    }),
  });
  if (m.quiet.length)
    out.push({
      title: 'Gone quiet',
      lines: m.quiet.map(
        (q) => `${q.name ?? q.email} (${q.tier.replace('_', ' ')}), last in touch ${day(q.lastContactAt)}`,
      ),
    });
  if (m.dormant.length)
    out.push({
      title: 'Resting',
      lines: [
        ...m.dormant.map((d) => d.name ?? d.email),
        'No answer after your nudges. That is normal; Rounds stopped reminding you. A reply from them wakes them up.',
      ],
    });
  const a = m.activity;
  out.push({
    title: 'Last week',
    lines: [
      `${a.emailsOut} emails sent, ${a.repliesIn} replies, ${a.meetings} meetings, ${a.newContacts} new contacts`,
    ],
  });
  return out;
}

/** The weekly digest: pure, readable on a phone, numbered so a reply can act on it. */
export function renderDigest(
  m: DigestModel,
  dashboardUrl: string | undefined,
): { subject: string; text: string; html: string } {
  const subject = subjectOf(m);
  const parts = sections(m);
  const opener = m.empty
    ? 'A quiet week: nothing is due. A good week to send one mentor an update.'
    : `Good morning, ${m.userName}. Here is your week.`;
  const howTo =
    m.items.length > 0
      ? [`Reply with one command per line, using the numbers: ${DIGEST_EXAMPLES.join(' · ')}`]
      : [];
  const text = [
    opener,
    '',
    ...parts.flatMap((p) => [p.title.toUpperCase(), ...p.lines.map((l) => `  ${l}`), '']),
    ...howTo,
    ...(dashboardUrl ? [`Your contacts: ${dashboardUrl}`] : []),
    '— Rounds',
  ].join('\n');
  const html = emailFrame(
    subject,
    [
      `<p style="margin:0 0 16px">${escapeHtml(opener)}</p>`,
      ...parts.map(
        (p) =>
          `<h2 style="font-size:16px;margin:16px 0 4px">${escapeHtml(p.title)}</h2><ul style="margin:0;padding-left:20px">${p.lines
            .map((l) => `<li>${escapeHtml(l)}</li>`)
            .join('')}</ul>`,
      ),
      ...howTo.map((h) => `<p style="margin:16px 0 0;color:#4a5368">${escapeHtml(h)}</p>`),
      `<p style="font-size:14px;color:#4a5368">${dashboardUrl ? `<a href="${escapeHtml(dashboardUrl)}">Your contacts</a> · ` : ''}Rounds</p>`,
    ].join('\n'),
  );
  return { subject, text, html };
}
