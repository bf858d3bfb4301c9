/**
 * The error `promise` rejects with, which must be a `type`: a promise that resolves, or rejects
 * with anything else, fails the test with what it gave instead.
 */
export async function rejectionOf<E extends Error>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => E,
): Promise<E> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error instanceof type) return error;
  throw new Error(`expected a rejection with a ${type.name}, got ${String(error)}`);
}
