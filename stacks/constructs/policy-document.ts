/** One IAM policy statement, written the way the JSON reads. */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly NotResource?: string | readonly string[];
  readonly Principal?: '*' | Readonly<Record<string, string | readonly string[]>>;
  readonly Condition?: Readonly<
    Record<string, Readonly<Record<string, string | readonly string[]>>>
  >;
}

/** An IAM policy variable such as `${aws:userid}`, which Terraform would read as its own. */
const POLICY_VARIABLE = /\$\{(aws:[A-Za-z]+)\}/g;

/**
 * The JSON of an IAM policy document. Token strings inside it resolve at synth; IAM policy
 * variables are written `$${aws:userid}`, so that Terraform passes them through to IAM.
 */
export function policyDocument(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }).replace(
    POLICY_VARIABLE,
    '$$$${$1}',
  );
}

/** Whose requests a service may act on when it assumes a role (the confused-deputy guard). */
export interface ServiceTrustScope {
  /** The account whose resources the service acts for: `aws:SourceAccount`. */
  readonly sourceAccount: string;
  /** ARN patterns of the resources it acts for: `aws:SourceArn`, where the service sends it. */
  readonly sourceArns?: readonly string[];
}

/**
 * A trust policy that lets the given AWS services assume a role, only on behalf of resources in
 * `scope.sourceAccount` (and, when given, only for `scope.sourceArns`).
 */
export function serviceTrustPolicy(services: readonly string[], scope: ServiceTrustScope): string {
  return policyDocument([
    {
      Effect: 'Allow',
      Principal: { Service: services.length === 1 ? services[0]! : services },
      Action: 'sts:AssumeRole',
      Condition: {
        StringEquals: { 'aws:SourceAccount': scope.sourceAccount },
        ...(scope.sourceArns === undefined
          ? {}
          : { ArnLike: { 'aws:SourceArn': scope.sourceArns } }),
      },
    },
  ]);
}

/** Denies every S3 request on `bucketArn` and its objects that does not use TLS. */
export function denyInsecureTransport(bucketArn: string): PolicyStatement {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}
