/** Where a stack deploys; values may be Terraform references resolved at apply. */
export interface AwsContext {
  /** `aws`, `aws-cn` or `aws-us-gov`. */
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
}
