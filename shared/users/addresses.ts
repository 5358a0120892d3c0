// Another address of the user's own (a hospital account beside a Gmail): mail from it then
// counts as theirs. Only after its mailbox proves it: Rounds emails a link to the address,
// which works once, for a day. The answer to the request is the same whether or not the
// address is already someone's, so the form tells nobody who uses Rounds.
import { renderAddressConfirmation } from '#templates/account';
import { logger } from '../adapters/observability.ts';
import type { Deps } from '../deps.ts';
import { InvalidInputError } from '../domain/errors.ts';
import { newSecret, secretHash } from '../domain/ids.ts';
import { emailSchema, type User } from '../domain/model.ts';
import { isCaptureDomainAddress } from '../mail/address.ts';
import { SIGN_IN_EMAILS_PER_HOUR } from './sign-in.ts';

export const ADDRESS_LINK_HOURS = 24;

/** Its own hash space: an address link can never be used as a sign-in link, nor the reverse. */
const linkHash = (token: string) => secretHash(`address:${token}`);

export async function requestAddress(user: User, address: string, deps: Deps): Promise<string> {
  const parsed = emailSchema.safeParse(address.trim().toLowerCase());
  if (!parsed.success) throw new InvalidInputError(`not an email address: ${address.slice(0, 100)}`);
  const email = parsed.data;
  if (email === user.email || user.aliases.includes(email))
    throw new InvalidInputError(`${email} is already yours.`);
  if (isCaptureDomainAddress(email, deps.config.captureDomain))
    throw new InvalidInputError('That is a Rounds address, not one you write from.');
  const said = `We emailed a link to ${email}: open it there to add the address.`;
  const hour = deps.clock.now().toISOString().slice(0, 13);
  if ((await deps.store.sessions.countRequest(user.userId, hour)) > SIGN_IN_EMAILS_PER_HOUR) {
    logger.warn('address confirmations capped for the hour', { userId: user.userId });
    return said;
  }
  const token = newSecret();
  const validUntil = new Date(deps.clock.now().getTime() + ADDRESS_LINK_HOURS * 3_600_000).toISOString();
  await deps.store.sessions.addLogin(linkHash(token), {
    userId: user.userId,
    sentTo: email,
    validUntil,
    addAddress: email,
  });
  await deps.mailer.send({
    to: email,
    from: deps.config.fromAddress,
    ...renderAddressConfirmation({
      url: `${deps.config.dashboardUrl ?? ''}/addresses/${token}`,
      address: email,
      hours: ADDRESS_LINK_HOURS,
    }),
    headers: [{ name: 'Auto-Submitted', value: 'auto-generated' }],
  });
  return said;
}

/** The address a link would add, while it is good (GET shows a button; nothing is used up). */
export async function peekAddressLink(token: string, deps: Pick<Deps, 'store' | 'clock'>) {
  return (await deps.store.sessions.peekLogin(linkHash(token), deps.clock.now().toISOString()))?.addAddress;
}

/** Uses the link up and adds the address; one line saying what happened. */
export async function confirmAddress(token: string, deps: Pick<Deps, 'store' | 'clock'>): Promise<string> {
  const link = await deps.store.sessions.consumeLogin(linkHash(token), deps.clock.now().toISOString());
  if (!link?.addAddress) return 'This link was used already, or it expired. Ask again from Settings.';
  const result = await deps.store.users.addAlias(link.userId, link.addAddress);
  return result === 'added'
    ? `${link.addAddress} is now one of your addresses: mail from it counts as yours.`
    : `${link.addAddress} is already in use with another Rounds account.`;
}
