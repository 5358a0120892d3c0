import { describe, expect, it } from 'vitest';
import { createFeedbackHandler } from '#functions/feedback';
import { dispatchDueReminders } from '#shared/dispatch/morning-run';
import { ingestMessage } from '#shared/ingest/ingest';
import { addUser } from '#shared/users/users';
import { residentWorld } from '../support/local.ts';
import { eml } from '../support/mail.ts';

const { deps, user, capture } = await residentWorld();

/** An SES event notification as the configuration set publishes it to SNS. */
const snsOf = (message: Record<string, unknown>) => ({
  Records: [
    {
      EventSource: 'aws:sns',
      Sns: {
        Type: 'Notification',
        TopicArn: 'arn:aws:sns:us-east-1:123456789012:rounds-feedback',
        Message: JSON.stringify(message),
      },
    },
  ],
});

describe('functions/feedback', () => {
  it('a transient bounce changes nothing', async () => {
    const handler = createFeedbackHandler(deps);
    const result = await handler(
      snsOf({
        eventType: 'Bounce',
        bounce: { bounceType: 'Transient', bouncedRecipients: [{ emailAddress: 'amira@example.org' }] },
      }),
    );
    expect(result.paused).toEqual([]);
  });

  it('a permanent bounce stops mail to the user, and their reminders wait instead of being lost', async () => {
    await ingestMessage(
      { raw: eml({ from: 'amira@example.org', to: 'pd@program.example.edu' }), recipients: [capture] },
      deps,
    );
    const handler = createFeedbackHandler(deps);

    const result = await handler(
      snsOf({
        eventType: 'Bounce',
        bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'Amira@Example.org' }] },
      }),
    );
    const sent = await dispatchDueReminders(
      { userId: user.userId, asOf: new Date('2026-11-30T13:30:00Z') },
      deps,
    );

    expect(result.paused).toEqual(['amira@example.org']);
    expect(await deps.store.users.get(user.userId)).toMatchObject({ mailPausedReason: 'bounced' });
    expect(sent).toEqual([]);
    expect((await deps.store.reminders.list(user.userId))[0]?.state).toBe('pending');
  });

  it('a complaint arriving through EventBridge (the deployed path) stops mail too', async () => {
    const { user: other } = await addUser({ email: 'omar@example.org', timezone: 'UTC' }, deps);
    const handler = createFeedbackHandler(deps);
    const result = await handler({
      version: '0',
      source: 'aws.ses',
      'detail-type': 'Email Complaint Received',
      detail: {
        eventType: 'Complaint',
        complaint: { complainedRecipients: [{ emailAddress: 'omar@example.org' }] },
      },
    });
    expect(result.paused).toEqual(['omar@example.org']);
    expect((await deps.store.users.get(other.userId))?.mailPausedReason).toBe('complaint');
  });

  it('records what it cannot read instead of failing', async () => {
    const handler = createFeedbackHandler(deps);
    expect(await handler({ nope: true })).toEqual({ paused: [] });
    expect(await handler({ Records: [{ Sns: { Message: 'not json' } }] })).toEqual({ paused: [] });
  });
});
