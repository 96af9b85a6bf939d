import fs from 'node:fs';
import path from 'node:path';
import { withFileLockSync } from '../fs/file-lock-sync';
import { fileStamp, freeJsonPath, jsonText, readJsonFile, writeJsonFileSync } from '../fs/json-file';
import {
  SETTING_KEYS,
  applySetting,
  getSetting,
  settingsFromUnknown,
  validateSettingValue,
  type BilingualMessage,
  type SettingKey,
  type SettingValue,
  type Settings,
} from '../../src-shared/settings/settings-schema';

/** Something the person should be told about their settings file (shown once by the app or CLI). */
export interface SettingsNotice {
  /** 'unreadable': not JSON / not an object, defaults used. 'invalid-values': some values replaced by defaults. */
  kind: 'unreadable' | 'invalid-values';
  /** Where the original file was kept. */
  keptAt: string;
  /** Keys that fell back to their defaults (every key when unreadable). */
  resetKeys: SettingKey[];
  message: BilingualMessage;
}

/** A rejected value; `bilingual` is what the person sees. */
export class SettingsValueError extends Error {
  constructor(readonly bilingual: BilingualMessage) {
    super(bilingual.en);
    this.name = 'SettingsValueError';
  }
}

export interface SettingsStore {
  readonly path: string;
  /** Current settings with defaults filled in; a damaged file is set aside, never thrown. */
  read(): Settings;
  /** Validates and stores one value; throws SettingsValueError with a bilingual message when it is not allowed. */
  set<K extends SettingKey>(key: K, value: unknown): Settings;
  /** Returns and forgets the notices gathered so far (damaged file set aside, values reset). */
  takeNotices(): SettingsNotice[];
}

export interface SettingsStoreOptions {
  /** Called as soon as something is worth telling the person. */
  onNotice?: (notice: SettingsNotice) => void;
  /** Epoch ms, for naming the kept copy of a damaged file. */
  now?: () => number;
}

type Stored = Record<string, unknown>;

function isObject(data: unknown): data is Stored {
  return typeof data === 'object' && data !== null && !Array.isArray(data);
}

/**
 * The one module that owns `settings.json` (and its last-good copy) in the data folder, for the desktop app and the
 * CLI alike: tab-indented JSON, nested objects for dotted keys, read and written through `json-file.ts` like the
 * usage aggregates. A change is a read-modify-write under a lock, so the window and `sokhan config set` editing at
 * once lose nothing.
 */
export function openSettingsStore(dataDir: string, options: SettingsStoreOptions = {}): SettingsStore {
  const now = options.now ?? Date.now;
  const filePath = path.resolve(dataDir, 'settings.json');
  // A copy of the last settings that read cleanly: a damaged file falls back to it, never to "no budget".
  const lastGoodPath = path.resolve(dataDir, 'settings.last-good.json');
  const pending: SettingsNotice[] = [];

  const readLastGood = (): Stored | null => {
    const result = readJsonFile(lastGoodPath);
    return result.status === 'ok' && isObject(result.data) ? result.data : null;
  };

  const keepLastGood = (stored: Stored): void => {
    try {
      const last = readJsonFile(lastGoodPath);
      if (last.status === 'ok' && last.text === jsonText(stored, true)) return;
      writeJsonFileSync(lastGoodPath, stored, true);
    } catch {
      // The copy is a safety net; failing to write it must not stop the person's work.
    }
  };

  const tell = (notice: SettingsNotice): void => {
    pending.push(notice);
    options.onNotice?.(notice);
  };

  // Read the file ourselves (not through conf): conf throws on broken JSON and turns `[1]` or `42` into odd objects,
  // and a damaged file must be kept and the person told, not silently cleared.
  const readStored = (): Stored => {
    const result = readJsonFile(filePath);
    if (result.status === 'missing') return {};
    if (result.status === 'ok' && isObject(result.data)) return result.data;
    // A file we may not read (permissions, a folder by that name) is not damaged: say so instead of moving it.
    if (result.status === 'damaged' && result.readError) throw result.readError;
    // Not JSON, or JSON that is not an object (`[1]`, `42`): an unreadable file the person must hear about.
    const keptAt = freeJsonPath(dataDir, `settings.damaged-${fileStamp(now())}`);
    fs.renameSync(filePath, keptAt);
    const lastGood = readLastGood();
    if (lastGood) {
      writeJsonFileSync(filePath, lastGood, true);
      tell({
        kind: 'unreadable',
        keptAt,
        resetKeys: [],
        message: {
          fa:
            'فایل تنظیمات خراب بود و خوانده نشد؛ آخرین نسخهٔ سالم آن (با همان بودجه‌ها) برگردانده شد. فایل ' +
            `خراب در ${keptAt} نگه داشته شد.`,
          en:
            'The settings file was damaged and could not be read; its last good copy (with the same ' +
            `budgets) was restored. The damaged file was kept at ${keptAt}.`,
        },
      });
      return lastGood;
    }
    tell({
      kind: 'unreadable',
      keptAt,
      resetKeys: [...SETTING_KEYS],
      message: {
        fa:
          `فایل تنظیمات خراب بود و خوانده نشد؛ تنظیمات پیش‌فرض به کار رفت. نسخهٔ قبلی در ${keptAt} نگه ` +
          'داشته شد؛ اگر چیزی از آن لازم دارید، دوباره تنظیمش کنید.',
        en:
          'The settings file was damaged and could not be read; default settings are in use. The old file ' +
          `was kept at ${keptAt}; set again anything you need from it.`,
      },
    });
    return {};
  };

  const writeValues = (values: Array<[SettingKey, unknown]>): void => {
    // Read again under the lock: another process may have changed another key since this one last read.
    withFileLockSync(filePath, () => {
      const stored = readStored();
      for (const [key, value] of values) setDotted(stored, key, value);
      writeJsonFileSync(filePath, stored, true);
    });
  };

  const read = (): Settings => {
    const stored = readStored();
    const { settings, invalidKeys } = settingsFromUnknown(stored);
    if (invalidKeys.length === 0) {
      if (fs.existsSync(filePath)) keepLastGood(stored);
      return settings;
    }
    const keptAt = freeJsonPath(dataDir, `settings.invalid-${fileStamp(now())}`);
    fs.copyFileSync(filePath, keptAt);
    // A broken value goes back to what it last was (a budget stays a budget), or to the default if it never was.
    const lastGood = settingsFromUnknown(readLastGood() ?? {}).settings;
    const repaired = invalidKeys.map((key): [SettingKey, unknown] => [key, getSetting(lastGood, key)]);
    writeValues(repaired);
    for (const [key, value] of repaired) Object.assign(settings, applySetting(settings, key, value as never));
    tell({
      kind: 'invalid-values',
      keptAt,
      resetKeys: invalidKeys,
      message: {
        fa:
          'مقدار این تنظیم‌ها نامعتبر بود و به آخرین مقدار سالم (یا پیش‌فرض) برگشت: ' +
          `${invalidKeys.join('، ')}. نسخهٔ قبلی فایل در ${keptAt} نگه داشته شد.`,
        en:
          'These settings had invalid values and went back to their last good values (or the defaults): ' +
          `${invalidKeys.join(', ')}. The previous file was kept at ${keptAt}.`,
      },
    });
    return settings;
  };

  return {
    path: filePath,
    read,
    set<K extends SettingKey>(key: K, value: unknown): Settings {
      const checked = validateSettingValue(key, value);
      if (!checked.ok) throw new SettingsValueError(checked.message);
      read();
      writeValues([[key, checked.value as SettingValue<K>]]);
      return read();
    },
    takeNotices(): SettingsNotice[] {
      return pending.splice(0, pending.length);
    },
  };
}

/** Sets `a.b` as `{ a: { b } }`, keeping sibling keys (and keys this version does not know). */
function setDotted(target: Stored, dottedKey: string, value: unknown): void {
  const parts = dottedKey.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[part] = {};
    node = node[part] as Stored;
  }
  node[parts[parts.length - 1]] = value;
}
