import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppEvent } from '../../../src-shared/app-contract/events';
import { openAppCore, type AppCore } from '../../../src-main/app/app-core';
import { startFakeOpenAiServer, type FakeServer } from '../../support/fake-openai-server';
import { buildSpeechFixture, PERSIAN_SENTENCES, type SpeechFixture } from '../../support/speech-fixtures';
import { tempDir } from '../../integration/cli-harness';
import { until } from '../../support/until';

const PIECE = 640;
let fixture: SpeechFixture;
let server: FakeServer;
const cores: AppCore[] = [];

beforeAll(async () => {
  fixture = await buildSpeechFixture({ sentences: PERSIAN_SENTENCES.slice(0, 2), gapsMs: [1500] });
  server = await startFakeOpenAiServer({ apiKey: 'sk-anywhere' });
});
afterAll(async () => server?.close());
afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.close()));
});

// Frames are pushed faster than real time; the clock moves 40 ms per frame as the microphone's would.
let clock = Date.now();

function speak(core: AppCore): void {
  for (let at = 0; at < fixture.pcm.length; at += PIECE) {
    core.pushAudio(fixture.pcm.slice(at, at + PIECE));
    clock += 40;
  }
}

async function open() {
  const dataDir = tempDir();
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ baseUrl: server.baseUrl }));
  const core = await openAppCore({
    dataDir,
    host: 'electron',
    version: '0',
    env: {},
    apiKey: () => 'sk-anywhere',
    now: () => clock,
  });
  cores.push(core);
  const events: AppEvent[] = [];
  core.subscribe((event) => events.push(event));
  return { core, events };
}

describe('app core: what the hotkey, tray, overlay and paste need', () => {
  it('a stopped dictation leaves its whole text as the last transcript, announced once', async () => {
    const { core, events } = await open();
    expect(await core.handle('transcript.last', {})).toEqual({ ok: true, value: null });
    const started = (await core.handle('dictation.start', {})) as { ok: true; value: { sessionId: string } };
    speak(core);
    await core.handle('dictation.stop', {});
    await until(() =>
      events.some((e) => e.type === 'state' && e.state === 'idle' && e.sessionId === started.value.sessionId),
    );

    const announced = events.filter((e) => e.type === 'transcript');
    expect(announced).toHaveLength(1);
    expect(announced[0]).toMatchObject({ sessionId: started.value.sessionId });
    const text = (announced[0] as { text: string }).text;
    expect(text).toContain('آزمایشی قطعه 0');
    expect(text).toContain('آزمایشی قطعه 1');
    // The text is announced before the state goes idle, so a host pastes it as the overlay says "done".
    const at = events.indexOf(announced[0]);
    expect(events.slice(at).some((e) => e.type === 'state' && e.state === 'idle')).toBe(true);
    expect(await core.handle('transcript.last', {})).toMatchObject({
      ok: true,
      value: { sessionId: started.value.sessionId, text },
    });

    // Loudness went out while listening, throttled (not one event per 40 ms frame), louder while speaking.
    const levels = events.filter((e) => e.type === 'level') as Array<{ dbfs: number }>;
    const frames = Math.ceil(fixture.pcm.length / PIECE);
    // 100 ms apart: about one event per 2.5 frames of 40 ms.
    expect(levels.length).toBeGreaterThan(frames / 3);
    expect(levels.length).toBeLessThan(frames / 2);
    expect(Math.max(...levels.map((l) => l.dbfs))).toBeGreaterThan(-30);
    expect(Math.min(...levels.map((l) => l.dbfs))).toBeLessThan(-45);
    expect(levels.every((l) => l.dbfs <= 0 && l.dbfs >= -100)).toBe(true);
  });

  it('a cancelled dictation is not offered for pasting', async () => {
    const { core, events } = await open();
    await core.handle('dictation.start', {});
    speak(core);
    await core.handle('dictation.cancel', {});
    await until(() => events.some((e) => e.type === 'state' && e.state === 'idle' && e.sessionId !== null));
    expect(events.some((e) => e.type === 'transcript')).toBe(false);
    expect(await core.handle('transcript.last', {})).toEqual({ ok: true, value: null });
  });

  it('requests from a hotkey or the tray reach every listener as events; unknown actions are refused', async () => {
    const { core, events } = await open();
    expect(await core.handle('app.request', { action: 'toggle' })).toEqual({ ok: true, value: { action: 'toggle' } });
    expect(events.at(-1)).toEqual({ type: 'request', action: 'toggle' });
    expect(await core.handle('app.request', { action: 'format-disk' })).toMatchObject({
      ok: false,
      code: 'invalid_payload',
    });
  });

  it('a host problem is told now and to windows that open later, until cleared', async () => {
    const { core, events } = await open();
    const message = { fa: 'میان‌بر گرفته شده است.', en: 'The shortcut is taken.' };
    core.report?.('hotkey_unavailable', message);
    expect(events.at(-1)).toEqual({ type: 'error', code: 'hotkey_unavailable', message, sessionId: null });
    const late: AppEvent[] = [];
    core.subscribe((event) => late.push(event));
    expect(late).toContainEqual({ type: 'error', code: 'hotkey_unavailable', message, sessionId: null });
    core.report?.('hotkey_unavailable', null);
    const later: AppEvent[] = [];
    core.subscribe((event) => later.push(event));
    expect(later.some((e) => e.type === 'error')).toBe(false);
  });
});
