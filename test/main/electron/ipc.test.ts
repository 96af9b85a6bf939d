import { beforeEach, describe, expect, it, vi } from 'vitest';

type Handler = (event: { senderFrame: { url: string } | null }, ...args: unknown[]) => Promise<unknown>;
const handlers = new Map<string, Handler>();

// Electron exists only inside Electron; the edge is mocked so the wrapper's own logic runs under Node.
vi.mock('electron', () => ({
  ipcMain: { handle: (channel: string, handler: Handler) => handlers.set(channel, handler) },
}));

const { handleIpc } = await import('../../../src-main/electron/ipc');
const origin = { rendererUrl: 'app://sokhan/index.html', overlayUrl: 'app://sokhan/overlay.html' };

beforeEach(() => handlers.clear());

describe('the IPC wrapper', () => {
  it('answers the app page and its overlay, packaged (app://) and from the dev server, with a value', async () => {
    handleIpc('usage:summary', origin, async () => ({ ok: true, value: { today: 1 } }));
    for (const url of [origin.rendererUrl, `${origin.rendererUrl}#settings`, origin.overlayUrl]) {
      const reply = await handlers.get('usage:summary')!({ senderFrame: { url } });
      expect(reply).toEqual({ ok: true, value: { today: 1 } });
    }
    handleIpc('usage:summary', { rendererUrl: 'http://localhost:5173' }, async () => ({ ok: true, value: 2 }));
    const reply = await handlers.get('usage:summary')!({ senderFrame: { url: 'http://localhost:5173/overlay.html' } });
    expect(reply).toEqual({ ok: true, value: 2 });
  });

  it('refuses any other page without running the handler', async () => {
    const handler = vi.fn(async () => ({ ok: true as const, value: 'secret' }));
    handleIpc('usage:summary', origin, handler);
    for (const senderFrame of [
      { url: 'https://example.com/' },
      { url: 'file:///tmp/evil.html' },
      { url: 'file:///opt/SokhanNegar/resources/app.asar/out/renderer/index.html' },
      { url: 'app://other/index.html' },
      null,
    ]) {
      const reply = await handlers.get('usage:summary')!({ senderFrame });
      expect(reply).toMatchObject({ ok: false, code: 'untrusted_sender' });
      // The refusal is explained to the person in both languages.
      const { message } = reply as { message: { fa: string; en: string } };
      expect(message.en).toMatch(/refused/);
      expect(message.fa).toMatch(/[\u0600-\u06FF]/);
    }
    expect(handler).not.toHaveBeenCalled();
  });

  it('turns a thrown error into a bilingual value, never a stack trace', async () => {
    handleIpc('usage:summary', origin, async () => {
      throw new Error('EACCES: permission denied');
    });
    const reply = (await handlers.get('usage:summary')!({ senderFrame: { url: origin.rendererUrl } })) as {
      ok: boolean;
      message: { fa: string; en: string };
    };
    expect(reply).toMatchObject({ ok: false, code: 'internal' });
    expect(reply.message.en).toContain('EACCES');
    expect(reply.message.fa).toMatch(/[\u0600-\u06FF]/);
    expect(JSON.stringify(reply)).not.toMatch(/at .*\.ts:\d+/);
  });
});
