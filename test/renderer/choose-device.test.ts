import { describe, expect, it } from 'vitest';
import { chooseDevice } from '../../src-renderer/src/audio/choose-device';

const headset = { deviceId: 'a1b2', label: 'Jabra EVOLVE 20 (0b0e:0300)' };
const builtIn = { deviceId: 'c3d4', label: 'Built-in Microphone' };
const systemDefault = { deviceId: 'default', label: 'Default - Built-in Microphone' };

describe('chooseDevice (finding the saved microphone again)', () => {
  it('keeps the saved device when its id is still there', () => {
    expect(chooseDevice({ deviceId: 'a1b2', deviceLabel: headset.label }, [systemDefault, builtIn, headset])).toEqual({
      deviceId: 'a1b2',
      fellBack: false,
    });
  });

  it('finds it by its label when the id changed after a reboot or a replug', () => {
    const replugged = { ...headset, deviceId: 'e5f6' };
    expect(chooseDevice({ deviceId: 'a1b2', deviceLabel: headset.label }, [systemDefault, builtIn, replugged])).toEqual(
      {
        deviceId: 'e5f6',
        fellBack: false,
      },
    );
  });

  it('prefers the id over a label that now names another device', () => {
    const renamed = { deviceId: 'a1b2', label: 'Headset (renamed)' };
    const impostor = { deviceId: 'zz', label: headset.label };
    expect(chooseDevice({ deviceId: 'a1b2', deviceLabel: headset.label }, [impostor, renamed])).toEqual({
      deviceId: 'a1b2',
      fellBack: false,
    });
  });

  it('falls back to the system default, and says so, when the saved device is gone', () => {
    expect(chooseDevice({ deviceId: 'a1b2', deviceLabel: headset.label }, [systemDefault, builtIn])).toEqual({
      deviceId: '',
      fellBack: true,
    });
  });

  it('falls back when the device list is still hidden (no permission yet: no ids, no labels)', () => {
    expect(chooseDevice({ deviceId: 'a1b2', deviceLabel: headset.label }, [])).toEqual({
      deviceId: '',
      fellBack: true,
    });
    expect(chooseDevice({ deviceId: 'a1b2', deviceLabel: headset.label }, [{ deviceId: '', label: '' }])).toEqual({
      deviceId: '',
      fellBack: true,
    });
  });

  it('does not match on an empty saved label (nameless devices would all match)', () => {
    expect(chooseDevice({ deviceId: 'a1b2', deviceLabel: '' }, [{ deviceId: 'x', label: '' }])).toEqual({
      deviceId: '',
      fellBack: true,
    });
  });

  it('ignores stray whitespace around a label', () => {
    expect(chooseDevice({ deviceId: 'gone', deviceLabel: ' Built-in Microphone ' }, [builtIn])).toEqual({
      deviceId: 'c3d4',
      fellBack: false,
    });
  });

  it('the system default is not a fallback: nothing was chosen, nothing is missing', () => {
    expect(chooseDevice({ deviceId: '', deviceLabel: '' }, [])).toEqual({ deviceId: '', fellBack: false });
    expect(chooseDevice({ deviceId: '', deviceLabel: 'Built-in Microphone' }, [builtIn])).toEqual({
      deviceId: '',
      fellBack: false,
    });
  });
});
