import { describe, it, expect } from 'vitest';
import path from 'node:path';
import { resolveDataDir } from '../../../src-main/settings/data-dir';

describe('resolveDataDir', () => {
  it('uses --data-dir first, then SOKHAN_DATA_DIR', () => {
    const env = { SOKHAN_DATA_DIR: '/srv/sokhan' };
    expect(resolveDataDir({ flag: '/tmp/mine', env, platform: 'linux', homedir: '/home/sara' })).toBe('/tmp/mine');
    expect(resolveDataDir({ env, platform: 'linux', homedir: '/home/sara' })).toBe('/srv/sokhan');
    expect(resolveDataDir({ flag: 'rel/dir', env: {}, platform: 'linux', homedir: '/home/sara' })).toBe(
      path.resolve('rel/dir'),
    );
  });

  it('otherwise finds the desktop app’s folder on Linux, honouring XDG_CONFIG_HOME', () => {
    expect(resolveDataDir({ env: {}, platform: 'linux', homedir: '/home/sara' })).toBe(
      '/home/sara/.config/SokhanNegar',
    );
    expect(resolveDataDir({ env: { XDG_CONFIG_HOME: '/data/cfg' }, platform: 'linux', homedir: '/home/sara' })).toBe(
      '/data/cfg/SokhanNegar',
    );
    expect(resolveDataDir({ env: { SOKHAN_DATA_DIR: '' }, platform: 'linux', homedir: '/home/sara' })).toBe(
      '/home/sara/.config/SokhanNegar',
    );
  });

  it('finds it on macOS and Windows', () => {
    expect(resolveDataDir({ env: {}, platform: 'darwin', homedir: '/Users/sara' })).toBe(
      '/Users/sara/Library/Application Support/SokhanNegar',
    );
    expect(
      resolveDataDir({
        env: { APPDATA: 'C:\\Users\\Sara\\AppData\\Roaming' },
        platform: 'win32',
        homedir: 'C:\\Users\\Sara',
      }),
    ).toBe('C:\\Users\\Sara\\AppData\\Roaming\\SokhanNegar');
    expect(resolveDataDir({ env: {}, platform: 'win32', homedir: 'C:\\Users\\Sara' })).toBe(
      'C:\\Users\\Sara\\AppData\\Roaming\\SokhanNegar',
    );
  });
});
