import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import { createInterface } from 'node:readline';
import type { Browser } from 'playwright-core';
import { createUiCommand } from '../../src-main/cli/commands/ui-command';
import { defaultCommands, runCli } from '../../src-main/cli/run-cli';
import { launchChromium } from '../support/chromium';
import { tempDir } from './cli-harness';
import { ensureAppBuilt } from '../support/app-build';

beforeAll(() => ensureAppBuilt());

interface Running {
  child: ChildProcess;
  url: URL;
  stdoutLines: string[];
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns the real executable and resolves once it printed its address. */
function startUi(dataDir: string, extra: string[] = []): Promise<Running> {
  const child = spawn(
    process.execPath,
    ['bin/sokhan.mjs', 'ui', '--no-open', '--port', '0', '--data-dir', dataDir, ...extra],
    {
      env: { ...process.env, OPENAI_API_KEY: 'sk-ui-test', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const stdoutLines: string[] = [];
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      stdoutLines.push(line);
      if (stdoutLines.length === 1) resolve({ child, url: new URL(line), stdoutLines, stderr: () => stderr, exit });
    });
    void exit.then(({ code }) =>
      reject(new Error(`sokhan ui exited (${code}) before printing its address:\n${stderr}`)),
    );
  });
}

function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    })
      .on('error', reject)
      .end();
  });
}

let browser: Browser | undefined;
const running: ChildProcess[] = [];

afterAll(async () => {
  await browser?.close();
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

describe('sokhan ui (the real executable)', () => {
  it(
    'prints one address with a token, trades it for a cookie, refuses requests without it, and ' + 'exits 0 on SIGTERM',
    async () => {
      const ui = await startUi(tempDir());
      running.push(ui.child);
      expect(ui.url.hostname).toBe('127.0.0.1');
      const token = ui.url.searchParams.get('token') ?? '';
      expect(token).toMatch(/^[A-Za-z0-9_-]{32,}$/);

      const first = await get(ui.url.href);
      expect(first.status).toBe(302);
      expect(first.headers.location).toBe('/');
      const setCookie = String(first.headers['set-cookie']);
      expect(setCookie).toMatch(/HttpOnly/);
      expect(setCookie).toMatch(/SameSite=Strict/);

      const cookie = setCookie.split(';')[0];
      const page = await get(`${ui.url.origin}/`, { cookie });
      expect(page.status).toBe(200);
      expect(page.body).toContain('<div id="root">');

      const refused = await get(`${ui.url.origin}/`);
      expect(refused.status).toBe(403);
      expect(refused.body).toContain('Access denied');
      expect((await get(`${ui.url.origin}/`, { cookie, host: `evil.example:${ui.url.port}` })).status).toBe(403);

      ui.child.kill('SIGTERM');
      expect(await ui.exit).toEqual({ code: 0, signal: null });
      expect(ui.stdoutLines).toHaveLength(1);
      expect(ui.stderr()).toContain('stopping');
    },
  );

  it('serves the real window, which reaches the core over the WebSocket (CSP connect-src self allows it)', async () => {
    const ui = await startUi(tempDir());
    running.push(ui.child);
    browser = await launchChromium();
    const page = await browser.newPage();
    const failures: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') failures.push(message.text());
    });
    await page.goto(ui.url.href);
    // The token left the address bar once it became a cookie.
    expect(page.url()).toBe(`${ui.url.origin}/`);
    const today = page.getByRole('region', { name: 'امروز' });
    // usage.summary went page → WebSocket → core and back: a fresh data folder has no requests yet.
    await expect.poll(() => today.textContent(), { timeout: 20_000 }).toContain('۰ درخواست');
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(failures.filter((text) => /Content Security Policy|WebSocket/i.test(text))).toEqual([]);

    ui.child.kill('SIGINT');
    expect(await ui.exit).toEqual({ code: 0, signal: null });
    await page.close();
  });

  it('fails with a bilingual error and exit 1 when the port is taken', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const child = spawn(
        process.execPath,
        ['bin/sokhan.mjs', 'ui', '--no-open', '--port', String(port), '--data-dir', tempDir()],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      running.push(child);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toMatch(new RegExp(`^sokhan: port ${port} is already in use.*\\| .*درگاه`, 'm'));
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});

describe('sokhan ui (in-process)', () => {
  const io = (out: { stdout: string; stderr: string }) => ({
    stdout: { write: (text: string) => (out.stdout += text) },
    stderr: { write: (text: string) => (out.stderr += text) },
    env: {},
    now: Date.now,
  });

  it('says how to build the window when it is not built, and exits 1', async () => {
    const out = { stdout: '', stderr: '' };
    const ui = createUiCommand({ rendererDir: tempDir() });
    const code = await runCli(['ui', '--no-open', '--data-dir', tempDir()], io(out), { ...defaultCommands(), ui });
    expect(code).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(/npm run build.*\|.*ساخته نشده/);
  });

  it('opens the browser at the printed address, runs until stopped, and rejects a bad --port', async () => {
    const out = { stdout: '', stderr: '' };
    const signalListeners = process.listenerCount('SIGTERM') + process.listenerCount('SIGINT');
    const stop = new AbortController();
    const opened: string[] = [];
    const ui = createUiCommand({ signal: stop.signal, openBrowser: (url) => opened.push(url) });
    let finished = false;
    const run = runCli(['ui', '--data-dir', tempDir()], io(out), { ...defaultCommands(), ui }).finally(
      () => (finished = true),
    );
    await expect.poll(() => opened.length, { timeout: 20_000 }).toBe(1);
    expect(out.stdout).toBe(`${opened[0]}\n`);
    expect((await get(opened[0])).status).toBe(302);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(finished).toBe(false);
    stop.abort();
    expect(await run).toBe(0);
    // A second Ctrl-C must kill as usual, so the command leaves no handler behind.
    expect(process.listenerCount('SIGTERM') + process.listenerCount('SIGINT')).toBe(signalListeners);

    const bad = { stdout: '', stderr: '' };
    expect(
      await runCli(['ui', '--port', 'eighty', '--data-dir', tempDir()], io(bad), { ...defaultCommands(), ui }),
    ).toBe(2);
    expect(bad.stderr).toContain('--port must be a number');
  });
});
