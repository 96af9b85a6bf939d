import type { BilingualMessage } from '../../src-shared/bilingual';
import type { Settings } from '../../src-shared/settings/settings-schema';
import { applyOverrides, environmentOverrides, type SettingOverrides } from '../settings/settings-overrides';
import { openSettingsStore } from '../settings/settings-store';
import type { CliIo } from './cli-io';

/** Overrides given on the command line (each wins over the environment and the settings file). */
export type SettingFlags = SettingOverrides;

/**
 * The settings a command that sends audio runs with: the settings file, then OPENAI_BASE_URL, then the flags —
 * one rule for `transcribe` and `spool retry`, so spooled audio (and the key) go where a new dictation would.
 */
export function effectiveSettings(io: CliIo, flags: SettingFlags): { value: Settings } | { error: BilingualMessage } {
  const given = Object.fromEntries(Object.entries(flags).filter(([, value]) => value !== undefined));
  return applyOverrides(openSettingsStore(io.dataDir).read(), { ...environmentOverrides(io.env), ...given });
}
