import { describe, expect, it } from 'vitest';
import {
  closeBehaviour,
  forwardedRequest,
  parseLaunchArgs,
  platformSwitches,
} from '../../../src-main/electron/launch-args';

describe('launch switches', () => {
  it('reads the app’s own switches among Chromium’s', () => {
    expect(parseLaunchArgs(['/opt/SokhanNegar/sokhan-negar', '--no-sandbox', '--toggle'])).toEqual({
      action: 'toggle',
    });
    expect(parseLaunchArgs(['sokhan-negar', '--cancel'])).toEqual({ action: 'cancel' });
    expect(parseLaunchArgs(['sokhan-negar', '--enable-features=GlobalShortcutsPortal'])).toEqual({ action: null });
    // The lock's additional data wins (Chromium may rewrite argv); nonsense in it is ignored.
    expect(forwardedRequest(['sokhan-negar'], { action: 'stop' })).toEqual({ action: 'stop' });
    expect(forwardedRequest(['sokhan-negar', '--toggle'], { action: 'rm -rf' })).toEqual({ action: 'toggle' });
  });

  it('turns on the GlobalShortcuts portal on Linux Wayland only', () => {
    expect(platformSwitches('linux', { XDG_SESSION_TYPE: 'wayland' })).toEqual([
      ['enable-features', 'GlobalShortcutsPortal'],
    ]);
    expect(platformSwitches('linux', { WAYLAND_DISPLAY: 'wayland-0' })).toEqual([
      ['enable-features', 'GlobalShortcutsPortal'],
    ]);
    expect(platformSwitches('linux', { XDG_SESSION_TYPE: 'x11', DISPLAY: ':0' })).toEqual([]);
    expect(platformSwitches('darwin', { WAYLAND_DISPLAY: 'x' })).toEqual([]);
  });

  it('closing the window hides it into the tray, but minimizes on GNOME (no tray there by default)', () => {
    expect(closeBehaviour('win32', {})).toBe('hide');
    expect(closeBehaviour('darwin', {})).toBe('hide');
    expect(closeBehaviour('linux', { XDG_CURRENT_DESKTOP: 'KDE' })).toBe('hide');
    expect(closeBehaviour('linux', { XDG_CURRENT_DESKTOP: 'ubuntu:GNOME' })).toBe('minimize');
  });
});
