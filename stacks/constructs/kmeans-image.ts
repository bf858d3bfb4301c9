import { KMEANS_REGISTRY_ACCOUNTS } from '../../contracts/kmeans-image.js';

/** ARN of the ECR repository holding the KMeans image in `region`. */
export function kmeansRepositoryArn(partition: string, region: string): string {
  const account = KMEANS_REGISTRY_ACCOUNTS[region];
  if (account === undefined) {
    throw new Error(
      `SageMaker's built-in KMeans image is not published in region "${region}"; ` +
        `use one of ${Object.keys(KMEANS_REGISTRY_ACCOUNTS).join(', ')}`,
    );
  }
  return `arn:${partition}:ecr:${region}:${account}:repository/kmeans`;
}
