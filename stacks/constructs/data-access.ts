import type { PolicyStatement } from './policy-document.js';

/** The team's data: one prefix in one bucket, encrypted with one key. */
export interface TeamDataScope {
  readonly bucketArn: string;
  /** Key prefix ending in `/`. */
  readonly prefix: string;
  readonly kmsKeyArn: string;
}

/** Read, write and list the team's prefix, and use the team's key for it; nothing else. */
export function teamDataStatements(scope: TeamDataScope): PolicyStatement[] {
  return [
    {
      Sid: 'ListTeamPrefix',
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: scope.bucketArn,
      Condition: { StringLike: { 's3:prefix': [`${scope.prefix}*`] } },
    },
    {
      Sid: 'LocateBucket',
      Effect: 'Allow',
      Action: 's3:GetBucketLocation',
      Resource: scope.bucketArn,
    },
    {
      Sid: 'ReadWriteTeamPrefix',
      Effect: 'Allow',
      Action: [
        's3:GetObject',
        's3:PutObject',
        's3:DeleteObject',
        's3:AbortMultipartUpload',
        's3:ListMultipartUploadParts',
      ],
      Resource: `${scope.bucketArn}/${scope.prefix}*`,
    },
    {
      Sid: 'UseTeamKey',
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
      Resource: scope.kmsKeyArn,
    },
  ];
}
