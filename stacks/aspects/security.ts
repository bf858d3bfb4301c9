import { Annotations, TerraformElement, type IAspect } from 'cdktf';
import type { IConstruct } from 'constructs';
import { iamWildcardRule } from './rules/iam-wildcard.js';
import { notebookDirectInternetRule, notebookRootAccessRule } from './rules/notebook.js';
import { redshiftEncryptionRule, redshiftPrivateRule } from './rules/redshift.js';
import type { SecurityRule } from './rules/rule.js';
import { s3EncryptionRule, s3PublicAccessBlockRule } from './rules/s3-bucket.js';

/** Every rule the security aspect enforces. */
export const SECURITY_RULES: readonly SecurityRule[] = [
  iamWildcardRule,
  s3EncryptionRule,
  s3PublicAccessBlockRule,
  redshiftEncryptionRule,
  redshiftPrivateRule,
  notebookRootAccessRule,
  notebookDirectInternetRule,
];

/**
 * Fails synth with an error on each resource that breaks a rule. Each error names the rule, the
 * Terraform resource and its construct path.
 */
export class SecurityAspect implements IAspect {
  constructor(private readonly rules: readonly SecurityRule[] = SECURITY_RULES) {}

  visit(node: IConstruct): void {
    for (const rule of this.rules) {
      for (const problem of rule.check(node)) {
        Annotations.of(node).addError(`[${rule.id}] ${describe(node)}: ${problem}`);
      }
    }
  }
}

function describe(node: IConstruct): string {
  const type =
    node instanceof TerraformElement && 'terraformResourceType' in node
      ? String(node.terraformResourceType)
      : node.constructor.name;
  return `${type} "${node.node.path}"`;
}
