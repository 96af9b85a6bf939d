import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyAggregateState } from '../../../src-shared/usage/aggregate-state';
import { createAggregateStore } from '../../../src-main/usage/aggregate-store';
import { UsageStorageError } from '../../../src-main/usage/storage-error';
import { T, tmpDataDir } from './meter-fixtures';

describe('the summary file (usage-aggregates.json)', () => {
  it('is missing in a fresh folder, and reads back what was written', async () => {
    const dir = tmpDataDir();
    const store = createAggregateStore(dir);
    expect(store.path).toBe(path.join(dir, 'usage-aggregates.json'));
    expect(store.read()).toEqual({ status: 'missing' });
    const state = emptyAggregateState('Asia/Tehran');
    state.total[4] = 4_242;
    await store.write(state);
    expect(store.read()).toEqual({ status: 'ok', data: state });
  });

  it('keeps the state as it was when the write began, though the meter folds on meanwhile', async () => {
    const store = createAggregateStore(tmpDataDir());
    const state = emptyAggregateState('UTC');
    state.total[4] = 1;
    const writing = store.write(state);
    state.total[4] = 2;
    await writing;
    expect(store.read()).toMatchObject({ status: 'ok', data: { total: [0, 0, 0, 0, 1, 0, 0] } });
  });

  it('a file that is not JSON is damaged: kept aside under a dated name, nothing deleted', () => {
    const dir = tmpDataDir();
    const store = createAggregateStore(dir);
    fs.writeFileSync(store.path, '{"version":2,"tim');
    const found = store.read();
    expect(found.status).toBe('damaged');
    if (found.status === 'damaged') expect(found.reason).not.toBe('');
    const kept = store.moveAside(T);
    expect(kept).toBe(path.join(dir, 'usage-aggregates.damaged-2025-03-20T08-00-00-000Z.json'));
    expect(fs.readFileSync(kept!, 'utf8')).toBe('{"version":2,"tim');
    expect(store.read()).toEqual({ status: 'missing' });
    expect(store.moveAside(T)).toBeNull();
  });

  it('a summary that cannot be written is a storage error naming the file and saying nothing was lost', async () => {
    const dir = tmpDataDir();
    const store = createAggregateStore(dir);
    fs.mkdirSync(store.path); // a folder where the file should be: the rename onto it fails
    const error = await store.write(emptyAggregateState('UTC')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageStorageError);
    expect((error as UsageStorageError).path).toBe(store.path);
    expect((error as UsageStorageError).bilingual.en).toContain('Usage recorded before is intact.');
  });
});
