import { KmsKey } from '@cdktf/provider-aws/lib/kms-key/index.js';
import { TerraformResource, type IAspect } from 'cdktf';
import type { IConstruct } from 'constructs';

type Tags = Record<string, string>;

/** A resource with a `tags` argument; `tagsInput` is read to avoid a self-reference. */
interface Taggable {
  tags: Tags | undefined;
  readonly tagsInput: Tags | undefined;
}

function isTaggable(node: IConstruct): node is IConstruct & Taggable {
  // Data sources are left alone: on some of them `tags` is a filter. KMS keys too: tagging a key
  // as it is created needs kms:TagResource, which IAM cannot limit to the new key, so a team's
  // deploy role could tag any untagged key; keys are told apart by their alias instead.
  return (
    node instanceof TerraformResource &&
    !(node instanceof KmsKey) &&
    'tags' in node &&
    'tagsInput' in node
  );
}

/** Adds the given tags to every taggable resource; tags set on a resource itself win. */
export class TagsAspect implements IAspect {
  constructor(private readonly tags: Readonly<Tags>) {}

  visit(node: IConstruct): void {
    if (!isTaggable(node)) return;
    node.tags = { ...this.tags, ...(node.tagsInput ?? {}) };
  }
}
