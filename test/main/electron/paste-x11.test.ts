import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PasteFlow } from '../../../src-main/electron/paste-flow';
import { onPath, runProgram, xdotoolPaster } from '../../../src-main/electron/paster';
import { tempDir } from '../../integration/cli-harness';
import { until } from '../../support/until';

const NEEDS = ['Xvfb', 'xdotool', 'xclip', 'python3'];
const missing = NEEDS.filter((program) => !onPath(program));
// Debian's python3-gi is in the system Python, which may not be the python3 first on PATH (pyenv).
const python = ['/usr/bin/python3', 'python3'].find((candidate) =>
  spawnOk(candidate, ['-c', 'import gi; gi.require_version("Gtk", "3.0")']),
);
const hasGtk = python !== undefined;
const canRun = process.platform === 'linux' && missing.length === 0 && hasGtk;
if (!canRun) {
  console.warn(
    `paste-x11: DID NOT RUN — the real paste into an X11 text field needs ${NEEDS.join(', ')} and python3-gi ` +
      'with GTK 3 ' +
      '(apt-get install xvfb xdotool xclip python3-gi gir1.2-gtk-3.0); missing here: ' +
      `${[...missing, ...(hasGtk ? [] : ['python3-gi/GTK 3'])].join(', ')}`,
  );
}

function spawnOk(file: string, args: string[], environment: NodeJS.ProcessEnv = process.env): boolean {
  try {
    execFileSync(file, args, { stdio: 'ignore', env: environment, timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

const DISPLAY = `:${90 + (process.pid % 9)}`;
const env = { ...process.env, DISPLAY, NO_AT_BRIDGE: '1', GDK_BACKEND: 'x11' };
const processes: ChildProcess[] = [];
let typedFile = '';

/**
 * The X11 CLIPBOARD through xclip, as Electron's clipboard would be (xclip keeps serving the selection in the
 * background).
 */
const xclipClipboard = {
  readText: () => {
    try {
      return execFileSync('xclip', ['-selection', 'clipboard', '-o'], { env, encoding: 'utf8', timeout: 3000 });
    } catch {
      return ''; // nobody owns the clipboard yet
    }
  },
  writeText: (text: string) => {
    execFileSync('xclip', ['-selection', 'clipboard', '-i'], {
      env,
      input: text,
      stdio: ['pipe', 'ignore', 'ignore'],
      timeout: 3000,
    });
  },
};

const run = runProgram;
const xdo = (...args: string[]) => execFileSync('xdotool', args, { env, encoding: 'utf8', timeout: 3000 }).trim();

const typed = () => (existsSync(typedFile) ? readFileSync(typedFile, 'utf8') : '');

describe.skipIf(!canRun)('paste into a real X11 text field (Xvfb, xdotool, a GTK entry)', () => {
  beforeAll(async () => {
    processes.push(spawn('Xvfb', [DISPLAY, '-screen', '0', '1024x768x24', '-nolisten', 'tcp'], { stdio: 'ignore' }));
    await until(
      () => spawnOk('xdotool', ['getmouselocation'], env) && existsSync(`/tmp/.X11-unix/X${DISPLAY.slice(1)}`),
    );
    typedFile = join(tempDir(), 'typed.txt');
    const gtk = spawn(python!, [join(import.meta.dirname, '../../support/gtk-entry.py'), typedFile], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    processes.push(gtk);
    await new Promise<void>((resolve, reject) => {
      gtk.stdout!.on('data', (data: Buffer) => String(data).includes('ready') && resolve());
      gtk.once('exit', (code) => reject(new Error(`GTK entry exited (${code})`)));
    });
    // No window manager under Xvfb: give the entry's window the keyboard focus directly.
    const id = await until(() => {
      try {
        return xdo('search', '--sync', '--name', 'sokhan-paste-target').split('\n')[0];
      } catch {
        return false;
      }
    });
    xdo('windowfocus', '--sync', id);
  }, 30_000);

  const displayBefore = process.env.DISPLAY;
  afterAll(() => {
    for (const child of processes.reverse()) child.kill();
    if (displayBefore === undefined) delete process.env.DISPLAY;
    else process.env.DISPLAY = displayBefore;
  });

  it('pastes Persian text whole while the hotkey’s Ctrl+Alt are still held, and puts the old ' +
    'clipboard back', async () => {
    process.env.DISPLAY = DISPLAY; // runProgram's xdotool reads it from the environment
    xclipClipboard.writeText('what the person had copied');
    const text = 'سلام دنیا، این متن فارسی با نیم‌فاصله‌ها و «گیومه» است؛ ۱۲۳.';
    // The person is still holding the toggle hotkey's modifiers when the text arrives.
    xdo('keydown', 'ctrl', 'alt');
    const flow = new PasteFlow({
      clipboard: xclipClipboard,
      paster: xdotoolPaster(run),
      noPasterWhy: { fa: '', en: '' },
      platform: 'linux',
      settings: () => ({ auto: true, shortcut: 'auto', restoreClipboard: true }),
      ownWindowFocused: () => false,
      restoreAfterMs: 500,
      report: () => {},
    });
    const outcome = await flow.deliver(text);
    expect(outcome).toEqual({ copied: true, pasted: true, keys: 'ctrl+v', restored: true });
    expect(await until(() => typed() === text && typed())).toBe(text);
    // Every character arrived as written: ZWNJ, guillemets, Persian digits (no layout garbling).
    expect([...typed()].map((c) => c.codePointAt(0))).toEqual([...text].map((c) => c.codePointAt(0)));
    expect(xclipClipboard.readText()).toBe('what the person had copied');
  }, 30_000);

  it('leaves what the person copied meanwhile on the clipboard', async () => {
    const text = 'متن دوم';
    const flow = new PasteFlow({
      clipboard: xclipClipboard,
      paster: xdotoolPaster(run),
      noPasterWhy: { fa: '', en: '' },
      platform: 'linux',
      settings: () => ({ auto: true, shortcut: 'ctrl+v', restoreClipboard: true }),
      ownWindowFocused: () => false,
      sleep: async () => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        xclipClipboard.writeText('copied during the paste');
      },
      report: () => {},
    });
    expect(await flow.deliver(text)).toMatchObject({ pasted: true, restored: false });
    await until(() => typed().endsWith(text));
    expect(xclipClipboard.readText()).toBe('copied during the paste');
  }, 30_000);
});
