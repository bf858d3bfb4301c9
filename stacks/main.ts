import { App } from 'cdktf';
import { ConfigError, loadEnvironments } from '../contracts/environment/load.js';
import { buildApp } from './app.js';
import { readSettings } from './settings.js';

/** Synthesizes every team stack (and the bootstrap stack) into the output directory. */
async function main(): Promise<void> {
  const settings = readSettings(process.env);
  const environments = await loadEnvironments(settings.environmentsDir);
  const app = new App({ outdir: settings.outdir });
  const { teams, bootstrap } = buildApp(app, environments, settings);
  app.synth();
  const stacks = [...teams.map((s) => s.node.id), ...(bootstrap ? [bootstrap.node.id] : [])];
  console.log(`synthesized ${stacks.join(', ')} into ${settings.outdir}/stacks/`);
  if (bootstrap === undefined) {
    console.log('no bootstrap stack: set WORKSHOP_GITHUB_REPOSITORY=OWNER/REPO to add it');
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof ConfigError ? e.message : e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
});
