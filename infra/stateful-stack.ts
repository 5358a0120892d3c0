import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { roundsTable } from './table.ts';

export type StatefulStackProps = StackProps & { stage: string; deletionProtection: boolean };

/** What holds users' data and must outlive any redeploy of the functions. */
export class StatefulStack extends Stack {
  readonly table: TableV2;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    this.table = roundsTable(this, 'Table', { deletionProtection: props.deletionProtection });
    new CfnOutput(this, 'TableName', {
      value: this.table.tableName,
      exportName: `rounds-${props.stage}-table`,
    });
  }
}
