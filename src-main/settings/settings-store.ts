import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomicSync } from '../fs/atomic-write';
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

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[:.]/g, '-');
}

function freePath(dir: string, base: string): string {
  let candidate = path.join(dir, `${base}.json`);
  for (let n = 2; fs.existsSync(candidate); n += 1) candidate = path.join(dir, `${base}-${n}.json`);
  return candidate;
}

/**
 * Opens `settings.json` in the data folder: plain JSON in the layout electron-store/conf use (nested objects for
 * dotted keys, tab-indented), written atomically, so the desktop app and the CLI share one file. Not conf itself:
 * loading it costs ~50 ms on every CLI start for what is one JSON write.
 */
export function openSettingsStore(dataDir: string, options: SettingsStoreOptions = {}): SettingsStore {
  const now = options.now ?? Date.now;
  const filePath = path.resolve(dataDir, 'settings.json');
  // A copy of the last settings that read cleanly: a damaged file falls back to it, never to "no budget".
  const lastGoodPath = path.resolve(dataDir, 'settings.last-good.json');
  const pending: SettingsNotice[] = [];

  const readLastGood = (): Stored | null => {
    try {
      const data: unknown = JSON.parse(fs.readFileSync(lastGoodPath, 'utf8'));
      return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Stored) : null;
    } catch {
      return null;
    }
  };

  const keepLastGood = (text: string): void => {
    try {
      if (fs.existsSync(lastGoodPath) && fs.readFileSync(lastGoodPath, 'utf8') === text) return;
      writeFileAtomicSync(lastGoodPath, text);
    } catch {
      // The copy is a safety net; failing to write it must not stop the person's work.
    }
  };

  const tell = (notice: SettingsNotice): void => {
    pending.push(notice);
    options.onNotice?.(notice);
  };

  // Read the file ourselves: conf throws on broken JSON and turns `[1]` or `42` into odd objects, and we must
  // tell the person rather than silently clear.
  const readStored = (): Stored => {
    let text: string;
    try {
      text = fs.readFileSync(filePath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    let data: unknown;
    try {
      data = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch {
      data = undefined;
    }
    if (typeof data === 'object' && data !== null && !Array.isArray(data)) return data as Stored;
    const keptAt = freePath(dataDir, `settings.damaged-${stamp(now())}`);
    fs.renameSync(filePath, keptAt);
    const lastGood = readLastGood();
    if (lastGood) {
      writeFileAtomicSync(filePath, `${JSON.stringify(lastGood, undefined, '\t')}\n`);
      tell({
        kind: 'unreadable',
        keptAt,
        resetKeys: [],
        message: {
          fa: `فایل تنظیمات خراب بود و خوانده نشد؛ آخرین نسخهٔ سالم آن (با همان بودجه‌ها) برگردانده شد. فایل خراب در ${keptAt} نگه داشته شد.`,
          en: `The settings file was damaged and could not be read; its last good copy (with the same budgets) was restored. The damaged file was kept at ${keptAt}.`,
        },
      });
      return lastGood;
    }
    tell({
      kind: 'unreadable',
      keptAt,
      resetKeys: [...SETTING_KEYS],
      message: {
        fa: `فایل تنظیمات خراب بود و خوانده نشد؛ تنظیمات پیش‌فرض به کار رفت. نسخهٔ قبلی در ${keptAt} نگه داشته شد؛ اگر چیزی از آن لازم دارید، دوباره تنظیمش کنید.`,
        en: `The settings file was damaged and could not be read; default settings are in use. The old file was kept at ${keptAt}; set again anything you need from it.`,
      },
    });
    return {};
  };

  const writeValues = (values: Array<[SettingKey, unknown]>): void => {
    const stored = readStored();
    for (const [key, value] of values) setDotted(stored, key, value);
    writeFileAtomicSync(filePath, `${JSON.stringify(stored, undefined, '\t')}\n`);
  };

  const read = (): Settings => {
    const stored = readStored();
    const { settings, invalidKeys } = settingsFromUnknown(stored);
    if (invalidKeys.length === 0) {
      if (fs.existsSync(filePath)) keepLastGood(`${JSON.stringify(stored, undefined, '\t')}\n`);
      return settings;
    }
    const keptAt = freePath(dataDir, `settings.invalid-${stamp(now())}`);
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
        fa: `مقدار این تنظیم‌ها نامعتبر بود و به آخرین مقدار سالم (یا پیش‌فرض) برگشت: ${invalidKeys.join('، ')}. نسخهٔ قبلی فایل در ${keptAt} نگه داشته شد.`,
        en: `These settings had invalid values and went back to their last good values (or the defaults): ${invalidKeys.join(', ')}. The previous file was kept at ${keptAt}.`,
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
