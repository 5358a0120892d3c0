// The DynamoDB table as CDK declares it, from the schema the store defines (store/table.ts).
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { TABLE_SCHEMA } from '#shared/store/table';

/** The one table, from the same schema the local stack creates its table with. */
export function roundsTable(scope: Construct, id: string, props: { deletionProtection: boolean }): TableV2 {
  const { partitionKey, sortKey, dueIndex, peopleIndex, ttlAttribute } = TABLE_SCHEMA;
  return new TableV2(scope, id, {
    partitionKey: { name: partitionKey, type: AttributeType.STRING },
    sortKey: { name: sortKey, type: AttributeType.STRING },
    billing: Billing.onDemand(),
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: props.deletionProtection,
    timeToLiveAttribute: ttlAttribute,
    removalPolicy: props.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    // A deployed table gains one index per deployment (DynamoDB's rule); the people index came
    // second, and contacts written before it get its keys on first read (store/contact-index.ts).
    globalSecondaryIndexes: [dueIndex, peopleIndex].map((index) => ({
      indexName: index.name,
      partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
      sortKey: { name: index.sortKey, type: AttributeType.STRING },
    })),
  });
}
