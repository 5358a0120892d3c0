// The HeldMail port in AWS: the dashboard's function checks that the held message can still be
// answered, then invokes the inbound function asynchronously (Lambda Invoke, type Event) to
// record it. Lambda retries a failed run twice, then it lands in the inbound dead-letter queue.
import type { Deps } from '../deps.ts';
import type { HeldMail } from '../domain/ports.ts';
import {
  answerableHeld,
  HELD_CONFIRMATION_SOURCE,
  HELD_GONE,
  type HeldConfirmationEvent,
} from '../ingest/held-answer.ts';
import { type AwsService, awsFetch } from './aws-fetch.ts';

export function heldMailViaInbound(
  lambda: AwsService,
  functionName: string,
  deps: () => Pick<Deps, 'store' | 'clock'>,
): HeldMail {
  const origin = lambda.endpoint ?? `https://lambda.${lambda.region}.amazonaws.com`;
  const url = `${origin}/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`;
  return {
    async confirm(userId, heldId) {
      if (!(await answerableHeld(userId, heldId, deps()))) return { line: HELD_GONE };
      const event: HeldConfirmationEvent = { source: HELD_CONFIRMATION_SOURCE, userId, heldId };
      await awsFetch({ ...lambda, signingName: 'lambda' }, url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-amz-invocation-type': 'Event' },
        body: JSON.stringify(event),
      });
      return { line: 'Recording it now: it will be on your timeline within a minute.' };
    },
  };
}
