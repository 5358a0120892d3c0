// What the core needs to know about its deployment (adapters/config.ts reads it from the environment).
import { z } from 'zod';

/** What the core needs to know about its deployment; read once, validated, never defaulted to ''. */
export const configSchema = z.object({
  tableName: z.string().min(1),
  captureDomain: z.string().min(3),
  /** The verified SES identity Rounds sends from. */
  fromAddress: z.string().min(3),
  /** HMAC key for reply addresses and links. */
  signingSecret: z.string().min(32, { message: 'must be at least 32 characters' }),
  /** Where the dashboard lives, for links in emails; without it, emails carry no link. */
  dashboardUrl: z.url().optional(),
  /** The SES configuration set whose events report bounces and complaints (AWS only). */
  configurationSet: z.string().min(1).optional(),
});
export type Config = z.infer<typeof configSchema>;
