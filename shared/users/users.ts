// Users: adding one (an unguessable capture address and two schedules in their zone) and
// changing their zone and settings (their schedules move with them).
import type { Deps } from '../deps.ts';
import { InvalidInputError } from '../domain/errors.ts';
import { newCaptureToken, newSecret, newUserId } from '../domain/ids.ts';
import { emailSchema, isValidTimeZone, type User } from '../domain/model.ts';
import { schedulesForUser } from '../domain/schedules.ts';
import { parseSettingAssignments } from '../domain/settings.ts';
import { captureAddressFor } from '../mail/address.ts';

export type AddUserInput = { email: string; name?: string; timezone?: string; aliases?: string[] };

/** Creates a user with an unguessable capture token and their two schedules. */
export async function addUser(
  input: AddUserInput,
  deps: Pick<Deps, 'store' | 'schedules' | 'clock' | 'config'>,
): Promise<{ user: User; captureAddress: string }> {
  const email = emailSchema.safeParse(input.email);
  if (!email.success) throw new InvalidInputError(`not an email address: ${input.email}`);
  const aliases: string[] = [];
  for (const alias of input.aliases ?? []) {
    const parsed = emailSchema.safeParse(alias);
    if (!parsed.success) throw new InvalidInputError(`not an email address: ${alias}`);
    if (parsed.data !== email.data && !aliases.includes(parsed.data)) aliases.push(parsed.data);
  }
  const timezone = input.timezone ?? 'UTC';
  if (!isValidTimeZone(timezone))
    throw new InvalidInputError(`not an IANA time zone (Area/City): ${timezone}`);
  const user: User = {
    userId: newUserId(),
    email: email.data,
    ...(input.name?.trim() ? { name: input.name.trim() } : {}),
    aliases,
    timezone,
    // Never silently UTC: the web app asks at first sign-in.
    ...(input.timezone ? {} : { timezoneUnconfirmed: true }),
    captureToken: newCaptureToken(),
    feedToken: newSecret(),
    createdAt: deps.clock.now().toISOString(),
  };
  await deps.store.users.create(user);
  for (const definition of schedulesForUser(user)) await deps.schedules.put(definition);
  return { user, captureAddress: captureAddressFor(user.captureToken, deps.config.captureDomain) };
}

/**
 * Changes a user's time zone and settings, and moves their schedules with them: the morning
 * run and the digest follow the user's zone and chosen hours.
 */
export async function updateUserSettings(
  user: User,
  input: { timezone?: string; assignments: string[] },
  deps: Pick<Deps, 'store' | 'schedules'>,
): Promise<User> {
  if (input.timezone !== undefined && !isValidTimeZone(input.timezone))
    throw new InvalidInputError(`not an IANA time zone (Area/City): ${input.timezone}`);
  let settings: User['settings'];
  try {
    settings = parseSettingAssignments(input.assignments, user.settings ?? {});
  } catch (error) {
    throw new InvalidInputError((error as Error).message);
  }
  const { timezoneUnconfirmed: _unconfirmed, ...rest } = user;
  const updated: User = input.timezone
    ? { ...rest, timezone: input.timezone, settings }
    : { ...user, settings };
  await deps.store.users.update(user.userId, {
    timezone: updated.timezone,
    ...(input.timezone ? { timezoneUnconfirmed: false } : {}),
    settings: updated.settings ?? {},
  });
  for (const definition of schedulesForUser(updated)) await deps.schedules.put(definition);
  return updated;
}

/** A new calendar feed address; every old subscription stops working. */
export async function rotateFeedToken(user: User, deps: Pick<Deps, 'store'>): Promise<User> {
  const feedToken = newSecret();
  await deps.store.users.update(user.userId, { feedToken });
  return { ...user, feedToken };
}

/** Pauses mail to the user (a one-click unsubscribe) or resumes it (Settings, `rounds settings mail=on`). */
export async function setMailFlow(
  user: User,
  on: boolean,
  deps: Pick<Deps, 'store' | 'clock'>,
): Promise<User> {
  if (on) {
    await deps.store.users.resumeMail(user.userId);
    const { mailPausedAt: _at, mailPausedReason: _why, ...rest } = user;
    return rest;
  }
  if (user.mailPausedAt) return user;
  const paused = { mailPausedAt: deps.clock.now().toISOString(), mailPausedReason: 'unsubscribed' };
  await deps.store.users.update(user.userId, paused);
  return { ...user, ...paused };
}
