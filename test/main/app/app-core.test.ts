import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppEvent, ChunkEvent, StatsEvent } from '../../../src-shared/app-contract/events';
import type { UsageSummaryView } from '../../../src-shared/app-contract/views';
import { openAppCore, type AppCore } from '../../../src-main/app/app-core';
import { openUsageMeter } from '../../../src-main/usage/usage-meter';
import { startFakeOpenAiServer, type FakeServer } from '../../support/fake-openai-server';
import { buildSpeechFixture, PERSIAN_SENTENCES, type SpeechFixture } from '../../support/speech-fixtures';
import { tempDir } from '../../integration/cli-harness';
import { until } from '../../support/until';
import { NO_BUDGET_SETTINGS } from '../../support/meter-settings';

const PIECE = 640; // 40 ms, as the window's AudioWorklet sends it
let fixture: SpeechFixture;
let server: FakeServer;
const cores: AppCore[] = [];

beforeAll(async () => {
  fixture = await buildSpeechFixture({ sentences: PERSIAN_SENTENCES.slice(0, 3), gapsMs: [1800, 1600] });
  server = await startFakeOpenAiServer({ apiKey: 'sk-core' });
});
afterAll(async () => server?.close());
afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.close()));
});

async function open(settings: Record<string, unknown> = {}, env: Record<string, string> = {}) {
  const dataDir = tempDir();
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ baseUrl: server.baseUrl, ...settings }));
  const core = await openAppCore({
    dataDir,
    host: 'browser',
    version: '0.1.0',
    env,
    apiKey: () => 'sk-core',
    retry: { baseDelayMs: 1, maxDelayMs: 4 },
  });
  cores.push(core);
  const events: AppEvent[] = [];
  core.subscribe((event) => events.push(event));
  return { core, events, dataDir };
}

function speak(core: AppCore, pcm: Int16Array): void {
  for (let at = 0; at < pcm.length; at += PIECE) core.pushAudio(pcm.slice(at, at + PIECE));
}

const states = (events: AppEvent[]) => events.filter((e) => e.type === 'state').map((e) => e.state);
const lastChunks = (events: AppEvent[]) => {
  const byIndex = new Map<number, ChunkEvent>();
  for (const e of events) if (e.type === 'chunk') byIndex.set(e.index, e);
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
};
const lastStats = (events: AppEvent[]) => events.filter((e): e is StatsEvent => e.type === 'stats').at(-1);
const lastUsage = (events: AppEvent[]) =>
  events.filter((e) => e.type === 'usage').at(-1) as { summary: UsageSummaryView } | undefined;

describe('app core: a dictation from microphone frames to text, stats and usage', () => {
  it(
    'shows each sentence as Persian text in spoken order, and stats and usage move by exactly ' + 'what was billed',
    async () => {
      const { core, events } = await open();
      const before = await core.handle('usage.summary', {});
      expect(before.ok).toBe(true);
      const started = await core.handle('dictation.start', {});
      expect(started.ok).toBe(true);
      const sessionId = (started as { value: { sessionId: string } }).value.sessionId;

      const firstPause = Math.floor((fixture.speech[1].startMs * 16_000) / 1000);
      speak(core, fixture.pcm.subarray(0, firstPause));
      // The first sentence comes back while the person is still "speaking" (no stop yet).
      const first = await until(() => lastChunks(events).find((c) => c.status === 'ok'));
      expect(first.text).toContain('آزمایشی قطعه 0');
      expect(states(events)).toContain('listening');

      speak(core, fixture.pcm.subarray(firstPause));
      expect((await core.handle('dictation.stop', {})).ok).toBe(true);
      await until(() => states(events).at(-1) === 'idle');

      const chunks = lastChunks(events);
      expect(chunks.map((c) => c.status)).toEqual(['ok', 'ok', 'ok']);
      expect(chunks.every((c) => c.sessionId === sessionId)).toBe(true);
      expect(chunks.map((c) => c.index)).toEqual([0, 1, 2]);
      expect(states(events)).toEqual(['idle', 'starting', 'starting', 'listening', 'sending', 'idle']);

      // gpt-transcribe (the default) bills whole seconds at $0.0045/min (75 µ$ a second): what the server said it
      // billed is what the window shows.
      const billedSeconds = server.requests
        .slice(-3)
        .reduce((sum, r) => sum + Math.ceil((r.durationMs ?? 0) / 1000), 0);
      const stats = lastStats(events)!;
      expect(stats.requests).toBe(3);
      expect(stats.failedRequests).toBe(0);
      expect(stats.costMicros).toBe(billedSeconds * 75);
      expect(stats.costMicros).toBe(chunks.reduce((sum, c) => sum + c.costMicros, 0));
      expect(stats.words).toBeGreaterThan(20);
      expect(stats.recordedMs).toBe(Math.floor(fixture.durationMs));
      expect(stats.lastLatencyMs).not.toBeNull();
      const usage = await until(() => lastUsage(events)?.summary.today.requests === 3 && lastUsage(events));
      expect(usage.summary.today.costMicros).toBe(billedSeconds * 75);
    },
  );

  it('refuses malformed commands with a bilingual error value and keeps working', async () => {
    const { core } = await open();
    const unknown = await core.handle('dictation.explode', {});
    expect(unknown).toMatchObject({ ok: false, code: 'unknown_command' });
    const bad = await core.handle('dictation.sendAnyway', { sessionId: 42, index: -1 });
    expect(bad).toMatchObject({ ok: false, code: 'invalid_payload' });
    expect((bad as { message: { fa: string; en: string } }).message.fa).toMatch(/نادرست/);
    expect(await core.handle('settings.set', { key: 'budget.dailyUsd', value: -5 })).toMatchObject({
      ok: false,
      code: 'invalid_setting',
    });
    expect(await core.handle('settings.set', { key: 'nope', value: 1 })).toMatchObject({
      ok: false,
      code: 'invalid_setting',
    });
    const set = await core.handle('settings.set', { key: 'mic.keepWarm', value: true });
    expect(set).toMatchObject({ ok: true, value: { mic: { keepWarm: true } } });
    expect(await core.handle('dictation.retry', { sessionId: 'gone', index: 0 })).toMatchObject({
      ok: false,
      code: 'not_in_spool',
    });
    expect((await core.handle('app.info', {})).ok).toBe(true);
  });

  it('a second Record while recording is refused; stop with nothing open is harmless', async () => {
    const { core } = await open();
    expect(await core.handle('dictation.stop', {})).toEqual({ ok: true, value: { sessionId: null } });
    expect((await core.handle('dictation.start', {})).ok).toBe(true);
    expect(await core.handle('dictation.start', {})).toMatchObject({ ok: false, code: 'already_recording' });
    await core.handle('dictation.cancel', {});
  });

  it('without a key for OpenAI it says so before recording', async () => {
    const dataDir = tempDir();
    const core = await openAppCore({ dataDir, host: 'browser', version: '0', env: {}, apiKey: () => '' });
    cores.push(core);
    const result = await core.handle('dictation.start', {});
    expect(result).toMatchObject({ ok: false, code: 'no_api_key' });
    expect((result as { message: { en: string } }).message.en).toContain('OPENAI_API_KEY');
  });

  it('a budget that blocks keeps the chunk, warns, and "send anyway" sends it and bills it', async () => {
    const { core, events } = await open({ budget: { dailyUsd: 0.0001, blockAtLimit: true } });
    const requestsBefore = server.requests.length;
    await core.handle('dictation.start', {});
    speak(core, fixture.pcm.subarray(0, Math.floor((fixture.speech[1].startMs * 16_000) / 1000)));
    await core.handle('dictation.stop', {});
    await until(() => states(events).at(-1) === 'blocked');
    const [blocked] = lastChunks(events);
    expect(blocked.status).toBe('blocked');
    expect(blocked.error?.code).toBe('daily_limit');
    expect(server.requests.length).toBe(requestsBefore);

    const sent = await core.handle('dictation.sendAnyway', { sessionId: blocked.sessionId, index: blocked.index });
    expect(sent).toEqual({ ok: true, value: { queued: 1 } });
    await until(() => lastChunks(events)[0].status === 'ok');
    expect(server.requests.length).toBe(requestsBefore + 1);
    await until(() => states(events).at(-1) === 'idle');
    expect(lastStats(events)?.costMicros).toBeGreaterThan(0);
    // The budget was crossed by the consented request: the person is told.
    expect(events.some((e) => e.type === 'warning' && e.scope === 'daily')).toBe(true);
  });

  it('usage written by another process (the CLI) reaches the window without polling', async () => {
    const { events, dataDir } = await open();
    const cli = await openUsageMeter({
      dataDir,
      settings: NO_BUDGET_SETTINGS,
      source: 'cli',
    });
    await cli.record({
      kind: 'request',
      id: 'cli-1',
      at: Date.now(),
      sessionId: 'cli-s',
      model: 'whisper-1',
      provider: 'openai',
      audioMs: 60_000,
      billed: { type: 'duration', seconds: 60 },
      billedSeconds: 60,
      costMicros: 6000,
      outcome: 'ok',
      source: 'cli',
    });
    await cli.close();
    const usage = await until(() => lastUsage(events)?.summary.today.costMicros === 6000 && lastUsage(events));
    expect(usage.summary.today.requests).toBe(1);
  });
});
