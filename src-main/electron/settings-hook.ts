import type { Settings } from '../../src-shared/settings/settings-schema';
import type { AppCore } from '../app/app-core-types';

/**
 * The core as the Electron host hands it to the window, plus a hook on settings the window changes: the hotkey is
 * registered again and the tray redrawn as soon as the person picks another key or budget.
 */
export function observeSettings(core: AppCore, onChange: (settings: Settings) => void): AppCore {
  return {
    ...core,
    handle: async (name, payload) => {
      const result = await core.handle(name, payload);
      if (name === 'settings.set' && result.ok) onChange(result.value as Settings);
      return result;
    },
  };
}
