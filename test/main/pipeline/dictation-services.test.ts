import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../../src-shared/settings/settings-schema';
import type { LedgerRequestRecord } from '../../../src-shared/usage/ledger-record';
import { openDictationServices } from '../../../src-main/pipeline/dictation-services';
import type { SessionEvent } from '../../../src-main/pipeline/dictation-session';
import type { Transcriber } from '../../../src-main/transcription/types';
import { TranscriptionError } from '../../../src-main/transcription/transcription-error';
import { openUsageMeter } from '../../../src-main/usage/usage-meter';
import { tempDir } from '../../integration/cli-harness';
import { useFakeOpenAiServers } from '../../support/fake-openai-server';
import { chunk, deferred, waitFor } from './session-harness';

const startServer = useFakeOpenAiServers();
const NOW = Date.UTC(2026, 5, 1, 12);
const fixedText: Transcriber = { transcribe: async () => ({ text: 'سلام' }) };

async function requestsIn(services: Awaited<ReturnType<typeof openDictationServices>>) {
  return (await services.meter.records()).filter((r): r is LedgerRequestRecord => r.kind === 'request');
}

describe('the services a dictation is built from', () => {
  it('the OpenAI client is made from the settings and key: the endpoint, model and key the person set', async () => {
    const server = await startServer({ apiKey: 'sk-the-key', transcribe: () => 'از سرور' });
    const dataDir = tempDir();
    const settings: Settings = { ...DEFAULT_SETTINGS, baseUrl: server.baseUrl, model: 'whisper-1' };
    const services = await openDictationServices({ dataDir, settings, apiKey: 'sk-the-key', source: 'app' });
    expect(services.settings).toBe(settings);
    expect(services.journalRoot).toBe(join(dataDir, 'journal'));
    expect(services.spool.root).toBe(join(dataDir, 'spool'));
    expect(services.transcripts.root).toBe(join(dataDir, 'transcripts'));
    const session = services.newSession();
    await session.addChunk(chunk(0));
    const result = await session.finish();
    expect(result.text).toBe('از سرور');
    expect(server.requests.map((r) => [r.model, r.language, r.authorization])).toEqual([
      ['whisper-1', 'fa', 'Bearer sk-the-key'],
    ]);
    const [record] = await requestsIn(services);
    expect(record).toMatchObject({ source: 'app', provider: 'openai', model: 'whisper-1', costMicros: 200 });
    await services.close();
  });

  it('a model outside the catalogue is priced at the price per minute set in dollars', async () => {
    const dataDir = tempDir();
    const settings: Settings = { ...DEFAULT_SETTINGS, model: 'my-model', customPricePerMinuteUsd: 0.06 };
    const services = await openDictationServices({
      dataDir,
      settings,
      apiKey: 'k',
      source: 'cli',
      transcriber: fixedText,
      now: () => NOW,
    });
    const session = services.newSession();
    await session.addChunk(chunk(0, 3000));
    const result = await session.finish();
    expect(result.usage.costMicros).toBe(3000);
    const [record] = await requestsIn(services);
    expect(record).toMatchObject({ source: 'cli', provider: 'custom', costMicros: 3000, at: NOW });
    expect(record).not.toHaveProperty('priceUnknown');
    await services.close();

    // No price set: never metered as free, marked "price unknown" instead.
    const unpriced = await openDictationServices({
      dataDir: tempDir(),
      settings: { ...settings, customPricePerMinuteUsd: null },
      apiKey: 'k',
      source: 'cli',
      transcriber: fixedText,
    });
    const second = unpriced.newSession();
    await second.addChunk(chunk(0, 3000));
    await second.finish();
    expect((await requestsIn(unpriced))[0]).toMatchObject({ priceUnknown: true });
    await unpriced.close();
  });

  it('the edit settings reach the text: digits, the Persian editor, and how many requests at once', async () => {
    let inFlight = 0;
    let most = 0;
    let calls = 0;
    // After the first, answers wait until every chunk is queued: the requests at once are then the setting's.
    const queued = deferred<void>();
    const slow: Transcriber = {
      transcribe: async () => {
        calls += 1;
        inFlight += 1;
        most = Math.max(most, inFlight);
        if (calls > 1) await queued.promise;
        inFlight -= 1;
        return { text: 'كتاب 12' };
      },
    };
    const settings: Settings = { ...DEFAULT_SETTINGS, digits: 'persian', maxConcurrentRequests: 2 };
    const services = await openDictationServices({
      dataDir: tempDir(),
      settings,
      apiKey: 'k',
      source: 'cli',
      transcriber: slow,
    });
    const session = services.newSession();
    for (const i of [0, 1, 2, 3]) await session.addChunk(chunk(i, 500));
    const finished = session.finish();
    await waitFor(() => inFlight === 2);
    queued.resolve();
    expect((await finished).text).toBe('کتاب ۱۲ کتاب ۱۲ کتاب ۱۲ کتاب ۱۲');
    expect(most).toBe(2);
    await services.close();

    const raw = await openDictationServices({
      dataDir: tempDir(),
      settings: { ...DEFAULT_SETTINGS, persianEditor: false },
      apiKey: 'k',
      source: 'cli',
      transcriber: slow,
    });
    const unedited = raw.newSession();
    await unedited.addChunk(chunk(0, 500));
    expect((await unedited.finish()).text).toBe('كتاب 12');
    await raw.close();
  });

  it('a spent budget keeps audio back, unless the person chose "send anyway": then it is sent and metered', async () => {
    const dataDir = tempDir();
    const settings: Settings = {
      ...DEFAULT_SETTINGS,
      model: 'whisper-1',
      budget: { ...DEFAULT_SETTINGS.budget, dailyUsd: 0.0001, blockAtLimit: true },
    };
    const services = await openDictationServices({
      dataDir,
      settings,
      apiKey: 'k',
      source: 'cli',
      transcriber: fixedText,
    });
    const refused = services.newSession();
    await refused.addChunk(chunk(0));
    const kept = await refused.finish();
    expect(kept.chunks.map((c) => [c.status, c.errorCode])).toEqual([['blocked', 'daily_limit']]);
    expect(await requestsIn(services)).toHaveLength(0);

    const events: SessionEvent[] = [];
    const consented = services.newSession((event) => events.push(event), { budgetOverride: true });
    await consented.addChunk(chunk(0));
    const sent = await consented.finish();
    expect(sent.text).toBe('سلام');
    expect((await requestsIn(services)).map((r) => [r.outcome, r.costMicros])).toEqual([['ok', 200]]);
    // Still metered: the warning that the limit is passed reaches the person, and the session is in the ledger.
    expect(events.some((e) => e.type === 'warning' && e.warning.level === 'limit')).toBe(true);
    const ledger = await services.meter.records();
    expect(ledger.filter((r) => 'sessionId' in r && r.sessionId === sent.sessionId).map((r) => r.kind)).toEqual([
      'session-start',
      'request',
      'session',
    ]);
    await services.close();
  });

  it('with consent, failed requests are still recorded, and a session may bring its own retry rule', async () => {
    const dataDir = tempDir();
    let calls = 0;
    const failing: Transcriber = {
      transcribe: async () => {
        calls += 1;
        throw new TranscriptionError('server', { retryable: true, status: 500 });
      },
    };
    const services = await openDictationServices({
      dataDir,
      settings: DEFAULT_SETTINGS,
      apiKey: 'k',
      source: 'cli',
      transcriber: failing,
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
    });
    const stopped = services.newSession(undefined, { budgetOverride: true });
    await stopped.addChunk(chunk(0));
    stopped.stopTaking();
    await stopped.finish();
    expect(calls).toBe(0);
    // Its own retry rule (one attempt) replaces the services' (three).
    const once = services.newSession(undefined, { budgetOverride: true, retry: { maxAttempts: 1 } });
    await once.addChunk(chunk(1));
    await once.finish();
    expect(calls).toBe(1);
    const usual = services.newSession(undefined, { budgetOverride: true });
    await usual.addChunk(chunk(2));
    await usual.finish();
    expect(calls).toBe(4);
    expect((await requestsIn(services)).map((r) => r.outcome)).toEqual(['failed', 'failed', 'failed', 'failed']);
    await services.close();
  });

  it('a session given the app outage port waits for the network instead of failing', async () => {
    const services = await openDictationServices({
      dataDir: tempDir(),
      settings: DEFAULT_SETTINGS,
      apiKey: 'k',
      source: 'app',
      transcriber: fixedText,
    });
    const events: SessionEvent[] = [];
    const session = services.newSession((e) => events.push(e), {
      outage: { isDown: () => true, reportDown: () => undefined },
    });
    await session.addChunk(chunk(0));
    await session.finish();
    expect(events.some((e) => e.type === 'error' && e.code === 'waiting_for_network')).toBe(true);
    expect((await services.spool.list())[0].meta.outage).toBe(true);
    await services.close();
  });

  it('a meter the app shares stays open when the services close; their own meter is closed', async () => {
    const dataDir = tempDir();
    const shared = await openUsageMeter({ dataDir, settings: DEFAULT_SETTINGS, source: 'app' });
    const services = await openDictationServices({
      dataDir,
      settings: DEFAULT_SETTINGS,
      apiKey: 'k',
      source: 'app',
      transcriber: fixedText,
      meter: shared,
    });
    expect(services.meter).toBe(shared);
    await services.close();
    const session = services.newSession();
    await session.addChunk(chunk(0));
    expect((await session.finish()).text).toBe('سلام');
    expect((await shared.records()).filter((r) => r.kind === 'request')).toHaveLength(1);
    await shared.close();

    const own = await openDictationServices({
      dataDir: tempDir(),
      settings: DEFAULT_SETTINGS,
      apiKey: 'k',
      source: 'app',
      transcriber: fixedText,
    });
    await own.close();
    const after = own.newSession();
    await after.addChunk(chunk(0));
    await expect(after.finish()).rejects.toThrow();
  });
});
