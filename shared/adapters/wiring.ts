// One way to wire Deps, whatever runs them: Lambda (lambda.ts), the CLI and local stack
// (local.ts), a deployed stage from the CLI (aws-stage.ts) and tests all call createDeps.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Deps } from '../deps.ts';
import { type Clock, systemClock } from '../domain/clock.ts';
import type { Config } from '../domain/config.ts';
import type { Schedules } from '../domain/schedules.ts';
import { createStore, type Store } from '../store/index.ts';
import { dynamoTable } from './dynamodb-table.ts';
import { sesMailer } from './ses-mailer.ts';
import { tableSchedules } from './table-schedules.ts';

export type DepsParts = {
  config: Config;
  dynamo: DynamoDBClient;
  ses: SESv2Client;
  /** The region SES sends from (its Message-IDs name it). */
  sesRegion: string;
  /** EventBridge Scheduler in AWS; without it, the table's own schedule group (local). */
  schedules?: (store: Store) => Schedules;
  clock?: Clock;
};

export function createDeps(parts: DepsParts): Deps {
  const store = createStore(dynamoTable(parts.dynamo, parts.config.tableName));
  return {
    config: parts.config,
    clock: parts.clock ?? systemClock,
    store,
    mailer: sesMailer(parts.ses, parts.sesRegion, parts.config.configurationSet),
    schedules: (parts.schedules ?? tableSchedules)(store),
  };
}
