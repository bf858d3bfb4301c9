/**
 * The built-in KMeans image (`kmeans:1`, training and inference) per region. Accounts from the
 * SageMaker Python SDK's `src/sagemaker/image_uri_config/kmeans.json`.
 */
export const KMEANS_REGISTRY_ACCOUNTS: Readonly<Record<string, string>> = {
  'af-south-1': '455444449433',
  'ap-east-1': '286214385809',
  'ap-northeast-1': '351501993468',
  'ap-northeast-2': '835164637446',
  'ap-northeast-3': '364406365360',
  'ap-south-1': '991648021394',
  'ap-southeast-1': '475088953585',
  'ap-southeast-2': '712309505854',
  'ca-central-1': '469771592824',
  'cn-north-1': '390948362332',
  'cn-northwest-1': '387376663083',
  'eu-central-1': '664544806723',
  'eu-north-1': '669576153137',
  'eu-south-1': '257386234256',
  'eu-west-1': '438346466558',
  'eu-west-2': '644912444149',
  'eu-west-3': '749696950732',
  'me-south-1': '249704162688',
  'sa-east-1': '855470959533',
  'us-east-1': '382416733822',
  'us-east-2': '404615174143',
  'us-gov-west-1': '226302683700',
  'us-iso-east-1': '490574956308',
  'us-west-1': '632365934929',
  'us-west-2': '174872318107',
};

/** `<account>.dkr.ecr.<region>.<domain>/kmeans:1`; throws for a region without a known registry. */
export function kmeansImageUri(region: string): string {
  const account = KMEANS_REGISTRY_ACCOUNTS[region];
  if (account === undefined) {
    throw new Error(
      `no SageMaker KMeans image is known for region "${region}" (known: ${Object.keys(KMEANS_REGISTRY_ACCOUNTS).join(', ')}); ` +
        'choose one of these regions in the environment file, or add the account for this region ' +
        "from the SageMaker Python SDK's image_uri_config/kmeans.json to actions/lib/segmentation/kmeans-image.ts",
    );
  }
  // The partition's DNS suffix: aws-cn and aws-iso differ from aws and aws-us-gov.
  const domain = region.startsWith('cn-')
    ? 'amazonaws.com.cn'
    : region.startsWith('us-iso-')
      ? 'c2s.ic.gov'
      : 'amazonaws.com';
  return `${account}.dkr.ecr.${region}.${domain}/kmeans:1`;
}
