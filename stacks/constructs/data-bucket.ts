import { Construct } from 'constructs';
import { SecureBucket } from './secure-bucket.js';

export interface DataBucketProps {
  /** Prefix of the generated bucket name, e.g. `workshop-acme-data-`. */
  readonly bucketPrefix: string;
  /** Key prefix that holds all of the team's data, ending in `/`. */
  readonly dataPrefix: string;
  /** ARN of the team's KMS key. */
  readonly kmsKeyArn: string;
  /** Days before training output moves to Standard-IA. Default 30. */
  readonly trainingOutputInfrequentAccessAfterDays?: number;
}

/**
 * The team's data bucket: raw CSVs, UNLOAD output and SageMaker training output under one prefix.
 * `terraform destroy` empties it, because expired teams are torn down by a scheduled workflow.
 */
export class DataBucket extends Construct {
  public readonly bucket: SecureBucket;
  /** Key prefix of the team's data, ending in `/`. */
  public readonly dataPrefix: string;
  /** Key prefix of SageMaker training output, ending in `/`. */
  public readonly trainingPrefix: string;

  constructor(scope: Construct, id: string, props: DataBucketProps) {
    super(scope, id);
    if (!props.dataPrefix.endsWith('/')) {
      throw new Error(`${this.node.path}: dataPrefix must end in "/", got "${props.dataPrefix}"`);
    }
    this.dataPrefix = props.dataPrefix;
    this.trainingPrefix = `${props.dataPrefix}training/`;
    this.bucket = new SecureBucket(this, 'bucket', {
      bucketPrefix: props.bucketPrefix,
      kmsKeyArn: props.kmsKeyArn,
      forceDestroy: true,
      transitions: [
        {
          id: 'training-output-to-infrequent-access',
          prefix: this.trainingPrefix,
          infrequentAccessAfterDays: props.trainingOutputInfrequentAccessAfterDays ?? 30,
        },
      ],
    });
  }
}
