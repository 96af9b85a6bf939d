import type { BilingualMessage } from '../../src-shared/bilingual';
import { parseSettingValue, type Settings } from '../../src-shared/settings/settings-schema';
import { openSettingsStore } from '../settings/settings-store';
import type { CliIo } from './cli-io';

/** Overrides given on the command line (each wins over the environment and the settings file). */
export interface SettingFlags {
  model?: string;
  language?: string;
  baseUrl?: string;
}

/**
 * The settings a command that sends audio runs with: the settings file, then OPENAI_BASE_URL, then the flags —
 * one rule for `transcribe` and `spool retry`, so spooled audio (and the key) go where a new dictation would.
 */
export function effectiveSettings(io: CliIo, flags: SettingFlags): { value: Settings } | { error: BilingualMessage } {
  const settings: Settings = { ...openSettingsStore(io.dataDir).read() };
  const baseUrl = flags.baseUrl ?? (io.env.OPENAI_BASE_URL?.trim() || undefined);
  for (const [key, raw] of [
    ['model', flags.model],
    ['language', flags.language],
    ['baseUrl', baseUrl],
  ] as const) {
    if (raw === undefined) continue;
    const parsed = parseSettingValue(key, raw);
    if (!parsed.ok) return { error: parsed.message };
    (settings as unknown as Record<string, unknown>)[key] = parsed.value;
  }
  return { value: settings };
}
