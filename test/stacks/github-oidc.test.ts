import { githubSubjects } from '../../stacks/github-oidc.js';

describe('githubSubjects', () => {
  const repo = { owner: 'acme', name: 'rfm-workshop' };

  test('classic and immutable forms for an environment', () => {
    expect(githubSubjects(repo, { kind: 'environment', name: 'workshop-fintech' })).toEqual([
      'repo:acme/rfm-workshop:environment:workshop-fintech',
      'repo:acme@*/rfm-workshop@*:environment:workshop-fintech',
    ]);
  });

  test('pins the immutable form to the ids when they are known', () => {
    const withIds = { ...repo, ownerId: '123456', repositoryId: '456789' };
    expect(githubSubjects(withIds, { kind: 'branch', name: 'main' })).toEqual([
      'repo:acme/rfm-workshop:ref:refs/heads/main',
      'repo:acme@123456/rfm-workshop@456789:ref:refs/heads/main',
    ]);
  });

  test('pull requests, and colons escaped as GitHub does', () => {
    expect(githubSubjects(repo, { kind: 'pull_request' })[0]).toBe(
      'repo:acme/rfm-workshop:pull_request',
    );
    expect(githubSubjects(repo, { kind: 'environment', name: 'prod:v1' })[0]).toBe(
      'repo:acme/rfm-workshop:environment:prod%3Av1',
    );
  });
});
