import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { locateRendererFile, serveRendererFile } from '../../../src-main/electron/renderer-files';

// A renderer folder with a secret beside it (outside), and a link inside that points at the secret.
const root = mkdtempSync(join(tmpdir(), 'sokhan-renderer-'));
const rendererDir = join(root, 'renderer');
mkdirSync(join(rendererDir, 'assets'), { recursive: true });
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>سخن‌نگار</title>');
writeFileSync(join(rendererDir, 'overlay.html'), '<!doctype html><title>overlay</title>');
writeFileSync(join(rendererDir, 'assets', 'index-abc123.js'), 'console.log(1)');
writeFileSync(join(rendererDir, 'assets', 'index-abc123.css'), 'body{}');
writeFileSync(join(rendererDir, 'assets', 'Vazirmatn.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
writeFileSync(join(rendererDir, 'assets', 'ort.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d]));
writeFileSync(join(rendererDir, 'assets', 'data.bin'), Buffer.from([1, 2, 3]));
writeFileSync(join(root, 'secret.txt'), 'OPENAI_API_KEY=sk-secret');
symlinkSync(join(root, 'secret.txt'), join(rendererDir, 'assets', 'link.txt'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => serveRendererFile(new Request(url, { method }), rendererDir);

describe('the app:// protocol serving the packaged window', () => {
  it('serves the built pages and assets with their content types', async () => {
    const page = await get('app://sokhan/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('سخن‌نگار');
    expect(await (await get('app://sokhan/')).text()).toContain('سخن‌نگار');
    const types: Record<string, string> = {
      'overlay.html': 'text/html; charset=utf-8',
      'assets/index-abc123.js': 'text/javascript; charset=utf-8',
      'assets/index-abc123.css': 'text/css; charset=utf-8',
      'assets/Vazirmatn.woff2': 'font/woff2',
      'assets/ort.wasm': 'application/wasm',
      'assets/data.bin': 'application/octet-stream',
    };
    for (const [file, type] of Object.entries(types)) {
      const reply = await get(`app://sokhan/${file}`);
      expect(reply.status, file).toBe(200);
      expect(reply.headers.get('content-type'), file).toBe(type);
    }
    const head = await get('app://sokhan/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('never serves a file outside the renderer folder, however the path is written', async () => {
    for (const url of [
      'app://sokhan/..%2Fsecret.txt',
      'app://sokhan/assets/..%2F..%2Fsecret.txt',
      'app://sokhan/%2e%2e%2fsecret.txt',
      'app://sokhan/%2E%2E/%2E%2E/secret.txt',
      `app://sokhan/${encodeURIComponent(join(root, 'secret.txt'))}`,
      'app://sokhan/assets/link.txt',
    ]) {
      const reply = await get(url);
      expect([403, 404], url).toContain(reply.status);
      expect(await reply.text(), url).not.toContain('sk-secret');
    }
    // `..` the URL parser folds stays inside the folder; encoded separators that would climb out are refused.
    expect((await locateRendererFile('app://sokhan/../../secret.txt', rendererDir)).ok).toBe(false);
    expect(await locateRendererFile('app://sokhan/..%2F..%2Fsecret.txt', rendererDir)).toEqual({
      ok: false,
      status: 403,
    });
    expect(await locateRendererFile('app://sokhan/assets/link.txt', rendererDir)).toEqual({ ok: false, status: 403 });
  });

  it('refuses other hosts, bad encodings, NUL bytes, folders, missing files and anything but GET/HEAD', async () => {
    expect((await get('app://other/index.html')).status).toBe(403);
    expect((await get('app://sokhan/%E0%A4%A.html')).status).toBe(400);
    expect((await get('app://sokhan/index.html%00.png')).status).toBe(400);
    expect((await get('app://sokhan/assets')).status).toBe(404);
    expect((await get('app://sokhan/nothing.js')).status).toBe(404);
    expect((await get('app://sokhan/index.html', 'POST')).status).toBe(405);
  });

  it('serves the real built window (index, overlay, worklet) from out/renderer', async () => {
    const built = join('out', 'renderer');
    const serveBuilt = (path: string) => serveRendererFile(new Request(`app://sokhan/${path}`), built);
    expect(await (await serveBuilt('index.html')).text()).toContain('Content-Security-Policy');
    expect((await serveBuilt('overlay.html')).status).toBe(200);
    const worklet = readdirSync(join(built, 'assets')).find((name) => name.startsWith('pcm-tap.worklet'));
    const reply = await serveBuilt(`assets/${worklet}`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });
});
