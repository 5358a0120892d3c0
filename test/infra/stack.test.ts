import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { StatefulStack } from '#infra/stateful-stack';
import { TABLE_SCHEMA } from '#shared/store/table';

const synthData = (deletionProtection = true) =>
  Template.fromStack(
    new StatefulStack(new App(), 'Test', { stage: 'test', domain: 'example.org', deletionProtection }),
  );

describe('StatefulStack', () => {
  it('creates the table from the shared key schema, with the due-reminder and people indexes', () => {
    synthData().hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: TABLE_SCHEMA.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_SCHEMA.sortKey, KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: [
        Match.objectLike({
          IndexName: TABLE_SCHEMA.dueIndex.name,
          KeySchema: [
            { AttributeName: TABLE_SCHEMA.dueIndex.partitionKey, KeyType: 'HASH' },
            { AttributeName: TABLE_SCHEMA.dueIndex.sortKey, KeyType: 'RANGE' },
          ],
        }),
        Match.objectLike({
          IndexName: TABLE_SCHEMA.peopleIndex.name,
          KeySchema: [
            { AttributeName: TABLE_SCHEMA.peopleIndex.partitionKey, KeyType: 'HASH' },
            { AttributeName: TABLE_SCHEMA.peopleIndex.sortKey, KeyType: 'RANGE' },
          ],
        }),
      ],
      TimeToLiveSpecification: { AttributeName: TABLE_SCHEMA.ttlAttribute, Enabled: true },
      Replicas: [
        Match.objectLike({
          DeletionProtectionEnabled: true,
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        }),
      ],
    });
  });

  it('keeps the table when the stack is deleted, unless protection is turned off', () => {
    const kept = synthData().findResources('AWS::DynamoDB::GlobalTable');
    const dropped = synthData(false).findResources('AWS::DynamoDB::GlobalTable');
    expect(Object.values(kept)[0]?.DeletionPolicy).toBe('Retain');
    expect(Object.values(dropped)[0]?.DeletionPolicy).toBe('Delete');
  });
});
