import type { BilingualMessage } from '../../src-shared/bilingual';
import { parseSettingValue, type Settings } from '../../src-shared/settings/settings-schema';

/** Values given for one run that win over the settings file (command-line flags, the environment). */
export interface SettingOverrides {
  model?: string;
  language?: string;
  baseUrl?: string;
}

/** What the environment overrides: OPENAI_BASE_URL, when it is set and not blank. */
export function environmentOverrides(env: Record<string, string | undefined>): SettingOverrides {
  const baseUrl = env.OPENAI_BASE_URL?.trim();
  return baseUrl ? { baseUrl } : {};
}

/**
 * The settings a dictation runs with: the file's settings with the overrides read exactly as `sokhan config set`
 * reads them — one rule for `transcribe`, `spool retry` and the app, so audio (and the key) go where the person
 * pointed them. A value that does not parse is an error naming what is allowed.
 */
export function applyOverrides(
  settings: Settings,
  overrides: SettingOverrides,
): { value: Settings } | { error: BilingualMessage } {
  const value: Settings = { ...settings };
  for (const key of ['model', 'language', 'baseUrl'] as const) {
    const raw = overrides[key];
    if (raw === undefined) continue;
    const parsed = parseSettingValue(key, raw);
    if (!parsed.ok) return { error: parsed.message };
    value[key] = parsed.value as string;
  }
  return { value };
}
