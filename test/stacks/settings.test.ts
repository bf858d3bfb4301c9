import { DEFAULT_STATE_REGION, readSettings } from '../../stacks/settings.js';

describe('readSettings', () => {
  test('defaults without any variable', () => {
    expect(readSettings({})).toEqual({
      environmentsDir: 'environments',
      outdir: 'cdktf.out',
      stateRegion: DEFAULT_STATE_REGION,
    });
  });

  test('reads the repository, its ids and the state bucket', () => {
    const settings = readSettings({
      WORKSHOP_GITHUB_REPOSITORY: 'acme/rfm-workshop',
      WORKSHOP_GITHUB_OWNER_ID: '123',
      WORKSHOP_GITHUB_REPOSITORY_ID: '456',
      WORKSHOP_STATE_BUCKET: 'acme-tfstate',
      WORKSHOP_STATE_REGION: 'us-east-2',
    });
    expect(settings.github).toEqual({
      owner: 'acme',
      name: 'rfm-workshop',
      ownerId: '123',
      repositoryId: '456',
    });
    expect(settings.stateBucket).toBe('acme-tfstate');
    expect(settings.stateRegion).toBe('us-east-2');
  });

  test('treats empty variables as unset', () => {
    expect(readSettings({ WORKSHOP_STATE_BUCKET: '', WORKSHOP_GITHUB_REPOSITORY: '' })).toEqual(
      readSettings({}),
    );
  });

  test('names the variable that is wrong', () => {
    expect(() => readSettings({ WORKSHOP_GITHUB_REPOSITORY: 'no-slash' })).toThrow(
      /WORKSHOP_GITHUB_REPOSITORY: expected OWNER\/REPO/,
    );
    expect(() => readSettings({ WORKSHOP_STATE_BUCKET: 'Bad_Bucket' })).toThrow(
      /WORKSHOP_STATE_BUCKET/,
    );
  });

  test('wants both GitHub ids or neither', () => {
    expect(() =>
      readSettings({ WORKSHOP_GITHUB_REPOSITORY: 'acme/r', WORKSHOP_GITHUB_OWNER_ID: '1' }),
    ).toThrow(/set both WORKSHOP_GITHUB_OWNER_ID and WORKSHOP_GITHUB_REPOSITORY_ID/);
  });
});
