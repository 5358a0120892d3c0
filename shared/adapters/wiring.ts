// One way to wire Deps, whatever runs them: Lambda (lambda.ts), the CLI and local stack
// (local.ts), a deployed stage from the CLI (aws-stage.ts) and tests all call createDeps.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Deps } from '../deps.ts';
import { type Clock, systemClock } from '../domain/clock.ts';
import type { Config } from '../domain/config.ts';
import type { HeldMail } from '../domain/ports.ts';
import type { Schedules } from '../domain/schedules.ts';
import { createStore, type Store } from '../store/index.ts';
import type { AwsService } from './aws-fetch.ts';
import { dynamoTable } from './dynamodb-table.ts';
import { sesMailer } from './ses-mailer.ts';
import { tableSchedules } from './table-schedules.ts';

export type DepsParts = {
  config: Config;
  dynamo: DynamoDBClient;
  /** SES v2: its region (Message-IDs name it), credentials and, locally, its endpoint. */
  ses: AwsService;
  /** EventBridge Scheduler in AWS; without it, the table's own schedule group (local). */
  schedules?: (store: Store) => Schedules;
  clock?: Clock;
  /** Where "I sent it" on a held message is recorded (see HeldMail). */
  heldMail: (deps: () => Deps) => HeldMail;
  /** Locally only: make the table when it is missing (create-table.ts). */
  createTable?: (client: DynamoDBClient, name: string) => Promise<void>;
};

export function createDeps(parts: DepsParts): Deps {
  const store = createStore(dynamoTable(parts.dynamo, parts.config.tableName, parts.createTable));
  const deps: Deps = {
    config: parts.config,
    clock: parts.clock ?? systemClock,
    store,
    mailer: sesMailer(parts.ses, parts.config.configurationSet),
    schedules: (parts.schedules ?? tableSchedules)(store),
    heldMail: parts.heldMail(() => deps),
  };
  return deps;
}
