// Names derived from the stage, shared by both stacks.
import { Aws } from 'aws-cdk-lib';

/** The inbound mail bucket's name is derived, not exported, so policies and findings name it plainly. */
export const mailBucketName = (stage: string) => `rounds-${stage}-mail-${Aws.ACCOUNT_ID}-${Aws.REGION}`;
