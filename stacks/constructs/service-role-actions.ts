/**
 * Actions that the SageMaker role grants and the team's permissions boundary allows: the two lists
 * are the same by design, so that the boundary never cuts what the role needs.
 */

/** Pulling the built-in KMeans image from its ECR repository. */
const kmeansPull = [
  'ecr:BatchCheckLayerAvailability',
  'ecr:BatchGetImage',
  'ecr:GetDownloadUrlForLayer',
] as const;

/** Writing SageMaker's logs to its own log groups. */
const logWrite = [
  'logs:CreateLogGroup',
  'logs:CreateLogStream',
  'logs:DescribeLogStreams',
  'logs:PutLogEvents',
] as const;

/** ARNs of the log groups SageMaker training jobs and notebook instances write to. */
export function sagemakerLogGroupArns(
  partition: string,
  region: string,
  account: string,
): string[] {
  return ['/aws/sagemaker/TrainingJobs', '/aws/sagemaker/NotebookInstances'].map(
    (g) => `arn:${partition}:logs:${region}:${account}:log-group:${g}:*`,
  );
}

/** Managing the network interfaces a service makes in the team's VPC. */
const networkInterfaces = [
  'ec2:CreateNetworkInterface',
  'ec2:CreateNetworkInterfacePermission',
  'ec2:DeleteNetworkInterface',
  'ec2:DeleteNetworkInterfacePermission',
  'ec2:ModifyNetworkInterfaceAttribute',
] as const;

/** Describing the network; these calls have no resource type. */
const describeNetwork = [
  'ec2:DescribeDhcpOptions',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeSubnets',
  'ec2:DescribeVpcs',
] as const;

export const SERVICE_ROLE_ACTIONS = {
  kmeansPull,
  logWrite,
  networkInterfaces,
  describeNetwork,
} as const;
