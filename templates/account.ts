// The emails of a user's account: the sign-in link, and the welcome that makes BCC a habit
// (the capture address, its tags, a vCard to save it as a contact).
import { CAPTURE_TAG_GUIDE } from '#shared/domain/playbook';
import { emailFrame, escapeHtml } from './html.ts';

type Rendered = { subject: string; text: string; html: string };

const button = (url: string, label: string) =>
  `<p><a href="${escapeHtml(url)}" style="display:inline-block;background:#1f5fbf;color:#fff;padding:12px 20px;border-radius:8px;text-decoration:none;font-weight:600">${escapeHtml(label)}</a></p>`;

/** A single-use sign-in link, valid for minutes. */
export function renderSignInLink(link: { url: string; minutes: number }): Rendered {
  const subject = 'Your Rounds sign-in link';
  return {
    subject,
    text: [
      `Sign in to Rounds (this link works once, for ${link.minutes} minutes):`,
      link.url,
      '',
      'If you did not ask for it, ignore this email: nobody can sign in without it.',
      '— Rounds',
    ].join('\n'),
    html: emailFrame(
      subject,
      `<p>Sign in to Rounds. The link works once, for ${link.minutes} minutes.</p>${button(link.url, 'Sign in')}<p style="font-size:14px;color:#4a5368">If you did not ask for it, ignore this email: nobody can sign in without it.</p>`,
    ),
  };
}

export function renderAddressConfirmation(link: { url: string; address: string; hours: number }): Rendered {
  const subject = 'Confirm your address for Rounds';
  return {
    subject,
    text: [
      `Someone signed in to Rounds asked to add ${link.address} as one of their addresses: mail from it would count as theirs.`,
      `If that was you, confirm it within ${link.hours} hours:`,
      link.url,
      '',
      'If it was not you, ignore this email: nothing changes without it.',
      '— Rounds',
    ].join('\n'),
    html: emailFrame(
      subject,
      `<p>Add <strong>${escapeHtml(link.address)}</strong> to your Rounds addresses? Mail from it will count as yours. The link works once, for ${link.hours} hours.</p>${button(link.url, 'Confirm this address')}<p style="font-size:14px;color:#4a5368">If you did not ask for it, ignore this email: nothing changes without it.</p>`,
    ),
  };
}

/** Capture address with a tag: `token+tag@domain`. */
export const taggedAddress = (capture: string, tag: string) =>
  tag ? capture.replace('@', `+${tag}@`) : capture;

/** The welcome: what the capture address is for, its tags, and a way in. */
export function renderWelcome(w: {
  name?: string | undefined;
  captureAddress: string;
  signInUrl?: string | undefined;
  minutes: number;
}): Rendered {
  const subject = 'Welcome to Rounds: your private BCC address';
  const tags = CAPTURE_TAG_GUIDE.map((t) => ({ address: taggedAddress(w.captureAddress, t.tag), ...t }));
  const text = [
    `Hello${w.name ? ` ${w.name}` : ''},`,
    '',
    'Rounds keeps your follow-ups for you. Your private address is:',
    `  ${w.captureAddress}`,
    '',
    'Put it in Bcc when you write to a program director, mentor or faculty member,',
    'and forward it the emails and calendar invitations you want remembered.',
    'Rounds logs each one and reminds you to thank, follow up and keep in touch.',
    '',
    'Add a tag after the token to say more:',
    ...tags.map((t) => `  ${t.address}  — ${t.meaning}`),
    '',
    'The attached card saves the address in your contacts, so "Rounds" autocompletes in Bcc.',
    'Anyone who sees it could send to it, so keep it in Bcc, never in To or Cc.',
    ...(w.signInUrl
      ? [
          '',
          `Sign in to see today's follow-ups (the link works once, for ${w.minutes} minutes):`,
          w.signInUrl,
        ]
      : []),
    '— Rounds',
  ].join('\n');
  const html = emailFrame(
    subject,
    [
      `<p>Hello${w.name ? ` ${escapeHtml(w.name)}` : ''},</p>`,
      '<p>Rounds keeps your follow-ups for you. Your private address is:</p>',
      `<p style="font-size:18px;font-weight:600;word-break:break-all">${escapeHtml(w.captureAddress)}</p>`,
      '<p>Put it in <b>Bcc</b> when you write to a program director, mentor or faculty member, and forward it the emails and calendar invitations you want remembered. Rounds logs each one and reminds you to thank, follow up and keep in touch.</p>',
      '<p>Add a tag after the token to say more:</p><ul>',
      ...tags.map(
        (t) =>
          `<li><code style="word-break:break-all">${escapeHtml(t.address)}</code> — ${escapeHtml(t.meaning)}</li>`,
      ),
      '</ul>',
      '<p>The attached card saves the address in your contacts, so “Rounds” autocompletes in Bcc. Anyone who sees it could send to it, so keep it in Bcc, never in To or Cc.</p>',
      w.signInUrl ? button(w.signInUrl, 'Sign in to Rounds') : '',
      '<p style="font-size:14px;color:#4a5368">Rounds</p>',
    ].join(''),
  );
  return { subject, text, html };
}

const vcardText = (value: string) => value.replace(/\\/g, '\\\\').replace(/[,;]/g, (c) => `\\${c}`);

/** A vCard 3.0 of the capture address and its tags (Apple, Google and Outlook read 3.0). */
export function captureVCard(captureAddress: string): string {
  const lines = [
    'BEGIN:VCARD',
    'VERSION:3.0',
    'FN:Rounds',
    'N:;Rounds;;;',
    'ORG:Rounds',
    ...CAPTURE_TAG_GUIDE.flatMap((t, i) => [
      `item${i + 1}.EMAIL;TYPE=INTERNET${i === 0 ? ',pref' : ''}:${taggedAddress(captureAddress, t.tag)}`,
      `item${i + 1}.X-ABLabel:${vcardText(t.tag ? `+${t.tag}` : 'log')}`,
    ]),
    `NOTE:${vcardText('BCC to log an email; the tags say more. Keep this address in Bcc only.')}`,
    'END:VCARD',
  ];
  return `${lines.join('\r\n')}\r\n`;
}
