import { afterAll, beforeAll, expect } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import type { UiHost } from './ui-host';

const run = promisify(execFile);

/** Where the end-to-end tests leave what a person would have seen. */
export const SCREENSHOTS = join('test-output', 'screenshots');

/**
 * Debian's Chromium for one test file, and the `sokhan ui` hosts its tests start: each must stop cleanly (exit 0)
 * when the file is done, as a person pressing Ctrl-C would see it.
 */
export function useChromiumAndHosts(): { browser: () => Browser; hosts: UiHost[] } {
  let browser: Browser;
  const hosts: UiHost[] = [];
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    for (const host of hosts) expect(await host.stop()).toBe(0);
  });
  return { browser: () => browser, hosts };
}

/** The real `sokhan` executable on a host's data folder, as a person would type it (no key in its environment). */
export async function sokhanCli(dataDir: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['bin/sokhan.mjs', ...args, '--data-dir', dataDir], {
    env: { ...process.env, OPENAI_API_KEY: '' },
  });
  return stdout;
}
