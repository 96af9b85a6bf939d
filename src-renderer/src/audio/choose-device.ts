import type { MicDevice } from './mic-types';

/** The saved microphone choice (the `mic.deviceId` / `mic.deviceLabel` settings). */
export interface SavedMicChoice {
  /** '' = the system default. */
  deviceId: string;
  deviceLabel: string;
}

/** Finds the saved microphone among those available: by id, else by label, else the system default (''). */
export function chooseDevice(
  saved: SavedMicChoice,
  available: readonly MicDevice[],
): { deviceId: string; fellBack: boolean } {
  // The person chose "system default": nothing to find, nothing to fall back from.
  if (saved.deviceId === '') return { deviceId: '', fellBack: false };
  if (available.some((d) => d.deviceId === saved.deviceId)) return { deviceId: saved.deviceId, fellBack: false };
  // Ids change after a reboot or a replug (and per origin), labels usually do not.
  const label = saved.deviceLabel.trim();
  if (label !== '') {
    const byLabel = available.find((d) => d.label.trim() === label);
    if (byLabel && byLabel.deviceId !== '') return { deviceId: byLabel.deviceId, fellBack: false };
  }
  return { deviceId: '', fellBack: true };
}
