#!/usr/bin/env node
import { InterruptedError, redactSecrets } from './cli/context.js';
import { createProgram } from './cli/program.js';

const program = createProgram({
  writeOut: (text) => void process.stdout.write(text),
  writeErr: (text) => void process.stderr.write(redactSecrets(text)),
});

program.parseAsync(process.argv).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(redactSecrets(`workshop: ${message}\n`));
  process.exitCode = error instanceof InterruptedError ? 130 : 1;
});
