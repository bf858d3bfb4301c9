import { TerraformResource, type IAspect } from 'cdktf';
import type { IConstruct } from 'constructs';

type Tags = Record<string, string>;

/** A resource with a `tags` argument; `tagsInput` is read to avoid a self-reference. */
interface Taggable {
  tags: Tags | undefined;
  readonly tagsInput: Tags | undefined;
}

function isTaggable(node: IConstruct): node is IConstruct & Taggable {
  // Data sources are left alone: on some of them `tags` is a filter.
  return node instanceof TerraformResource && 'tags' in node && 'tagsInput' in node;
}

/** Adds the given tags to every taggable resource; tags set on a resource itself win. */
export class TagsAspect implements IAspect {
  constructor(private readonly tags: Readonly<Tags>) {}

  visit(node: IConstruct): void {
    if (!isTaggable(node)) return;
    node.tags = { ...this.tags, ...(node.tagsInput ?? {}) };
  }
}
