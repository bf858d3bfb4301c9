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

/** The tag every team resource carries with the team id; IAM conditions match on it. */
export const TEAM_TAG = 'team';

/** `{ StringEquals: { "aws:ResourceTag/team": <team> } }`: the resource belongs to the team. */
export const taggedForTeam = (team: string): NonNullable<IamStatement['Condition']> => ({
  StringEquals: { [`aws:ResourceTag/${TEAM_TAG}`]: team },
});
