import { describe, expect, it } from 'vitest';
import {
  choosePaster,
  isTerminalClass,
  xdotoolPaster,
  ydotoolPaster,
  wtypePaster,
} from '../../../src-main/electron/paster';

function recorder(stdout = '') {
  const calls: Array<[string, string[]]> = [];
  return { calls, run: async (file: string, args: string[]) => (calls.push([file, args]), stdout) };
}

describe('paste tools per system', () => {
  it('picks osascript on macOS, PowerShell on Windows, xdotool on X11, wtype or ydotool on Wayland', () => {
    const has =
      (...programs: string[]) =>
      (program: string) =>
        programs.includes(program);
    expect(choosePaster('darwin', {}).paster?.name).toBe('osascript');
    expect(choosePaster('win32', {}).paster?.name).toBe('powershell');
    expect(choosePaster('linux', { DISPLAY: ':0' }, has('xdotool')).paster?.name).toBe('xdotool');
    expect(
      choosePaster('linux', { WAYLAND_DISPLAY: 'wayland-0', XDG_CURRENT_DESKTOP: 'KDE' }, has('wtype', 'ydotool'))
        .paster?.name,
    ).toBe('wtype');
    // GNOME has no virtual-keyboard protocol: wtype cannot type there, ydotool (uinput) can.
    expect(
      choosePaster('linux', { WAYLAND_DISPLAY: 'wayland-0', XDG_CURRENT_DESKTOP: 'GNOME' }, has('wtype', 'ydotool'))
        .paster?.name,
    ).toBe('ydotool');
  });

  it('says what to install where nothing can paste', () => {
    const x11 = choosePaster('linux', { DISPLAY: ':0' }, () => false);
    expect(x11.paster).toBeNull();
    expect('why' in x11 && x11.why.en).toContain('apt install xdotool');
    const wayland = choosePaster('linux', { XDG_SESSION_TYPE: 'wayland' }, () => false);
    expect('why' in wayland && wayland.why.en).toContain('ydotool');
  });

  it(
    'xdotool lets go of every modifier, then sends the keystroke with --clearmodifiers (never ' + 'types the text)',
    async () => {
      const { calls, run } = recorder();
      const paster = xdotoolPaster(run);
      await paster.releaseModifiers();
      await paster.paste('ctrl+v');
      await paster.paste('ctrl+shift+v');
      expect(calls[0][1][0]).toBe('keyup');
      expect(calls[0][1]).toEqual(expect.arrayContaining(['Control_L', 'Control_R', 'Alt_L', 'Shift_L', 'Super_L']));
      expect(calls[1]).toEqual(['xdotool', ['key', '--clearmodifiers', 'ctrl+v']]);
      expect(calls[2]).toEqual(['xdotool', ['key', '--clearmodifiers', 'ctrl+shift+v']]);
      expect(calls.flatMap(([, args]) => args).some((arg) => arg === 'type')).toBe(false);
    },
  );

  it('tells terminals by their window class', async () => {
    for (const name of [
      'XTerm',
      'gnome-terminal-server',
      'org.gnome.Console',
      'kitty',
      'Alacritty',
      'konsole',
      'org.wezfurlong.wezterm',
    ])
      expect(isTerminalClass(name), name).toBe(true);
    for (const name of ['firefox', 'Gedit', 'TelegramDesktop', 'code', 'libreoffice-writer', 'Slack'])
      expect(isTerminalClass(name), name).toBe(false);
    expect(await xdotoolPaster(recorder('kitty\n').run).focusedIsTerminal()).toBe(true);
  });

  it('Wayland tools press and release the same keys they pressed', async () => {
    const wtype = recorder();
    await wtypePaster(wtype.run).paste('ctrl+shift+v');
    expect(wtype.calls[0][1]).toEqual(['-M', 'ctrl', '-M', 'shift', '-k', 'v', '-m', 'shift', '-m', 'ctrl']);
    const ydotool = recorder();
    await ydotoolPaster(ydotool.run).paste('ctrl+v');
    expect(ydotool.calls[0][1]).toEqual(['key', '29:1', '47:1', '47:0', '29:0']);
  });
});
