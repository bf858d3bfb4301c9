/** Plans in the shape of `terraform show -json`, built from a list of (address, actions) pairs. */
export interface FakeChange {
  readonly address: string;
  readonly actions: readonly string[];
  readonly mode?: 'managed' | 'data';
  readonly importing?: boolean;
  readonly reason?: string;
}

export function planJson(
  changes: readonly FakeChange[],
  outputs: Record<string, readonly string[]> = {},
): string {
  return JSON.stringify({
    format_version: '1.2',
    terraform_version: '1.11.4',
    resource_changes: changes.map((c) => ({
      address: c.address,
      mode: c.mode ?? 'managed',
      type: c.address.split('.')[0],
      name: c.address.split('.')[1],
      change: {
        actions: c.actions,
        before: null,
        after: {},
        ...(c.importing === true ? { importing: { id: 'x' } } : {}),
      },
      ...(c.reason === undefined ? {} : { action_reason: c.reason }),
    })),
    output_changes: Object.fromEntries(
      Object.entries(outputs).map(([name, actions]) => [
        name,
        { actions, before: null, after: 'x' },
      ]),
    ),
  });
}

/** `n` resources of one action, with long cdktf-like addresses. */
export function manyChanges(n: number, actions: readonly string[] = ['create']): FakeChange[] {
  return Array.from({ length: n }, (_, i) => ({
    address: `aws_iam_role_policy.team_stack_permissions_policy_${String(i).padStart(4, '0')}_ABCDEF12`,
    actions,
  }));
}
