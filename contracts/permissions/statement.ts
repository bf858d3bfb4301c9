import { teamKeyAlias } from '../naming.js';

/** One IAM policy statement as the JSON reads: what the stacks write and the tests evaluate. */
export interface IamStatement {
  readonly Sid: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: readonly string[];
  readonly Resource: readonly string[];
  readonly Condition?: Readonly<
    Record<string, Readonly<Record<string, string | readonly string[]>>>
  >;
}

/** Where a team lives; values may be Terraform references that resolve at apply. */
export interface TeamScope {
  readonly team: string;
  /** `aws`, `aws-cn` or `aws-us-gov`. */
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
  readonly warehouseType: 'provisioned' | 'serverless';
}

/** The ARN of IAM `resource` (`role/…`, `policy/…`, `oidc-provider/…`) in the scope's account. */
export const iamArn = (
  scope: Pick<TeamScope, 'partition' | 'accountId'>,
  resource: string,
): string => `arn:${scope.partition}:iam::${scope.accountId}:${resource}`;

/** The tag every team resource carries with the team id; IAM conditions match on it. */
export const TEAM_TAG = 'team';

/** `{ StringEquals: { "aws:ResourceTag/team": <team> } }`: the resource belongs to the team. */
export const taggedForTeam = (team: string): NonNullable<IamStatement['Condition']> => ({
  StringEquals: { [`aws:ResourceTag/${TEAM_TAG}`]: team },
});

/**
 * The KMS key behind the team's alias. Key ids are random and the keys carry no tags (tagging a
 * key at creation needs kms:TagResource, which IAM cannot limit to the new key); only team T may
 * create `alias/workshop-T`, and an alias can only point at a key its creator may use.
 */
export const aliasedForTeam = (team: string): NonNullable<IamStatement['Condition']> => ({
  'ForAnyValue:StringEquals': { 'kms:ResourceAliases': [teamKeyAlias(team)] },
});

/**
 * The Data API's calls on a statement it runs (cancel, describe, read the result): they have no
 * resource type, so the condition limits them to statements the caller's own session ran.
 */
export const ownDataApiStatements = (sid: string): IamStatement => ({
  Sid: sid,
  Effect: 'Allow',
  Action: [
    'redshift-data:CancelStatement',
    'redshift-data:DescribeStatement',
    'redshift-data:GetStatementResult',
  ],
  Resource: ['*'],
  Condition: {
    StringEquals: { 'redshift-data:statement-owner-iam-userid': '${aws:userid}' },
  },
});
