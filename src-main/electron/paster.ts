import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { BilingualMessage } from '../../src-shared/bilingual';

/** The keystroke that pastes: Ctrl+V, Ctrl+Shift+V (terminals), Cmd+V (macOS). */
export type PasteKeys = 'ctrl+v' | 'ctrl+shift+v' | 'cmd+v';

/**
 * Presses the paste keystroke in whatever app has the focus. The text itself goes through the clipboard: typing
 * Persian key by key through layout tools garbles every non-ASCII character.
 */
export interface Paster {
  readonly name: string;
  /** Lets go of Ctrl/Alt/Shift/Super the person may still hold from the hotkey (else Ctrl+V becomes Ctrl+Alt+V). */
  releaseModifiers(): Promise<void>;
  paste(keys: PasteKeys): Promise<void>;
  /** True when the focused window is a terminal (Ctrl+V does not paste there); null when this system cannot tell. */
  focusedIsTerminal(): Promise<boolean | null>;
}

/** Runs a program and resolves with its stdout; rejects on a non-zero exit. */
export type Run = (file: string, args: string[]) => Promise<string>;

export const runProgram: Run = (file, args) =>
  new Promise((resolve, reject) => {
    execFile(file, args, { timeout: 5000, windowsHide: true }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file}: ${String(stderr).trim() || error.message}`));
      else resolve(String(stdout));
    });
  });

/** True when an executable of that name is on PATH. */
export function onPath(name: string, env: Record<string, string | undefined> = process.env): boolean {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      // not in this folder
    }
  }
  return false;
}

const TERMINAL_CLASSES = [
  'x?term',
  'xterm',
  'uxterm',
  'urxvt',
  'rxvt',
  'gnome-terminal',
  'konsole',
  'kitty',
  'alacritty',
  'wezterm',
  'tilix',
  'terminator',
  'foot',
  'st-256color',
  'st',
  'guake',
  'yakuake',
  'terminology',
  'lxterminal',
  'mate-terminal',
  'xfce4-terminal',
  'qterminal',
  'ptyxis',
  'ghostty',
  'blackbox',
  'kgx',
  'console',
];
const TERMINALS = new RegExp(`(^|[^a-z])(${TERMINAL_CLASSES.join('|')})([^a-z]|$)`, 'i');

/** True for the WM_CLASS of a terminal emulator. */
export function isTerminalClass(windowClass: string): boolean {
  return TERMINALS.test(windowClass.trim());
}

/** X11: xdotool sends the keystroke through XTEST to the focused window. */
export function xdotoolPaster(run: Run = runProgram): Paster {
  return {
    name: 'xdotool',
    releaseModifiers: async () => {
      await run('xdotool', [
        'keyup',
        'Control_L',
        'Control_R',
        'Alt_L',
        'Alt_R',
        'Shift_L',
        'Shift_R',
        'Super_L',
        'Super_R',
        'Meta_L',
        'Meta_R',
      ]);
    },
    paste: async (keys) => {
      await run('xdotool', ['key', '--clearmodifiers', keys === 'ctrl+shift+v' ? 'ctrl+shift+v' : 'ctrl+v']);
    },
    focusedIsTerminal: async () => {
      try {
        return isTerminalClass(await run('xdotool', ['getactivewindow', 'getwindowclassname']));
      } catch {
        return null;
      }
    },
  };
}

/** Wayland (wlroots, KDE): wtype types through the virtual-keyboard protocol; GNOME does not offer it. */
export function wtypePaster(run: Run = runProgram): Paster {
  return {
    name: 'wtype',
    releaseModifiers: async () => {
      await run('wtype', ['-m', 'ctrl', '-m', 'alt', '-m', 'shift', '-m', 'logo']);
    },
    paste: async (keys) => {
      const shift = keys === 'ctrl+shift+v' ? ['-M', 'shift'] : [];
      const release = keys === 'ctrl+shift+v' ? ['-m', 'shift'] : [];
      await run('wtype', ['-M', 'ctrl', ...shift, '-k', 'v', ...release, '-m', 'ctrl']);
    },
    focusedIsTerminal: async () => null,
  };
}

/** Any Wayland desktop, GNOME included: ydotool writes to /dev/uinput through its daemon (ydotoold must run). */
export function ydotoolPaster(run: Run = runProgram): Paster {
  // Linux input keycodes: 29 left Ctrl, 42 left Shift, 56 left Alt, 125 left Super, 47 V.
  return {
    name: 'ydotool',
    releaseModifiers: async () => {
      await run('ydotool', ['key', '29:0', '97:0', '42:0', '54:0', '56:0', '100:0', '125:0', '126:0']);
    },
    paste: async (keys) => {
      const down =
        keys === 'ctrl+shift+v' ? ['29:1', '42:1', '47:1', '47:0', '42:0', '29:0'] : ['29:1', '47:1', '47:0', '29:0'];
      await run('ydotool', ['key', ...down]);
    },
    focusedIsTerminal: async () => null,
  };
}

/** macOS: System Events presses Cmd+V; the app needs the Accessibility permission for that. */
export function osascriptPaster(run: Run = runProgram): Paster {
  return {
    name: 'osascript',
    // System Events' keystroke sets exactly the modifiers it names, whatever the person still holds.
    releaseModifiers: async () => {},
    paste: async (keys) => {
      const using = keys === 'ctrl+shift+v' ? '{command down, shift down}' : 'command down';
      await run('osascript', ['-e', `tell application "System Events" to keystroke "v" using ${using}`]);
    },
    focusedIsTerminal: async () => null,
  };
}

const WIN_KEYS = `
Add-Type -MemberDefinition '[DllImport("user32.dll")] public static extern void keybd_event(byte k, byte s, uint f, \
UIntPtr e);' -Name K -Namespace W;
foreach ($k in 0x10,0x11,0x12,0x5B,0x5C,0xA0,0xA1,0xA2,0xA3,0xA4,0xA5) { [W.K]::keybd_event($k, 0, 2, [UIntPtr]::Zero) }
`;

/** Windows: PowerShell lets go of the modifiers (keybd_event key-up) and sends Ctrl+V with SendKeys. */
export function powershellPaster(run: Run = runProgram): Paster {
  const ps = (script: string) => run('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', script]);
  return {
    name: 'powershell',
    releaseModifiers: async () => {
      await ps(WIN_KEYS);
    },
    paste: async (keys) => {
      const send = keys === 'ctrl+shift+v' ? '^+v' : '^v';
      await ps(`Add-Type -AssemblyName System.Windows.Forms; [System.Windows.Forms.SendKeys]::SendWait('${send}')`);
    },
    focusedIsTerminal: async () => null,
  };
}

/** Which paster this system can use, or why there is none (the text is then only copied). */
export function choosePaster(
  platform: NodeJS.Platform,
  env: Record<string, string | undefined>,
  has: (program: string) => boolean = (program) => onPath(program, env),
  run: Run = runProgram,
): { paster: Paster } | { paster: null; why: BilingualMessage } {
  if (platform === 'darwin') return { paster: osascriptPaster(run) };
  if (platform === 'win32') return { paster: powershellPaster(run) };
  if (isWayland(env)) {
    if (has('wtype') && !/gnome/i.test(env.XDG_CURRENT_DESKTOP ?? '')) return { paster: wtypePaster(run) };
    if (has('ydotool')) return { paster: ydotoolPaster(run) };
    return { paster: null, why: NO_WAYLAND_TOOL };
  }
  if (env.DISPLAY && has('xdotool')) return { paster: xdotoolPaster(run) };
  return { paster: null, why: NO_XDOTOOL };
}

/** True in a Wayland session. */
export function isWayland(env: Record<string, string | undefined>): boolean {
  return env.XDG_SESSION_TYPE === 'wayland' || Boolean(env.WAYLAND_DISPLAY);
}

const NO_XDOTOOL: BilingualMessage = {
  fa:
    'متن در کلیپ‌بورد است اما خودکار جای‌گذاری نشد: برای جای‌گذاری در X11 برنامهٔ xdotool لازم است (sudo ' +
    'apt install xdotool). تا آن وقت Ctrl+V بزنید.',
  en:
    'The text is on the clipboard but was not pasted: pasting on X11 needs xdotool (sudo apt install ' +
    'xdotool). Press Ctrl+V meanwhile.',
};

const NO_WAYLAND_TOOL: BilingualMessage = {
  fa:
    'متن در کلیپ‌بورد است اما خودکار جای‌گذاری نشد: در Wayland برنامهٔ wtype (Sway، KDE) یا ydotool با ' +
    'سرویس ydotoold (GNOME) لازم است. تا آن وقت Ctrl+V بزنید.',
  en:
    'The text is on the clipboard but was not pasted: on Wayland pasting needs wtype (Sway, KDE) or ydotool ' +
    'with its ydotoold service (GNOME). Press Ctrl+V meanwhile.',
};
