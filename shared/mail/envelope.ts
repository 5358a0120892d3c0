// The envelope of every reminder and digest: a signed Reply-To naming the item, a
// List-Unsubscribe, and a stable thread id so related emails thread together.
import type { Config } from '../domain/config.ts';
import type { User } from '../domain/model.ts';
import type { OutgoingMail } from '../domain/ports.ts';
import { signTag } from '../domain/signing.ts';
import { signedAddress } from './address.ts';
import { CLICK_ACTIONS, type ClickAction } from './reply-command.ts';

/**
 * Reply addresses expire, but late: a reminder snoozed for months, or answered from an old
 * thread, must still work. The signature, not the expiry, is what keeps others out.
 */
const REPLY_ADDRESS_DAYS = 400;

export function mailToUser(
  user: Pick<User, 'email' | 'userId' | 'captureToken'>,
  config: Config,
  item: { purpose: 'r' | 'w'; subject: string; threadId: string; marker: { name: string; value: string } },
  rendered: { subject: string; text: string; html: string },
  sentAt: Date,
): OutgoingMail {
  const expires = new Date(sentAt.getTime() + REPLY_ADDRESS_DAYS * 86_400_000);
  const address = (purpose: 'r' | 'w' | 'u', subject: string) =>
    signedAddress(config.signingSecret, user.captureToken, config.captureDomain, purpose, subject, expires);
  return {
    to: user.email,
    from: config.fromAddress,
    replyTo: address(item.purpose, item.subject),
    ...rendered,
    headers: [
      { name: 'References', value: `<${item.threadId}@${config.captureDomain}>` },
      ...listUnsubscribe(
        user,
        config,
        expires,
        `<mailto:${address('u', user.userId.slice(0, 8))}?subject=unsubscribe>`,
      ),
      item.marker,
    ],
  };
}

/**
 * RFC 2369 and RFC 8058: a signed https link that a mailbox provider can POST to unsubscribe in
 * one click, and the signed mailto address for clients that only send mail.
 */
function listUnsubscribe(
  user: Pick<User, 'userId' | 'captureToken'>,
  config: Config,
  expires: Date,
  mailto: string,
): { name: string; value: string }[] {
  if (!config.dashboardUrl) return [{ name: 'List-Unsubscribe', value: mailto }];
  const tag = signTag(config.signingSecret, user.captureToken, 'u', user.userId.slice(0, 8), expires);
  return [
    {
      name: 'List-Unsubscribe',
      value: `<${config.dashboardUrl}/unsubscribe/${user.userId}/${tag}>, ${mailto}`,
    },
    { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
  ];
}

/** Signed one-click links for a reminder (none without a dashboard to serve them). */
export function actionLinks(
  user: Pick<User, 'userId' | 'captureToken'>,
  config: Config,
  reminderId: string,
  sentAt: Date,
): { label: string; url: string }[] {
  if (!config.dashboardUrl) return [];
  const expires = new Date(sentAt.getTime() + REPLY_ADDRESS_DAYS * 86_400_000);
  const tag = signTag(config.signingSecret, user.captureToken, 'r', reminderId, expires);
  return (Object.keys(CLICK_ACTIONS) as ClickAction[]).map((action) => ({
    label: CLICK_ACTIONS[action],
    url: `${config.dashboardUrl}/a/${user.userId}/${tag}/${action}`,
  }));
}

/**
 * The web app's Today page, for the foot of an email. It carries no secret: a forwarded
 * reminder opens nothing but the sign-in form (issue 11 ended the 400-day bearer links).
 */
export const emailDashboardLink = (config: Config) =>
  config.dashboardUrl ? `${config.dashboardUrl}/today` : undefined;
