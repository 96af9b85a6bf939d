import { parseArgs } from '../args';
import type { CliCommand, CliIo } from '../cli-io';
import { printError, printWarning } from '../messages';
import type { BilingualMessage } from '../../../src-shared/bilingual';
import { openSettingsStore, SettingsValueError } from '../../settings/settings-store';
import {
  SETTING_KEYS,
  DEFAULT_SETTINGS,
  formatSettingValue,
  getSetting,
  isSettingKey,
  parseSettingValue,
  type SettingKey,
} from '../../../src-shared/settings/settings-schema';
import { catalogueEntry, shutdownNotice } from '../../../src-shared/pricing/catalogue';

const BOOLEAN_FLAGS = new Set(['json']);

const USAGE: BilingualMessage = {
  en: 'usage: sokhan config list [--json] | config get KEY | config set KEY VALUE',
  fa: 'کاربرد: sokhan config list [--json] | config get KEY | config set KEY VALUE',
};

function unknownKey(key: string): BilingualMessage | undefined {
  // People look for the key here first; say where it really lives instead of "unknown setting".
  if (/api[-_.]?key|token|secret/i.test(key)) {
    return {
      en:
        'the API key is not a setting; put it in the OPENAI_API_KEY environment variable (the desktop app ' +
        'keeps its own in the system keychain).',
      fa:
        'کلید API جزو تنظیمات نیست؛ آن را در متغیر محیطی OPENAI_API_KEY بگذارید (برنامهٔ رومیزی کلید خودش ' +
        'را در جاکلیدی سیستم نگه می‌دارد).',
    };
  }
  if (isSettingKey(key)) return undefined;
  return {
    en: `there is no setting called "${key}". Known settings: ${SETTING_KEYS.join(', ')}`,
    fa: `تنظیمی به نام «${key}» وجود ندارد. تنظیم‌های موجود: ${SETTING_KEYS.join('، ')}`,
  };
}

function modelWarnings(io: CliIo, model: string): void {
  const notice = shutdownNotice(model, io.now());
  if (notice) {
    printWarning(io, {
      en:
        `${model} shuts down on ${notice.shutdownOn} (${notice.daysLeft} days left); switch to ` +
        `${notice.replacement}.`,
      fa:
        `مدل ${model} در تاریخ ${notice.shutdownOn} از کار می‌افتد (${notice.daysLeft} روز مانده)؛ به ` +
        `${notice.replacement} بروید.`,
    });
  }
  if (catalogueEntry(model).provider === 'custom') {
    printWarning(io, {
      en:
        `${model} has no known price; it is metered at customPricePerMinuteUsd (set that to your provider's ` +
        'price, 0 for a local server).',
      fa:
        `قیمت ${model} شناخته نیست؛ هزینه با customPricePerMinuteUsd حساب می‌شود (قیمت سرویس‌دهنده را ` +
        'بگذارید؛ برای سرور محلی ۰).',
    });
  }
}

/** `sokhan config list|get|set`: shows and changes the settings the desktop app shares with the CLI. */
export const runConfigCommand: CliCommand = async (words, io) => {
  const args = parseArgs(words, BOOLEAN_FLAGS);
  const [action = 'list', key, ...valueWords] = args.positionals;
  const store = openSettingsStore(io.dataDir, { now: io.now });
  const flushNotices = (): void => {
    for (const notice of store.takeNotices()) printWarning(io, notice.message);
  };

  if (action === 'list') {
    const settings = store.read();
    flushNotices();
    if (args.flags.get('json') === true) {
      io.stdout.write(`${JSON.stringify(settings, null, 2)}\n`);
      return 0;
    }
    for (const name of SETTING_KEYS) {
      const value = getSetting(settings, name);
      const marker = value === getSetting(DEFAULT_SETTINGS, name) ? '' : '  (changed)';
      io.stdout.write(`${name} = ${formatSettingValue(value)}${marker}\n`);
    }
    return 0;
  }

  if (action !== 'get' && action !== 'set') {
    printError(io, {
      en: `unknown config action "${action}". ${USAGE.en}`,
      fa: `دستور «${action}» شناخته نیست. ${USAGE.fa}`,
    });
    return 2;
  }
  if (key === undefined || (action === 'set' && valueWords.length === 0)) {
    printError(io, USAGE);
    return 2;
  }
  const keyProblem = unknownKey(key);
  if (keyProblem) {
    printError(io, keyProblem);
    return 2;
  }
  const settingKey = key as SettingKey;

  if (action === 'get') {
    const settings = store.read();
    flushNotices();
    io.stdout.write(`${formatSettingValue(getSetting(settings, settingKey))}\n`);
    return 0;
  }

  const parsed = parseSettingValue(settingKey, valueWords.join(' '));
  if (!parsed.ok) {
    printError(io, parsed.message);
    return 2;
  }
  try {
    const settings = store.set(settingKey, parsed.value);
    flushNotices();
    io.stdout.write(`${settingKey} = ${formatSettingValue(getSetting(settings, settingKey))}\n`);
    if (settingKey === 'model') modelWarnings(io, settings.model);
    return 0;
  } catch (error) {
    if (error instanceof SettingsValueError) {
      printError(io, error.bilingual);
      return 2;
    }
    throw error;
  }
};
