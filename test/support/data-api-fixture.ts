import { beforeEach } from '@jest/globals';
import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { FakeDataApi } from '../actions/lib/warehouse/fake-data-api.js';
import { openedForBlock } from './block-fixture.js';
import { freshPgliteDatabase } from './pglite.js';

/**
 * Registers hooks in the calling block: the Redshift Data API client mocked (aws-sdk-client-mock)
 * and answered by FakeDataApi over one in-memory PGlite that the block's tests share; the mock is
 * reset and the fake installed anew before each test, and the mock restored after the block.
 */
export function fakeDataApiForBlock(): AwsClientStub<RedshiftDataClient> {
  const mock = mockClient(RedshiftDataClient);
  const db = openedForBlock(freshPgliteDatabase, async (opened) => {
    mock.restore();
    await opened.close();
  });
  beforeEach(async () => {
    mock.reset();
    await FakeDataApi.install(mock, db());
  });
  return mock;
}
