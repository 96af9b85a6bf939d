import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatUsd } from '../../../src-shared/money';
import { openAppCore } from '../../../src-main/app/app-core';
import { openSettingsStore } from '../../../src-main/settings/settings-store';
import { startFakeOpenAiServer, type FakeServer } from '../../support/fake-openai-server';
import { buildSpeechFixture, PERSIAN_SENTENCES, type SpeechFixture } from '../../support/speech-fixtures';
import { tempDir } from '../../integration/cli-harness';
import { until } from '../../support/until';

type MenuLine = { label?: string; enabled?: boolean; type?: string; click?: () => void };
const trays: Array<{ image: string; tooltip: string; menu: MenuLine[]; images: string[] }> = [];

// Electron's Tray and Menu exist only inside Electron; the edge is mocked so what the tray shows is checked under Node.
vi.mock('electron', () => ({
  nativeImage: { createFromPath: (path: string) => ({ path }) },
  Menu: { buildFromTemplate: (template: MenuLine[]) => template },
  Tray: class {
    state = { image: '', tooltip: '', menu: [] as MenuLine[], images: [] as string[] };
    constructor(image: { path: string }) {
      this.state.image = image.path;
      this.state.images.push(image.path);
      trays.push(this.state);
    }
    isDestroyed = () => false;
    setImage(image: { path: string }) {
      this.state.image = image.path;
      this.state.images.push(image.path);
    }
    setToolTip(text: string) {
      this.state.tooltip = text;
    }
    setContextMenu(menu: MenuLine[]) {
      this.state.menu = menu;
    }
    on() {}
    destroy() {}
  },
}));

const { setupTray } = await import('../../../src-main/electron/setup-tray');

let fixture: SpeechFixture;
let server: FakeServer;
beforeAll(async () => {
  fixture = await buildSpeechFixture({ sentences: PERSIAN_SENTENCES.slice(0, 3), gapsMs: [1500, 1500] });
  server = await startFakeOpenAiServer({ apiKey: 'sk-tray' });
});
afterAll(async () => server?.close());

const file = (path: string) => path.split('/').at(-1);

describe('tray', () => {
  it(
    'shows today and this month (minutes, cost, budget percent) and its icon state as each ' + 'chunk is metered',
    async () => {
      const dataDir = tempDir();
      // gpt-transcribe (the default) at $0.0045/min bills 75 µ$ a second: each sentence costs well under the 1500 µ$
      // daily
      // budget, all three over it.
      writeFileSync(
        join(dataDir, 'settings.json'),
        JSON.stringify({ baseUrl: server.baseUrl, uiLanguage: 'en', budget: { dailyUsd: 0.0015 } }),
      );
      const core = await openAppCore({ dataDir, host: 'electron', version: '0', env: {}, apiKey: () => 'sk-tray' });
      const actions = { openWindow: vi.fn(), quit: vi.fn() };
      const handle = setupTray(core, {
        assetsDir: '/app/assets',
        platform: 'linux',
        settings: () => openSettingsStore(dataDir).read(),
        hotkey: () => 'Control+Alt+Space',
        pasteLastHotkey: () => 'Control+Alt+V',
        actions,
      });
      const tray = trays.at(-1)!;
      await until(() => tray.menu.some((line) => line.label?.startsWith('Today')));
      expect(file(tray.image)).toBe('tray-idle.png');
      const labels = () => tray.menu.map((line) => line.label ?? '—');
      expect(labels()).toEqual([
        'Today: 0.0 min · $0.00 · 0% of budget',
        'This month: 0.0 min · $0.00',
        '—',
        'Start dictation (Ctrl+Alt+Space)',
        'Copy last transcript',
        'Paste last transcript again (Ctrl+Alt+V)',
        'Open window',
        'Usage…',
        "Reset today's counter…",
        'Settings…',
        'Quit',
      ]);
      expect(tray.menu.slice(0, 2).every((line) => line.enabled === false)).toBe(true);
      expect(tray.menu.find((line) => line.label === 'Copy last transcript')?.enabled).toBe(false);
      // Nothing dictated yet: nothing to paste again either.
      expect(tray.menu.find((line) => line.label?.startsWith('Paste last'))?.enabled).toBe(false);

      await core.handle('dictation.start', {});
      let at = 0;
      const feed = (untilMs: number) => {
        const end = Math.min(fixture.pcm.length, Math.floor((untilMs * 16_000) / 1000));
        for (; at < end; at += 640) core.pushAudio(fixture.pcm.slice(at, Math.min(at + 640, end)));
      };
      feed(fixture.speech[1].startMs);
      expect(file(tray.image)).toBe('tray-recording.png');
      expect(labels()).toContain('Listening…');
      expect(labels()).toContain('Stop dictation (Ctrl+Alt+Space)');

      // The first sentence is metered while still listening: the lines move, the icon stays "listening".
      const firstCost = await until(() => {
        const today = labels()[0];
        return !today.includes('$0.00 ') && today;
      });
      expect(firstCost).toMatch(/^Today: 0\.\d min · \$0\.0\d{3} · [1-9]\d% of budget$/);
      expect(file(tray.image)).toBe('tray-recording.png');

      feed(fixture.durationMs);
      await core.handle('dictation.stop', {});
      expect(tray.images.map(file)).toContain('tray-sending.png');
      // All three sentences metered: over the daily budget, so the icon says so once nothing is recording or sending.
      await until(() => file(tray.image) === 'tray-warning.png');
      const summary = (await core.handle('usage.summary', {})) as {
        ok: true;
        value: { today: { costMicros: number; audioMs: number } };
      };
      const percent = Math.floor((summary.value.today.costMicros * 100) / 1500);
      expect(percent).toBeGreaterThanOrEqual(100);
      const minutes = (Math.round(summary.value.today.audioMs / 6000) / 10).toFixed(1);
      await until(() => labels()[0].endsWith(`${percent}% of budget`));
      expect(labels()[0]).toBe(
        `Today: ${minutes} min · ${formatUsd(summary.value.today.costMicros, 'en')} · ${percent}% of budget`,
      );
      expect(tray.tooltip.split('\n')).toEqual(['SokhanNegar', labels()[0], labels()[1]]);
      expect(tray.menu.find((line) => line.label === 'Copy last transcript')?.enabled).toBe(true);
      expect(handle.view().icon).toBe('over-budget');

      // The actions do what they say.
      tray.menu.find((line) => line.label === 'Open window')!.click!();
      tray.menu.find((line) => line.label === 'Quit')!.click!();
      expect(actions.openWindow).toHaveBeenCalledOnce();
      expect(actions.quit).toHaveBeenCalledOnce();
      const heard: string[] = [];
      core.subscribe((event) => event.type === 'request' && heard.push(event.action));
      tray.menu.find((line) => line.label?.startsWith('Start dictation'))!.click!();
      tray.menu.find((line) => line.label === 'Copy last transcript')!.click!();
      tray.menu.find((line) => line.label?.startsWith('Paste last transcript again'))!.click!();
      await until(() => heard.length === 3);
      expect(heard).toEqual(['toggle', 'copyLast', 'pasteLast']);
      // Usage…, Reset today's counter… and Settings… show the window on that tab (the reset asks there first).
      tray.menu.find((line) => line.label === 'Usage…')!.click!();
      tray.menu.find((line) => line.label === "Reset today's counter…")!.click!();
      tray.menu.find((line) => line.label === 'Settings…')!.click!();
      await until(() => heard.length === 6);
      expect(heard.slice(3)).toEqual(['showUsage', 'resetToday', 'showSettings']);
      expect(actions.openWindow).toHaveBeenCalledTimes(4);
      await core.close();
    },
  );

  it('speaks Persian with Persian digits when the app is in Persian', async () => {
    const { trayView } = await import('../../../src-main/electron/tray-model');
    const counter = { requests: 3, failedRequests: 0, audioMs: 90_000, billedSeconds: 90, costMicros: 9000 };
    const view = trayView({
      state: 'idle',
      summary: {
        today: counter,
        week: counter,
        month: { ...counter, audioMs: 600_000, costMicros: 60_000 },
        total: counter,
      },
      budget: { dailyUsd: null, monthlyUsd: 1, warnPercent: 80, sessionWarnUsd: 1, blockAtLimit: false },
      hotkey: 'Ctrl+Alt+Space',
      hasLastTranscript: false,
      language: 'fa',
    });
    expect(view.items[0].label).toBe('امروز: ۱٫۵ دقیقه، ۰٫۰۰۹۰ $');
    expect(view.items[1].label).toBe('این ماه: ۱۰٫۰ دقیقه، ۰٫۰۶۰۰ $، ۶٪ بودجه');
    expect(view.icon).toBe('idle');
  });
});
