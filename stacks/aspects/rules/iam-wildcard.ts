import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document/index.js';
import { IamGroupPolicy } from '@cdktf/provider-aws/lib/iam-group-policy/index.js';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { IamUserPolicy } from '@cdktf/provider-aws/lib/iam-user-policy/index.js';
import { Token } from 'cdktf';
import type { IConstruct } from 'constructs';
import type { SecurityRule } from './rule.js';

/** The parts of a statement the rule looks at, normalised to arrays. */
interface Statement {
  readonly sid: string | undefined;
  readonly effect: string;
  readonly actions: string[];
  readonly resources: string[];
}

const WILDCARD_ACTION = /^(\*|[A-Za-z0-9-]+:\*)$/;

const asList = (v: unknown): string[] =>
  typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x) => typeof x === 'string') : [];

function fromJson(policy: string | undefined): Statement[] | string {
  if (policy === undefined) return [];
  let doc: unknown;
  try {
    doc = JSON.parse(policy);
  } catch {
    // A reference to a policy document data source: that data source is checked itself.
    return Token.isUnresolved(policy) ? [] : 'the policy is not valid JSON';
  }
  const raw = (doc as { Statement?: unknown }).Statement;
  const list: unknown[] = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list.map((s) => {
    const st = s as Record<string, unknown>;
    return {
      sid: typeof st.Sid === 'string' ? st.Sid : undefined,
      effect: typeof st.Effect === 'string' ? st.Effect : '',
      actions: asList(st.Action),
      resources: asList(st.Resource),
    };
  });
}

/** Identity policy documents attached to `node`, if it is an IAM resource that carries them. */
function policiesOf(node: IConstruct): Array<Statement[] | string> {
  if (
    node instanceof IamRolePolicy ||
    node instanceof IamPolicy ||
    node instanceof IamUserPolicy ||
    node instanceof IamGroupPolicy
  ) {
    return [fromJson(node.policyInput)];
  }
  if (node instanceof IamRole) {
    const inline = node.inlinePolicyInput;
    return Array.isArray(inline) ? inline.map((p) => fromJson(p.policy)) : [];
  }
  if (node instanceof DataAwsIamPolicyDocument) {
    const statements = node.statementInput;
    if (!Array.isArray(statements)) return [];
    return [
      statements.map((s) => ({
        sid: s.sid,
        effect: s.effect ?? 'Allow',
        actions: s.actions ?? [],
        resources: s.resources ?? [],
      })),
    ];
  }
  return [];
}

/** No identity policy may allow every action, or every action of a service, on every resource. */
export const iamWildcardRule: SecurityRule = {
  id: 'iam-no-wildcard-actions',
  check(node) {
    const problems: string[] = [];
    for (const policy of policiesOf(node)) {
      if (typeof policy === 'string') {
        problems.push(policy);
        continue;
      }
      for (const s of policy) {
        if (s.effect !== 'Allow' || !s.resources.includes('*')) continue;
        const wild = s.actions.filter((a) => WILDCARD_ACTION.test(a));
        if (wild.length === 0) continue;
        const name = s.sid === undefined ? 'a statement' : `statement "${s.sid}"`;
        problems.push(
          `${name} allows ${wild.map((a) => `"${a}"`).join(', ')} on "*"; list the actions it needs and scope the resources`,
        );
      }
    }
    return problems;
  },
};
