import { DataAwsAvailabilityZones } from '@cdktf/provider-aws/lib/data-aws-availability-zones/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { Aspects, Testing, TerraformStack } from 'cdktf';
import { TagsAspect } from '../../../stacks/aspects/tags.js';
import { parseSynth } from '../../support/cdktf.js';

const TAGS = {
  team: 'acme',
  workshop: 'rfm-workshop',
  expires: '2030-06-30',
  'managed-by': 'cdktf',
};

describe('TagsAspect', () => {
  const stack = new TerraformStack(Testing.app(), 'stack');
  new S3Bucket(stack, 'plain', { bucketPrefix: 'a-' });
  new S3Bucket(stack, 'named', { bucketPrefix: 'b-', tags: { Name: 'b', team: 'override' } });
  new IamRolePolicy(stack, 'untaggable', { role: 'r', policy: '{}' });
  new DataAwsAvailabilityZones(stack, 'zones', {});
  Aspects.of(stack).add(new TagsAspect(TAGS));
  const json = parseSynth(Testing.synth(stack));

  test('adds the tags to every taggable resource', () => {
    const buckets = json.resource!.aws_s3_bucket!;
    expect(buckets.plain!.tags).toEqual(TAGS);
  });

  test("keeps a resource's own tags, which win over the aspect's", () => {
    expect(json.resource!.aws_s3_bucket!.named!.tags).toEqual({
      ...TAGS,
      Name: 'b',
      team: 'override',
    });
  });

  test('leaves resources without tags and data sources alone', () => {
    expect(json.resource!.aws_iam_role_policy!.untaggable).not.toHaveProperty('tags');
    expect(json.data!.aws_availability_zones!.zones).not.toHaveProperty('tags');
  });
});
