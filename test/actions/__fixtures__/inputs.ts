/** What an action shell's tests pass to its `parseInputs`. */

/**
 * The action's `parseInputs` as a function of the inputs that differ from `defaults` (what
 * `action.yml` gives); an input in neither reads as empty, as `core.getInput` does.
 */
export const parseOver =
  <T>(
    parseInputs: (getInput: (name: string) => string) => T,
    defaults: Readonly<Record<string, string>>,
  ) =>
  (over: Readonly<Record<string, string>>): T =>
    parseInputs((name) => ({ ...defaults, ...over })[name] ?? '');
