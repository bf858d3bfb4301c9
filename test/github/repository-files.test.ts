/** Dependabot, code owners and the pull request template: present, well-formed, and consistent. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { actionManifests, readYaml, ROOT } from '../support/github-files.js';

const text = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

interface DependabotUpdate {
  'package-ecosystem': string;
  directory?: string;
  directories?: string[];
  schedule: { interval: string };
  groups?: Record<string, { patterns?: string[]; 'dependency-type'?: string }>;
  ignore?: { 'dependency-name': string; 'update-types'?: string[] }[];
}

describe('.github/dependabot.yml', () => {
  const config = readYaml<{ version: number; updates: DependabotUpdate[] }>(
    '.github/dependabot.yml',
  );
  const byEcosystem = new Map(config.updates.map((u) => [u['package-ecosystem'], u]));

  test('updates npm and GitHub Actions weekly, in groups', () => {
    expect(config.version).toBe(2);
    expect([...byEcosystem.keys()].sort()).toEqual(['github-actions', 'npm']);
    for (const update of config.updates) {
      expect({
        ecosystem: update['package-ecosystem'],
        interval: update.schedule.interval,
      }).toEqual({ ecosystem: update['package-ecosystem'], interval: 'weekly' });
      const groups = Object.values(update.groups ?? {});
      expect(groups.length).toBeGreaterThan(0);
      for (const g of groups) {
        expect((g.patterns?.length ?? 0) > 0 || g['dependency-type'] !== undefined).toBe(true);
      }
    }
  });

  test('every npm dependency falls into a group', () => {
    const pkg = JSON.parse(text('package.json')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    const groups = Object.values(byEcosystem.get('npm')?.groups ?? {});
    const matches = (name: string, type: 'production' | 'development'): boolean =>
      groups.some(
        (g) =>
          g['dependency-type'] === type ||
          (g.patterns ?? []).some((p) =>
            new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(
              name,
            ),
          ),
      );
    const ungrouped = [
      ...Object.keys(pkg.dependencies).filter((n) => !matches(n, 'production')),
      ...Object.keys(pkg.devDependencies).filter((n) => !matches(n, 'development')),
    ];
    expect(ungrouped).toEqual([]);
  });

  test('scans every folder with an action that pins third-party actions', () => {
    const dirs = byEcosystem.get('github-actions')?.directories ?? [];
    const covered = (dir: string): boolean =>
      dirs.some((d) => new RegExp(`^${d.replace(/\*/g, '[^/]+')}$`).test(`/${dir}`));
    const pinning = actionManifests()
      .filter((file) => /uses:\s*[\w.-]+\/[\w.-]+@/.test(text(file)))
      .map((file) => file.replace(/\/action\.yml$/, ''));
    expect(pinning.length).toBeGreaterThan(0);
    expect(pinning.filter((dir) => !covered(dir))).toEqual([]);
    expect(dirs).toContain('/');
  });

  test('keeps @types/node on the oldest supported Node.js major', () => {
    expect(byEcosystem.get('npm')?.ignore).toEqual(
      expect.arrayContaining([
        {
          'dependency-name': '@types/node',
          'update-types': ['version-update:semver-major'],
        },
      ]),
    );
  });
});

describe('.github/CODEOWNERS', () => {
  const rules = text('.github/CODEOWNERS')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => l.trim().split(/\s+/));

  test('gives environments/ to the platform team, by a placeholder handle the README names', () => {
    const environments = rules.find(([path]) => path === '/environments/');
    expect(environments?.slice(1)).toEqual(['@acme/data-platform']);
    expect(text('.github/CODEOWNERS')).toMatch(/@acme\/data-platform is a PLACEHOLDER/);
    expect(text('README.md')).toMatch(/`@acme\/data-platform`[^.]*placeholder/);
  });

  test('names only paths that exist', () => {
    for (const [path] of rules) {
      expect({ path, exists: existsSync(join(ROOT, path!)) }).toEqual({ path, exists: true });
    }
  });
});

test('the pull request template has a checklist for adding a team', () => {
  const template = text('.github/pull_request_template.md');
  const section = template.slice(template.indexOf('## Adding a team'));
  expect(section.length).toBeLessThan(template.length);
  for (const item of [
    '`environments/<team>.yaml`',
    '`npm run workshop -- validate`',
    '`expires`',
    '`workshop-<team>`',
  ]) {
    expect(section).toContain(item);
  }
  expect(section.match(/^- \[ \]/gm)?.length).toBeGreaterThanOrEqual(5);
});
