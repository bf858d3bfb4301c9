/** The failure contract every action shell keeps, asserted the same way for each. */
import { expect, type jest } from '@jest/globals';
import { close, openActionBackend } from './backend.js';
import * as core from './core.js';

/** After `main`: the step failed with `message` before opening a backend or calling `run`. */
export function expectRefusedBeforeOpening(message: string, run: jest.Mock): void {
  expect(core.setFailed).toHaveBeenCalledWith(message);
  expect(openActionBackend).not.toHaveBeenCalled();
  expect(run).not.toHaveBeenCalled();
}

/** After `main`: the step failed with `message`, set no output, and closed the backend. */
export function expectFailedAndClosed(message: string): void {
  expect(core.setFailed).toHaveBeenCalledWith(message);
  expect(core.setOutput).not.toHaveBeenCalled();
  expect(close).toHaveBeenCalledTimes(1);
}
