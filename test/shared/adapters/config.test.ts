// The Lambda configuration: a missing or bad variable fails at cold start, naming the variable.
import { describe, expect, it } from 'vitest';
import { configFromEnv } from '#shared/adapters/config';

const env = {
  ROUNDS_TABLE: 'rounds',
  ROUNDS_CAPTURE_DOMAIN: 'in.example.org',
  ROUNDS_FROM_ADDRESS: 'rounds@example.org',
  ROUNDS_SIGNING_SECRET: 'k'.repeat(32),
};

describe('configuration from the environment', () => {
  it('is read whole when every variable is set', () => {
    expect(configFromEnv({ ...env, ROUNDS_DASHBOARD_URL: 'https://app.example.org' })).toEqual({
      tableName: 'rounds',
      captureDomain: 'in.example.org',
      fromAddress: 'rounds@example.org',
      signingSecret: 'k'.repeat(32),
      dashboardUrl: 'https://app.example.org',
    });
  });

  it('names each missing or bad variable', () => {
    const { ROUNDS_TABLE: _, ...withoutTable } = env;
    expect(() => configFromEnv({ ...withoutTable, ROUNDS_SIGNING_SECRET: 'short' })).toThrow(
      'invalid configuration: ROUNDS_TABLE: is not set; ROUNDS_SIGNING_SECRET: must be at least 32 characters',
    );
    expect(() => configFromEnv({ ...env, ROUNDS_DASHBOARD_URL: 'app' })).toThrow(
      'invalid configuration: ROUNDS_DASHBOARD_URL: is not a URL',
    );
  });
});
