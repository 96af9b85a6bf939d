import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HistoryPageView } from '../../../src-shared/app-contract/history-views';
import type { UsageSessionsView } from '../../../src-shared/app-contract/views';
import type { LedgerRecord, LedgerRequestRecord } from '../../../src-shared/usage/ledger-record';
import { openAppCore, type AppCore } from '../../../src-main/app/app-core';
import { createHistoryService } from '../../../src-main/app/history-service';
import { TranscriptStore } from '../../../src-main/pipeline/transcript-store';
import { openUsageMeter } from '../../../src-main/usage/usage-meter';
import { tempDir } from '../../integration/cli-harness';
import { NO_BUDGET_SETTINGS } from '../../support/meter-settings';

const ZWNJ = '\u200C';
const NOW = Date.UTC(2026, 11, 17, 12, 0, 0);
const cores: AppCore[] = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.close()));
});

let seq = 0;
function request(sessionId: string, at: number, costMicros: number, fields: Partial<LedgerRequestRecord> = {}) {
  seq += 1;
  const record: LedgerRequestRecord = {
    kind: 'request',
    id: `q-${seq}`,
    at,
    sessionId,
    model: 'whisper-1',
    provider: 'openai',
    audioMs: 10_000,
    billed: { type: 'duration', seconds: 10 },
    billedSeconds: 10,
    costMicros,
    outcome: 'ok',
    ...fields,
  };
  return record;
}

/** Writes transcripts as a dictation would, one part per chunk. */
async function writeTranscript(store: TranscriptStore, sessionId: string, texts: string[], at: number) {
  for (const [index, text] of texts.entries())
    await store.append(sessionId, {
      index,
      startMs: index * 5_000,
      endMs: index * 5_000 + 4_000,
      text,
      status: 'ok',
      at: at + index * 5_000,
    });
}

async function seedLedger(dataDir: string, records: LedgerRecord[]) {
  const meter = await openUsageMeter({ dataDir, settings: NO_BUDGET_SETTINGS, source: 'cli', storeWriteDelayMs: 0 });
  for (const r of records) await meter.record(r as LedgerRequestRecord);
  await meter.close();
}

async function setUp() {
  const dataDir = tempDir();
  const store = new TranscriptStore(join(dataDir, 'transcripts'));
  const older = '20261215T090000-aaaaaaaa';
  const newer = '20261216T100000-bbbbbbbb';
  const unmetered = '20261214T080000-cccccccc';
  await writeTranscript(
    store,
    older,
    [`کتاب${ZWNJ}های تازه را خواندم.`, 'ساعت ۱۲ تمام شد.'],
    Date.UTC(2026, 11, 15, 9),
  );
  await writeTranscript(store, newer, ['سلام دنیا'], Date.UTC(2026, 11, 16, 10));
  await writeTranscript(store, unmetered, ['متنی بدون سابقهٔ هزینه'], Date.UTC(2026, 11, 14, 8));
  // A failed chunk in the older dictation: no text, so it is counted apart and its failed request costs nothing.
  await store.append(older, { index: 2, startMs: 10_000, endMs: 14_000, text: '', status: 'failed', at: NOW });
  await seedLedger(dataDir, [
    request(older, Date.UTC(2026, 11, 15, 9, 0, 5), 1_000),
    request(older, Date.UTC(2026, 11, 15, 9, 0, 10), 2_500, { model: 'gpt-4o-mini-transcribe' }),
    request(older, Date.UTC(2026, 11, 15, 9, 0, 15), 0, { outcome: 'failed', errorCode: 'server_error' }),
    request(newer, Date.UTC(2026, 11, 16, 10, 0, 5), 700),
  ]);
  const core = await openAppCore({ dataDir, host: 'browser', version: '0', env: {}, apiKey: () => '', now: () => NOW });
  cores.push(core);
  return { core, dataDir, older, newer, unmetered };
}

async function list(core: AppCore, query: string, page = 0, pageSize = 10): Promise<HistoryPageView> {
  const result = await core.handle('history.list', { query, page, pageSize });
  if (!result.ok) throw new Error(result.message.en);
  return result.value as HistoryPageView;
}

describe('history: transcripts joined to their ledger records', () => {
  it(
    'lists newest first with date, length, words, models and the cost from the ledger, or says ' + 'it has none',
    async () => {
      const { core, older, newer, unmetered } = await setUp();
      const page = await list(core, '');
      expect(page.total).toBe(3);
      expect(page.entries.map((e) => e.sessionId)).toEqual([newer, older, unmetered]);
      const [first, second, third] = page.entries;
      expect(second.text).toBe(`کتاب${ZWNJ}های تازه را خواندم. ساعت ۱۲ تمام شد.`);
      expect(second.models).toEqual(['gpt-4o-mini-transcribe', 'whisper-1']);
      expect(second.cost).toEqual({ costMicros: 3_500, requests: 3, failedRequests: 1 });
      expect(second.chunksWithoutText).toBe(1);
      // No end summary in the ledger: the length is the span its chunks cover.
      expect(second.audioMs).toBe(14_000);
      expect(second.words).toBe(8);
      expect(first.cost).toEqual({ costMicros: 700, requests: 1, failedRequests: 0 });
      // The ledger has no line of this dictation: no cost is made up.
      expect(third.cost).toBeNull();
      expect(third.models).toEqual([]);
      expect(third.startedAt).toBe(Date.UTC(2026, 11, 14, 8));
    },
  );

  it('the cost of each dictation is the one the usage tab’s sessions list shows', async () => {
    const { core } = await setUp();
    const history = await list(core, '');
    const sessions = (await core.handle('usage.sessions', { page: 0, pageSize: 50 })) as {
      ok: true;
      value: UsageSessionsView;
    };
    for (const entry of history.entries.filter((e) => e.cost)) {
      const row = sessions.value.sessions.find((s) => s.sessionId === entry.sessionId);
      expect(row?.costMicros).toBe(entry.cost?.costMicros);
      expect(row?.requests).toBe(entry.cost?.requests);
    }
  });

  it('searches all of history whatever the spelling: ك and a space find ک and a half-space', async () => {
    const { core, older } = await setUp();
    for (const query of ['كتاب ها', 'کتابهای', 'كتاب‌هاي تازه', '12', '١٢ تمام']) {
      const found = await list(core, query);
      expect(
        found.entries.map((e) => e.sessionId),
        query,
      ).toEqual([older]);
    }
    expect((await list(core, 'چیزی که نیست')).total).toBe(0);
  });

  it('a transcript that grows after a search is searched as it is now (nothing stale is kept)', async () => {
    const { core, dataDir, newer } = await setUp();
    expect((await list(core, 'خداحافظ')).total).toBe(0);
    await new TranscriptStore(join(dataDir, 'transcripts')).append(newer, {
      index: 1,
      startMs: 5_000,
      endMs: 9_000,
      text: 'خداحافظ',
      status: 'ok',
      at: NOW,
    });
    const found = await list(core, 'خدا حافظ');
    expect(found.entries.map((e) => [e.sessionId, e.text])).toEqual([[newer, 'سلام دنیا خداحافظ']]);
  });

  it('pages through the matches', async () => {
    const { core, newer, older, unmetered } = await setUp();
    const pages = [await list(core, '', 0, 2), await list(core, '', 1, 2)];
    expect(pages.map((p) => p.entries.map((e) => e.sessionId))).toEqual([[newer, older], [unmetered]]);
    expect(pages.map((p) => p.total)).toEqual([3, 3]);
  });

  it('deleting removes the transcript only: the ledger keeps its cost', async () => {
    const { core, dataDir, older } = await setUp();
    const ledgerBefore = readFileSync(join(dataDir, 'usage-ledger.jsonl'), 'utf8');
    const totalBefore = await core.handle('usage.summary', {});
    expect(await core.handle('history.delete', { sessionId: older })).toEqual({
      ok: true,
      value: { sessionId: older, deleted: true },
    });
    expect(existsSync(join(dataDir, 'transcripts', `${older}.jsonl`))).toBe(false);
    expect((await list(core, '')).entries.map((e) => e.sessionId)).not.toContain(older);
    expect(readFileSync(join(dataDir, 'usage-ledger.jsonl'), 'utf8')).toBe(ledgerBefore);
    expect(await core.handle('usage.summary', {})).toEqual(totalBefore);
    expect(await core.handle('history.delete', { sessionId: older })).toMatchObject({ value: { deleted: false } });
  });

  it('refuses an id that is not a session id (no path tricks) and a dictation still being written', async () => {
    const { core } = await setUp();
    for (const sessionId of ['../settings', 'a/b', '', 'x'.repeat(300)])
      expect(await core.handle('history.delete', { sessionId })).toMatchObject({ ok: false, code: 'invalid_payload' });
    expect(await core.handle('history.list', { query: 'x', page: -1, pageSize: 10 })).toMatchObject({ ok: false });

    const dataDir = tempDir();
    const store = new TranscriptStore(join(dataDir, 'transcripts'));
    await writeTranscript(store, 'live-1', ['در حال نوشتن'], NOW);
    const history = createHistoryService({
      transcripts: store,
      records: async () => [],
      activeSession: () => 'live-1',
    });
    await expect(history.delete('live-1')).rejects.toMatchObject({ code: 'dictation_in_progress' });
    expect(existsSync(join(dataDir, 'transcripts', 'live-1.jsonl'))).toBe(true);
  });
});
