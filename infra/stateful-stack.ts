// The data stack: what must outlive a deploy (table, raw-mail bucket, signing key, SES identity).
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { ConfigurationSet, EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import { mailBucketName } from './names.ts';
import { roundsTable } from './table.ts';

export type StatefulStackProps = StackProps & {
  stage: string;
  /** The domain Rounds sends from; its capture subdomain receives mail. */
  domain: string;
  deletionProtection: boolean;
};

/** What holds users' data and identity, and must outlive any redeploy of the functions. */
export class StatefulStack extends Stack {
  readonly table: TableV2;
  readonly mailBucket: Bucket;
  readonly signingSecret: Secret;
  readonly identity: EmailIdentity;
  readonly configurationSet: ConfigurationSet;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const keep = props.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.table = roundsTable(this, 'Table', { deletionProtection: props.deletionProtection });

    // Raw inbound mail: kept only as long as processing (and a retry) needs.
    this.mailBucket = new Bucket(this, 'InboundMail', {
      bucketName: mailBucketName(props.stage),
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: false,
      lifecycleRules: [{ expiration: Duration.days(30) }],
      removalPolicy: keep,
      autoDeleteObjects: !props.deletionProtection,
    });

    this.signingSecret = new Secret(this, 'SigningKey', {
      description: `Rounds ${props.stage}: HMAC key for reply addresses and links`,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: keep,
    });

    this.configurationSet = new ConfigurationSet(this, 'Sending', {});
    // Easy DKIM is the default for a domain identity; its CNAMEs are in the stack outputs' notes.
    this.identity = new EmailIdentity(this, 'Domain', {
      identity: Identity.domain(props.domain),
      configurationSet: this.configurationSet,
    });

    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'MailBucketName', { value: this.mailBucket.bucketName });
    new CfnOutput(this, 'ConfigurationSetName', { value: this.configurationSet.configurationSetName });
    new CfnOutput(this, 'SigningKeyArn', { value: this.signingSecret.secretArn });
    new CfnOutput(this, 'DkimRecords', {
      value: [1, 2, 3]
        .map((i) => {
          const name = this.identity[`dkimDnsTokenName${i}` as 'dkimDnsTokenName1'];
          const value = this.identity[`dkimDnsTokenValue${i}` as 'dkimDnsTokenValue1'];
          return `${name} CNAME ${value}`;
        })
        .join(' ; '),
      description: 'Add these three CNAME records to the domain so SES can sign mail (Easy DKIM)',
    });

    Validations.of(this.mailBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Only SES writes here and only the inbound function reads; objects expire in 30 days. CloudTrail data events, not a second bucket of access logs, are the audit path.',
    });
    Validations.of(this.signingSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating the HMAC key invalidates every reply address already in users’ inboxes; rotation is a deliberate operator step (README, Deploy to AWS).',
    });
  }
}
