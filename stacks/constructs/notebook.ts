import { SagemakerNotebookInstance } from '@cdktf/provider-aws/lib/sagemaker-notebook-instance/index.js';
import { Construct } from 'constructs';

export interface TeamNotebookProps {
  /** Notebook instance name, e.g. `workshop-acme`. */
  readonly name: string;
  /** Default `ml.c5.xlarge`, as in the seed workshop. */
  readonly instanceType?: string;
  /** ML storage volume in GB. Default 50. */
  readonly volumeSizeGb?: number;
  /** SageMaker execution role. */
  readonly roleArn: string;
  /** Key for the notebook's storage volume. */
  readonly kmsKeyArn: string;
  /** Private subnet the notebook's network interface goes in. */
  readonly subnetId: string;
  readonly securityGroupIds: string[];
}

/**
 * The seed workshop's notebook instance, hardened: no root access, no direct internet (traffic
 * stays in the VPC), IMDSv2 only, encrypted volume.
 */
export class TeamNotebook extends Construct {
  public readonly instance: SagemakerNotebookInstance;

  constructor(scope: Construct, id: string, props: TeamNotebookProps) {
    super(scope, id);
    this.instance = new SagemakerNotebookInstance(this, 'this', {
      name: props.name,
      instanceType: props.instanceType ?? 'ml.c5.xlarge',
      volumeSize: props.volumeSizeGb ?? 50,
      roleArn: props.roleArn,
      kmsKeyId: props.kmsKeyArn,
      rootAccess: 'Disabled',
      directInternetAccess: 'Disabled',
      subnetId: props.subnetId,
      securityGroups: props.securityGroupIds,
      instanceMetadataServiceConfiguration: { minimumInstanceMetadataServiceVersion: '2' },
    });
  }
}
