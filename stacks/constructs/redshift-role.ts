import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { Construct } from 'constructs';
import { teamDataStatements, type TeamDataScope } from './data-access.js';
import { policyDocument, serviceTrustPolicy } from './policy-document.js';

export interface RedshiftRoleProps {
  /** IAM role name, e.g. `workshop-acme-redshift`. */
  readonly roleName: string;
  /** The only data the role may touch. */
  readonly data: TeamDataScope;
  /** Account whose clusters and workgroups may assume the role. */
  readonly accountId: string;
  /** The team's permissions boundary (from the bootstrap stack). */
  readonly permissionsBoundaryArn: string;
}

/** The role Redshift assumes for COPY and UNLOAD: the team's prefix and key, nothing more. */
export class RedshiftRole extends Construct {
  public readonly role: IamRole;

  constructor(scope: Construct, id: string, props: RedshiftRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, 'this', {
      name: props.roleName,
      description: 'Redshift COPY and UNLOAD on the team prefix',
      // Redshift sends no aws:SourceArn for COPY and UNLOAD, so the account is the guard.
      assumeRolePolicy: serviceTrustPolicy(
        ['redshift.amazonaws.com', 'redshift-serverless.amazonaws.com'],
        { sourceAccount: props.accountId },
      ),
      permissionsBoundary: props.permissionsBoundaryArn,
    });
    new IamRolePolicy(this, 'data-access', {
      name: 'team-data',
      role: this.role.id,
      policy: policyDocument(teamDataStatements(props.data)),
    });
  }
}
