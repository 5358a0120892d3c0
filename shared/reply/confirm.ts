// The one-line answer to a reply command, threaded under the user's reply (or the list of
// commands, when Rounds could not read it).
import { renderCommandHelp, renderConfirmation } from '#templates/confirmation';
import { logger } from '../adapters/observability.ts';
import type { Deps } from '../deps.ts';
import type { ReplyInput } from './outcome.ts';

export function confirmer(input: ReplyInput, deps: Deps) {
  const { user, mail } = input;
  return (text: string, help = false) =>
    async () => {
      const rendered = help ? renderCommandHelp(text, mail.subject) : renderConfirmation(text, mail.subject);
      try {
        const sent = await deps.mailer.send({
          to: user.email,
          from: deps.config.fromAddress,
          replyTo: input.replyAddress,
          ...rendered,
          headers: [
            { name: 'In-Reply-To', value: mail.messageId },
            { name: 'References', value: [...mail.references, mail.messageId].slice(-10).join(' ') },
            { name: 'Auto-Submitted', value: 'auto-replied' },
          ],
        });
        await deps.store.messages.recordSent(user.userId, sent.messageId, {
          kind: 'confirmation',
          sentAt: deps.clock.now().toISOString(),
        });
      } catch (error) {
        // The command already took effect; a lost confirmation must not undo or repeat it.
        logger.error('confirmation not sent', { userId: user.userId, error });
      }
    };
}
