/** The owners of an environment file, split by what can become a QuickSight group member. */
export interface QuickSightOwners {
  /** E-mail addresses: each is the QuickSight user name added to the team's group. */
  readonly members: readonly string[];
  /** Everything else (GitHub handles): listed for a person to add by hand. */
  readonly unmapped: readonly string[];
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * The owners that are e-mail addresses become members of the team's QuickSight group (the user
 * must exist in QuickSight under that name); GitHub handles have no QuickSight identity, so the
 * deploy job lists them in its summary instead.
 */
export function quickSightOwners(owners: readonly string[]): QuickSightOwners {
  return {
    members: owners.filter((o) => EMAIL.test(o)),
    unmapped: owners.filter((o) => !EMAIL.test(o)),
  };
}
