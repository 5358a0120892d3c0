// Configuration from the environment, read once at cold start and validated; a missing or bad
// variable fails with its name. No empty-string defaults.
import { type Config, configSchema } from '../domain/config.ts';

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
