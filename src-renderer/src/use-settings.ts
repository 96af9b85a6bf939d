import { useCallback, useEffect, useRef, useState } from 'react';
import type { SokhanApi } from '../../src-shared/app-contract/api';
import type { BilingualMessage } from '../../src-shared/bilingual';
import {
  applySetting,
  DEFAULT_SETTINGS,
  type SettingKey,
  type Settings,
  type SettingValue,
} from '../../src-shared/settings/settings-schema';

/** The settings as the core stores them, and a way to change one. */
export interface SettingsControls {
  /** The stored settings, or the defaults until they arrive (or when they cannot be read). */
  settings: Settings;
  loaded: boolean;
  update<K extends SettingKey>(key: K, value: SettingValue<K>): void;
  /** Takes the settings the core answered with after a change made another way (a typed value in the settings tab). */
  adopt(settings: Settings): void;
}

/** Loads the settings once and saves changes through the core, showing them at once (reverted if refused). */
export function useSettings(
  api: SokhanApi | null,
  onError: (key: string, message: BilingualMessage) => void,
): SettingsControls {
  const [stored, setStored] = useState<Settings | null>(null);
  // Answers to concurrent saves come back one by one; only the last one holds every change, so earlier ones are
  // ignored.
  const inFlight = useRef(0);
  const onErrorRef = useRef(onError);
  onErrorRef.current = onError;

  const reload = useCallback(async () => {
    if (!api) return;
    const result = await api.getSettings();
    if (result.ok) setStored(result.value);
    else onErrorRef.current('settings', result.message);
  }, [api]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const update = useCallback(
    <K extends SettingKey>(key: K, value: SettingValue<K>) => {
      setStored((current) => applySetting(current ?? DEFAULT_SETTINGS, key, value));
      if (!api) return;
      inFlight.current += 1;
      void api.setSetting(key, value).then((result) => {
        inFlight.current -= 1;
        if (!result.ok) {
          onErrorRef.current(`setting:${key}`, result.message);
          void reload();
        } else if (inFlight.current === 0) {
          setStored(result.value);
        }
      });
    },
    [api, reload],
  );

  return { settings: stored ?? DEFAULT_SETTINGS, loaded: stored !== null, update, adopt: setStored };
}
