import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { AppEvent, ChunkEvent } from '../../src-shared/app-contract/events';
import type { WaitingAudioView } from '../../src-shared/app-contract/waiting-audio';
import type { UsageSummaryView } from '../../src-shared/app-contract/views';
import { WAITING_FOR_NETWORK } from '../../src-shared/app-contract/waiting-audio';
import { openAppCore, type AppCore } from '../../src-main/app/app-core';
import { TranscriptStore } from '../../src-main/pipeline/transcript-store';
import { openAiFailures, startFakeOpenAiServer, type FakeServer } from '../support/fake-openai-server';
import { buildSpeechFixture, PERSIAN_SENTENCES, type SpeechFixture } from '../support/speech-fixtures';
import { tempDir } from './cli-harness';
import { until } from '../support/until';

const PIECE = 640;
let fixture: SpeechFixture;
const cores: AppCore[] = [];
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  fixture = await buildSpeechFixture({ sentences: PERSIAN_SENTENCES.slice(3, 6), gapsMs: [1800, 1600] });
});
afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.close()));
  for (const close of closers.splice(0)) await close();
});

/**
 * A TCP switch in front of the test server on a fixed port: `down()` stops listening (the next connection is
 * refused, as when the network or the endpoint is gone), `up()` listens on the same port again.
 */
async function tcpSwitch(target: number) {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((client) => {
        const upstream = connect(target, '127.0.0.1');
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => socket.destroy());
        }
        client.pipe(upstream);
        upstream.pipe(client);
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as AddressInfo).port;
        resolve();
      });
    });
  await listen();
  const down = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      if (!server) return resolve();
      server.close(() => resolve());
      server = null;
    });
  return {
    get port() {
      return port;
    },
    up: listen,
    down,
  };
}

async function setup(settings: Record<string, unknown> = {}) {
  const server: FakeServer = await startFakeOpenAiServer({ apiKey: 'sk-outage' });
  const gate = await tcpSwitch(Number(new URL(server.baseUrl).port));
  closers.push(async () => {
    await gate.down();
    await server.close();
  });
  const dataDir = tempDir();
  writeFileSync(
    join(dataDir, 'settings.json'),
    JSON.stringify({
      baseUrl: `http://127.0.0.1:${gate.port}/v1`,
      // The model is named so the billing check below prices it exactly (whole seconds at $0.006 a minute).
      model: 'whisper-1',
      maxConcurrentRequests: 1,
      ...settings,
    }),
  );
  const core = await openAppCore({
    dataDir,
    host: 'browser',
    version: '0',
    env: {},
    apiKey: () => 'sk-outage',
    retry: { baseDelayMs: 1, maxDelayMs: 4 },
    // Real time, short waits: the backoff itself is checked with a fake clock in the resender's unit tests.
    resender: { baseDelayMs: 100, maxDelayMs: 400 },
  });
  cores.push(core);
  const events: AppEvent[] = [];
  core.subscribe((event) => events.push(event));
  return { server, gate, core, events, dataDir };
}

function speak(core: AppCore, pcm: Int16Array): void {
  for (let at = 0; at < pcm.length; at += PIECE) core.pushAudio(pcm.slice(at, at + PIECE));
}

const lastChunks = (events: AppEvent[], sessionId: string) => {
  const byIndex = new Map<number, ChunkEvent>();
  for (const e of events) if (e.type === 'chunk' && e.sessionId === sessionId) byIndex.set(e.index, e);
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
};

async function waiting(core: AppCore): Promise<WaitingAudioView> {
  const result = await core.handle('spool.list', {});
  if (!result.ok) throw new Error(result.message.en);
  return result.value as WaitingAudioView;
}

describe('offline on its own: the endpoint goes away during a dictation and comes back', () => {
  it('recording goes on, chunks wait for the network, then each is sent once, in order, billed once', async () => {
    const { server, gate, core, events, dataDir } = await setup();
    await gate.down();
    const started = await core.handle('dictation.start', {});
    expect(started.ok).toBe(true);
    const { sessionId } = (started as { value: { sessionId: string } }).value;
    speak(core, fixture.pcm);
    expect((await core.handle('dictation.stop', {})).ok).toBe(true);

    // Every chunk of the dictation is kept, shown as waiting for the network; the banner's state says so too.
    const held = await until(() => {
      const chunks = lastChunks(events, sessionId);
      return chunks.length === 3 && chunks.every((c) => c.error?.code === WAITING_FOR_NETWORK) && chunks;
    });
    expect(held.map((c) => c.status)).toEqual(['failed', 'failed', 'failed']);
    expect(held[0].error?.message.fa).toContain('در انتظار اتصال');
    await until(() => events.some((e) => e.type === 'spool' && e.network.state === 'waiting'));
    const list = await waiting(core);
    expect(list.items.map((i) => [i.sessionId, i.index, i.reason])).toEqual([
      [sessionId, 0, 'network'],
      [sessionId, 1, 'network'],
      [sessionId, 2, 'network'],
    ]);
    expect(list.items.every((i) => i.costMicros > 0 && i.audioMs > 0)).toBe(true);
    expect(server.requests).toHaveLength(0);

    // Down for a while (several probes), then back: nobody presses anything.
    await until(() => events.filter((e) => e.type === 'spool' && e.network.state === 'probing').length >= 3, 30_000);
    await gate.up();
    const done = await until(() => {
      const chunks = lastChunks(events, sessionId);
      return chunks.length === 3 && chunks.every((c) => c.status === 'ok') && chunks;
    }, 30_000);
    await until(() => events.some((e) => e.type === 'spool' && e.network.state === 'online'));
    expect((await waiting(core)).items).toEqual([]);

    // Each chunk reached the server once, and its text sits in its own dictation's transcript, in spoken order.
    const answered = server.requests.filter((r) => r.status === 200);
    expect(answered).toHaveLength(3);
    expect(server.requests).toHaveLength(3);
    expect(done.map((c) => c.text)).toEqual([
      expect.stringContaining('قطعه 0'),
      expect.stringContaining('قطعه 1'),
      expect.stringContaining('قطعه 2'),
    ]);
    const stored = await new TranscriptStore(join(dataDir, 'transcripts')).read(sessionId);
    expect(stored.map((p) => [p.index, p.status])).toEqual([
      [0, 'ok'],
      [1, 'ok'],
      [2, 'ok'],
    ]);
    expect(stored.map((p) => p.text)).toEqual(done.map((c) => c.text));

    // The meter says exactly what the server billed: whole seconds of whisper-1 at $0.006 a minute.
    const billedMicros = answered.reduce((sum, r) => sum + Math.ceil((r.durationMs ?? 0) / 1000) * 100, 0);
    const summary = (await core.handle('usage.summary', {})) as { ok: true; value: UsageSummaryView };
    expect(summary.value.today.costMicros).toBe(billedMicros);
    expect(summary.value.today.unknownRequests ?? 0).toBe(0);
  }, 90_000);

  it('an endpoint answering 503 for a while: the chunks wait and are sent once it answers, the ' +
    '503s are free', async () => {
    const { server, core, events, dataDir } = await setup();
    // Five refusals for the first chunk's own retries, then seven for the resender's probes: then it is back.
    server.failNext(12, openAiFailures.serverError(503));
    const started = await core.handle('dictation.start', {});
    const { sessionId } = (started as { value: { sessionId: string } }).value;
    speak(core, fixture.pcm);
    await core.handle('dictation.stop', {});
    await until(() => events.some((e) => e.type === 'spool' && e.network.state === 'waiting'));
    const done = await until(() => {
      const chunks = lastChunks(events, sessionId);
      return chunks.length === 3 && chunks.every((c) => c.status === 'ok') && chunks;
    }, 30_000);
    const failed = server.requests.filter((r) => r.status === 503);
    const answered = server.requests.filter((r) => r.status === 200);
    expect(failed).toHaveLength(12);
    expect(answered).toHaveLength(3);
    expect(done.map((c) => c.text)).toEqual([
      expect.stringContaining('قطعه 0'),
      expect.stringContaining('قطعه 1'),
      expect.stringContaining('قطعه 2'),
    ]);
    const stored = await new TranscriptStore(join(dataDir, 'transcripts')).read(sessionId);
    expect(stored.map((p) => p.index)).toEqual([0, 1, 2]);
    const billedMicros = answered.reduce((sum, r) => sum + Math.ceil((r.durationMs ?? 0) / 1000) * 100, 0);
    const summary = (await core.handle('usage.summary', {})) as { ok: true; value: UsageSummaryView };
    expect(summary.value.today.costMicros).toBe(billedMicros);
    expect(summary.value.today.requests).toBe(15);
    expect(summary.value.today.failedRequests).toBe(12);
  }, 60_000);

  it('a chunk a budget refuses is not sent by "send now" nor by the resender; "send anyway" ' +
    'sends it once', async () => {
    // A daily budget of a tenth of a cent, blocking: no chunk of a few seconds fits.
    const { server, gate, core, events } = await setup({ budget: { dailyUsd: 0.0001, blockAtLimit: true } });
    await gate.down();
    const started = await core.handle('dictation.start', {});
    const { sessionId } = (started as { value: { sessionId: string } }).value;
    speak(core, fixture.pcm.subarray(0, Math.floor((fixture.speech[1].startMs * 16_000) / 1000)));
    await core.handle('dictation.stop', {});
    // Refused by the budget before any request: the network is never tried, the chunk waits for the person.
    const blocked = await until(() => lastChunks(events, sessionId).find((c) => c.status === 'blocked'));
    expect(blocked.index).toBe(0);
    const list = await waiting(core);
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ reason: 'budget', crossesBudget: true, busy: false });
    await gate.up();
    // Without consent the gate still refuses it: nothing reaches the server.
    // The send runs (a dictation state 'sending', then 'blocked' again) and gives the chunk back to the spool.
    const blockedStates = () => events.filter((e) => e.type === 'state' && e.state === 'blocked').length;
    const before = blockedStates();
    const plain = await core.handle('spool.send', { ids: [{ sessionId, index: 0 }] });
    expect(plain).toMatchObject({ ok: true, value: { queued: 1, busy: 0 } });
    await until(() => blockedStates() > before);
    while ((await waiting(core)).items[0]?.busy) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(server.requests).toHaveLength(0);
    // With it ("send anyway", asked in the window's dialog) it is sent once and billed.
    const consented = await core.handle('spool.send', { ids: [{ sessionId, index: 0 }], sendAnyway: true });
    expect(consented).toMatchObject({ ok: true, value: { queued: 1 } });
    const sent = await until(() => lastChunks(events, sessionId).find((c) => c.status === 'ok'));
    expect(sent.text).toContain('قطعه 0');
    expect(server.requests).toHaveLength(1);
    await until(() => events.some((e) => e.type === 'state' && e.state === 'idle'));
    expect((await waiting(core)).items).toEqual([]);
  }, 60_000);
});
