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

/** Configuration from the environment (Lambda); a missing variable fails with its name. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse({
    tableName: env.ROUNDS_TABLE,
    captureDomain: env.ROUNDS_CAPTURE_DOMAIN,
    fromAddress: env.ROUNDS_FROM_ADDRESS,
    signingSecret: env.ROUNDS_SIGNING_SECRET,
    dashboardUrl: env.ROUNDS_DASHBOARD_URL || undefined,
    configurationSet: env.ROUNDS_CONFIGURATION_SET || undefined,
  });
  if (!parsed.success) {
    const names: Record<string, string> = {
      tableName: 'ROUNDS_TABLE',
      captureDomain: 'ROUNDS_CAPTURE_DOMAIN',
      fromAddress: 'ROUNDS_FROM_ADDRESS',
      signingSecret: 'ROUNDS_SIGNING_SECRET',
      dashboardUrl: 'ROUNDS_DASHBOARD_URL',
      configurationSet: 'ROUNDS_CONFIGURATION_SET',
    };
    const problems = parsed.error.issues.map(
      (i) => `${names[String(i.path[0])] ?? i.path.join('.')}: ${i.message}`,
    );
    throw new Error(`invalid configuration: ${problems.join('; ')}`);
  }
  return parsed.data;
}
