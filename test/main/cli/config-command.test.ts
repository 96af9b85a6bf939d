import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runConfigCommand } from '../../../src-main/cli/commands/config-command';
import type { CliIo } from '../../../src-main/cli/cli-io';

let dataDir: string;
const NOW = Date.parse('2026-09-01T10:00:00Z');

function makeIo(): { io: CliIo; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    env: {},
    dataDir,
    now: () => NOW,
  };
  return { io, out: () => out, err: () => err };
}

async function run(...words: string[]): Promise<{ code: number; out: string; err: string }> {
  const { io, out, err } = makeIo();
  const code = await runConfigCommand(words, io);
  return { code, out: out(), err: err() };
}

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sokhan-config-'));
});
afterEach(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('sokhan config', () => {
  it('lists every setting with its value', async () => {
    const { code, out } = await run('list');
    expect(code).toBe(0);
    expect(out).toContain('model = gpt-transcribe\n');
    expect(out).toContain('budget.dailyUsd = none\n');
    expect(out).toContain('weekStartsOn = saturday\n');
    expect(out).toContain('proxyUrl = \n');
    expect(out).toContain('hotkey.pasteLast = \n');
    expect(out.trim().split('\n')).toHaveLength(29);
  });

  it('lists as JSON for scripts', async () => {
    await run('set', 'budget.monthlyUsd', '20');
    const { code, out } = await run('list', '--json');
    expect(code).toBe(0);
    const parsed = JSON.parse(out) as { budget: { monthlyUsd: number | null }; language: string };
    expect(parsed.budget.monthlyUsd).toBe(20);
    expect(parsed.language).toBe('fa');
  });

  it('sets a value that get and the settings file then show', async () => {
    const set = await run('set', 'budget.dailyUsd', '0.75');
    expect(set.code).toBe(0);
    expect(set.out).toBe('budget.dailyUsd = 0.75\n');
    expect((await run('get', 'budget.dailyUsd')).out).toBe('0.75\n');
    const file = JSON.parse(fs.readFileSync(path.join(dataDir, 'settings.json'), 'utf8')) as {
      budget: { dailyUsd: number };
    };
    expect(file.budget.dailyUsd).toBe(0.75);
    expect((await run('list')).out).toContain('budget.dailyUsd = 0.75  (changed)\n');
  });

  it('accepts Persian digits and "none" to remove a budget', async () => {
    expect((await run('set', 'maxConcurrentRequests', '۵')).out).toBe('maxConcurrentRequests = 5\n');
    await run('set', 'budget.dailyUsd', '3');
    expect((await run('set', 'budget.dailyUsd', 'none')).out).toBe('budget.dailyUsd = none\n');
  });

  it('rejects a bad value with exit code 2 and the allowed values in Persian and English', async () => {
    const { code, out, err } = await run('set', 'digits', 'roman');
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('keep, persian, latin');
    expect(err).toContain('یکی از: keep، persian، latin');
    expect((await run('get', 'digits')).out).toBe('keep\n');
  });

  it('rejects an unknown key with exit code 2, listing the known keys', async () => {
    const { code, err } = await run('get', 'budget.weekly');
    expect(code).toBe(2);
    expect(err).toContain('budget.monthlyUsd');
    expect(err).toContain('وجود ندارد');
  });

  it('explains that the API key comes from OPENAI_API_KEY, not the settings', async () => {
    const { code, err } = await run('set', 'apiKey', 'sk-test');
    expect(code).toBe(2);
    expect(err).toContain('OPENAI_API_KEY');
    expect(fs.existsSync(path.join(dataDir, 'settings.json'))).toBe(false);
  });

  it('warns when the chosen model is being shut down, and names the replacement', async () => {
    await run('set', 'model', 'gpt-transcribe');
    const { code, err } = await run('set', 'model', 'whisper-1');
    expect(code).toBe(0);
    expect(err).toContain('2027-02-26');
    expect(err).toContain('gpt-transcribe');
    expect(err).toMatch(/178 days left/);
  });

  it('warns that an unknown model is metered at the custom price', async () => {
    const { code, err } = await run('set', 'model', 'Systran/faster-whisper-large-v3');
    expect(code).toBe(0);
    expect(err).toContain('customPricePerMinuteUsd');
  });

  it('tells the person when a damaged settings file was set aside', async () => {
    fs.writeFileSync(path.join(dataDir, 'settings.json'), '{ broken');
    const { code, out, err } = await run('get', 'model');
    expect(code).toBe(0);
    expect(out).toBe('gpt-transcribe\n');
    expect(err).toContain('settings.damaged-');
    expect(err).toContain('damaged');
  });

  it('shows usage with exit code 2 when words are missing', async () => {
    expect((await run('set', 'model')).code).toBe(2);
    expect((await run('get')).code).toBe(2);
    const other = await run('remove', 'model');
    expect(other.code).toBe(2);
    expect(other.err).toContain('config set KEY VALUE');
  });
});
