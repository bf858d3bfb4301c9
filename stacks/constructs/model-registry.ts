import { SagemakerModelPackageGroup } from '@cdktf/provider-aws/lib/sagemaker-model-package-group/index.js';
import { Construct } from 'constructs';

export interface ModelRegistryProps {
  /** Model package group name (at most 63 characters), e.g. `workshop-acme-segments`. */
  readonly groupName: string;
}

/** The team's SageMaker model package group; each training run registers a version in it. */
export class ModelRegistry extends Construct {
  public readonly group: SagemakerModelPackageGroup;

  constructor(scope: Construct, id: string, props: ModelRegistryProps) {
    super(scope, id);
    if (props.groupName.length > 63) {
      throw new Error(
        `${this.node.path}: model package group name "${props.groupName}" is over 63 characters`,
      );
    }
    this.group = new SagemakerModelPackageGroup(this, 'this', {
      modelPackageGroupName: props.groupName,
      modelPackageGroupDescription: 'RFM customer segmentation (KMeans) models',
    });
  }
}
