// What the core needs to know about its deployment (adapters/config.ts reads it from the environment).
// zod/mini: the same checks in a tree-shakable build (zod's classic build was 443 KiB of each bundle).
import * as z from 'zod/mini';

/** What the core needs to know about its deployment; read once, validated, never defaulted to ''. */
const notSet = { error: 'is not set' };
const text = (min: number, error: string) => z.string(notSet).check(z.minLength(min, { error }));

export const configSchema = z.object({
  tableName: text(1, 'is empty'),
  captureDomain: text(3, 'is not a domain'),
  /** The verified SES identity Rounds sends from. */
  fromAddress: text(3, 'is not an address'),
  /** HMAC key for reply addresses and links. */
  signingSecret: text(32, 'must be at least 32 characters'),
  /** Where the dashboard lives, for links in emails; without it, emails carry no link. */
  dashboardUrl: z.optional(z.url({ error: 'is not a URL' })),
  /** The SES configuration set whose events report bounces and complaints (AWS only). */
  configurationSet: z.optional(text(1, 'is empty')),
});
export type Config = z.infer<typeof configSchema>;
