import { z } from 'zod';
import { CATALOGUE_MODEL_IDS } from '../pricing/catalogue-entries';
import { toLatinDigits } from '../persian/digits';
import type { DigitsMode } from '../persian/normalize-persian';
import { normalizeBaseUrl } from '../base-url';
import type { BilingualMessage } from '../bilingual';

export type { DigitsMode };
export type WeekStart = 'saturday' | 'sunday' | 'monday';
export type CalendarKind = 'gregorian' | 'persian';
export type UiLanguage = 'fa' | 'en';

export interface BudgetSettings {
  /** null = no daily budget. */
  dailyUsd: number | null;
  /** null = no monthly budget. */
  monthlyUsd: number | null;
  /** Warn when this share of a budget is spent. */
  warnPercent: number;
  /** Warn once a single session has cost this much; 0 turns the warning off. */
  sessionWarnUsd: number;
  /** Refuse to send audio once a budget is used up (audio stays spooled). */
  blockAtLimit: boolean;
}

/** The microphone as the person chose it; the processing Chromium would apply is off unless they turn it on. */
export interface MicSettings {
  /** The chosen input's device id; '' = the system default. */
  deviceId: string;
  /** Its label, to find it again when the id changes (ids differ after a reboot or replug). */
  deviceLabel: string;
  echoCancellation: boolean;
  noiseSuppression: boolean;
  /** Off by default: Chromium's auto gain changes the system microphone volume on Windows. */
  autoGainControl: boolean;
  /** Keeps the microphone open between dictations (Bluetooth headsets take a second to wake). */
  keepWarm: boolean;
}

/** The global hotkeys (Electron host). */
export interface HotkeySettings {
  /** Electron accelerator that starts and stops a dictation; '' = the platform default (see default-hotkey). */
  toggle: string;
  /** A key held to dictate and released to stop (e.g. RightCtrl, F9); '' = off. */
  pushToTalk: string;
  /** Electron accelerator that pastes the last dictation's text again where the cursor is; '' = off. */
  pasteLast: string;
}

/** What happens to a finished dictation's text (it is always copied to the clipboard). */
export interface PasteSettings {
  /** Also paste it into the app that had the focus. Off until the person turns it on. */
  auto: boolean;
  /** Which keystroke pastes: auto = Ctrl+Shift+V in terminals, Ctrl+V (Cmd+V on macOS) elsewhere. */
  shortcut: 'auto' | 'ctrl+v' | 'ctrl+shift+v';
  /** Put back what the clipboard held before, if it still holds our text after the paste. */
  restoreClipboard: boolean;
}

/** The small always-on-top pill while dictating. */
export interface OverlaySettings {
  show: boolean;
}

export interface Settings {
  model: string;
  baseUrl: string;
  /** HTTP(S) proxy for the transcription requests; '' = none (HTTPS_PROXY from the environment still applies). */
  proxyUrl: string;
  language: string;
  digits: DigitsMode;
  /** The Persian editor (half-spaces, punctuation, letters); false keeps the API's text exactly as it came. */
  persianEditor: boolean;
  /** Price of models outside the catalogue; null = not known yet (never metered as free: see the budget gate). */
  customPricePerMinuteUsd: number | null;
  maxConcurrentRequests: number;
  budget: BudgetSettings;
  weekStartsOn: WeekStart;
  calendar: CalendarKind;
  uiLanguage: UiLanguage;
  mic: MicSettings;
  hotkey: HotkeySettings;
  paste: PasteSettings;
  overlay: OverlaySettings;
}

export type { BilingualMessage };

/** Every setting a person can change, by dotted path. */
export const SETTING_KEYS = [
  'model',
  'baseUrl',
  'proxyUrl',
  'language',
  'digits',
  'persianEditor',
  'customPricePerMinuteUsd',
  'maxConcurrentRequests',
  'budget.dailyUsd',
  'budget.monthlyUsd',
  'budget.warnPercent',
  'budget.sessionWarnUsd',
  'budget.blockAtLimit',
  'weekStartsOn',
  'calendar',
  'uiLanguage',
  'mic.deviceId',
  'mic.deviceLabel',
  'mic.echoCancellation',
  'mic.noiseSuppression',
  'mic.autoGainControl',
  'mic.keepWarm',
  'hotkey.toggle',
  'hotkey.pushToTalk',
  'hotkey.pasteLast',
  'paste.auto',
  'paste.shortcut',
  'paste.restoreClipboard',
  'overlay.show',
] as const;

export type SettingKey = (typeof SETTING_KEYS)[number];

/** The value type stored under a dotted key. */
export type SettingValue<K extends SettingKey> = K extends `budget.${infer B}`
  ? B extends keyof BudgetSettings
    ? BudgetSettings[B]
    : never
  : K extends `mic.${infer M}`
    ? M extends keyof MicSettings
      ? MicSettings[M]
      : never
    : K extends `${infer G extends 'hotkey' | 'paste' | 'overlay'}.${infer F}`
      ? F extends keyof Settings[G]
        ? Settings[G][F]
        : never
      : K extends keyof Settings
        ? Settings[K]
        : never;

/** Persian is first: the week starts on Saturday (Intl.Locale('fa-IR').weekInfo.firstDay = 6). */
export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  model: 'gpt-transcribe',
  baseUrl: 'https://api.openai.com/v1',
  proxyUrl: '',
  language: 'fa',
  digits: 'keep',
  persianEditor: true,
  customPricePerMinuteUsd: null,
  maxConcurrentRequests: 3,
  budget: Object.freeze({
    dailyUsd: null,
    monthlyUsd: null,
    warnPercent: 80,
    sessionWarnUsd: 1,
    blockAtLimit: false,
  }),
  weekStartsOn: 'saturday',
  calendar: 'gregorian',
  uiLanguage: 'fa',
  mic: Object.freeze({
    deviceId: '',
    deviceLabel: '',
    echoCancellation: false,
    noiseSuppression: false,
    autoGainControl: false,
    keepWarm: false,
  }),
  hotkey: Object.freeze({ toggle: '', pushToTalk: '', pasteLast: '' }),
  paste: Object.freeze({ auto: false, shortcut: 'auto', restoreClipboard: true }),
  overlay: Object.freeze({ show: true }),
}) as Readonly<Settings>;

/** Large enough for any real budget, small enough that micro-dollar sums stay exact integers. */
const MAX_USD = 1_000_000;

const usdAmount = z.number().finite().min(0).max(MAX_USD);

// Accepts what people type (a pasted ".../audio/transcriptions", trailing slashes, a bare origin) as the SDK wants it.
const baseUrlSchema = z.string().transform((value, context) => {
  try {
    return normalizeBaseUrl(value);
  } catch {
    context.addIssue({ code: 'custom', message: 'not an http(s) URL' });
    return z.NEVER;
  }
});

interface SettingSpec {
  schema: z.ZodType;
  kind: 'text' | 'number' | 'usd' | 'usdOrNull' | 'boolean' | 'choice';
  allowed: BilingualMessage;
}

function isHttpProxyUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const choice = (values: readonly [string, ...string[]]): SettingSpec => ({
  schema: z.enum(values),
  kind: 'choice',
  allowed: { fa: `یکی از: ${values.join('، ')}`, en: `one of: ${values.join(', ')}` },
});

function booleanSpec(): SettingSpec {
  return { schema: z.boolean(), kind: 'boolean', allowed: { fa: 'true یا false', en: 'true or false' } };
}

const SPECS: Record<SettingKey, SettingSpec> = {
  model: {
    schema: z.string().trim().min(1).max(200).regex(/^\S+$/),
    kind: 'text',
    allowed: {
      fa: `نام مدل بدون فاصله، مثلاً ${CATALOGUE_MODEL_IDS.join('، ')} یا نام مدلِ سرورِ سازگار با OpenAI`,
      en:
        `a model id without spaces, e.g. ${CATALOGUE_MODEL_IDS.join(', ')}, or your OpenAI-compatible ` +
        `server's model name`,
    },
  },
  baseUrl: {
    schema: baseUrlSchema,
    kind: 'text',
    allowed: {
      fa: 'نشانی http یا https، مثلاً https://api.openai.com/v1',
      en: 'an http or https address, e.g. https://api.openai.com/v1',
    },
  },
  proxyUrl: {
    schema: z
      .string()
      .trim()
      .refine((value) => value === '' || isHttpProxyUrl(value)),
    kind: 'text',
    allowed: {
      fa:
        'نشانی پراکسی http یا https، مثلاً http://127.0.0.1:10809 (پراکسی SOCKS پشتیبانی نمی‌شود)، یا خالی ' +
        'برای بدون پراکسی',
      en: 'an http or https proxy address, e.g. http://127.0.0.1:10809 (SOCKS is not supported), or empty for none',
    },
  },
  language: {
    schema: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z]{2}$/),
    kind: 'text',
    allowed: {
      fa: 'کد دوحرفی زبان (ISO-639-1)، مثلاً fa یا en',
      en: 'a two-letter ISO-639-1 language code, e.g. fa or en',
    },
  },
  digits: choice(['keep', 'persian', 'latin']),
  persianEditor: booleanSpec(),
  customPricePerMinuteUsd: {
    schema: usdAmount.nullable(),
    kind: 'usdOrNull',
    allowed: {
      fa: `مبلغ دلاری از ۰ تا ${MAX_USD} (۰ یعنی رایگان، مثلاً سرور محلی)، یا none وقتی قیمت معلوم نیست`,
      en: `a dollar amount from 0 to ${MAX_USD} (0 = free, e.g. a local server), or none while the price is not known`,
    },
  },
  maxConcurrentRequests: {
    schema: z.number().int().min(1).max(8),
    kind: 'number',
    allowed: { fa: 'عدد صحیح از ۱ تا ۸', en: 'a whole number from 1 to 8' },
  },
  'budget.dailyUsd': {
    schema: usdAmount.nullable(),
    kind: 'usdOrNull',
    allowed: {
      fa: 'مبلغ دلاری ۰ یا بیشتر، یا none برای بدون سقف',
      en: 'a dollar amount of 0 or more, or none for no budget',
    },
  },
  'budget.monthlyUsd': {
    schema: usdAmount.nullable(),
    kind: 'usdOrNull',
    allowed: {
      fa: 'مبلغ دلاری ۰ یا بیشتر، یا none برای بدون سقف',
      en: 'a dollar amount of 0 or more, or none for no budget',
    },
  },
  'budget.warnPercent': {
    schema: z.number().int().min(1).max(100),
    kind: 'number',
    allowed: { fa: 'عدد صحیح از ۱ تا ۱۰۰ (درصد)', en: 'a whole number from 1 to 100 (percent)' },
  },
  'budget.sessionWarnUsd': {
    schema: usdAmount,
    kind: 'usd',
    allowed: {
      fa: 'مبلغ دلاری ۰ یا بیشتر (۰ یعنی بدون هشدار)',
      en: 'a dollar amount of 0 or more (0 = no warning)',
    },
  },
  'budget.blockAtLimit': booleanSpec(),
  weekStartsOn: choice(['saturday', 'sunday', 'monday']),
  calendar: choice(['gregorian', 'persian']),
  uiLanguage: choice(['fa', 'en']),
  'mic.deviceId': {
    schema: z.string().max(500),
    kind: 'text',
    allowed: {
      fa: 'شناسهٔ میکروفون، یا خالی برای پیش‌فرض سیستم',
      en: "a microphone's device id, or empty for the system default",
    },
  },
  'mic.deviceLabel': {
    schema: z.string().max(500),
    kind: 'text',
    allowed: { fa: 'نام میکروفون', en: "the microphone's name" },
  },
  'mic.echoCancellation': booleanSpec(),
  'mic.noiseSuppression': booleanSpec(),
  'mic.autoGainControl': booleanSpec(),
  'mic.keepWarm': booleanSpec(),
  'hotkey.toggle': {
    // Electron accelerator syntax: modifiers and one key joined by '+'; the host says when one cannot be registered.
    schema: z
      .string()
      .trim()
      .max(60)
      .regex(/^$|^[A-Za-z0-9]+(\+([A-Za-z0-9]+|[;,.\-=/\\[\]'`]))*$/),
    kind: 'text',
    allowed: {
      fa: 'کلید میان‌بر به شکل Control+Alt+Space یا F9، یا خالی برای پیش‌فرض',
      en: 'a shortcut such as Control+Alt+Space or F9, or empty for the default',
    },
  },
  'hotkey.pushToTalk': {
    schema: z
      .string()
      .trim()
      .max(30)
      .regex(/^[A-Za-z0-9]*$/),
    kind: 'text',
    allowed: {
      fa: 'نام یک کلید برای نگه‌داشتن و گفتن، مثلاً RightCtrl یا F9، یا خالی برای خاموش',
      en: 'one key to hold while speaking, e.g. RightCtrl or F9, or empty for off',
    },
  },
  'hotkey.pasteLast': {
    schema: z
      .string()
      .trim()
      .max(60)
      .regex(/^$|^[A-Za-z0-9]+(\+([A-Za-z0-9]+|[;,.\-=/\\[\]'`]))*$/),
    kind: 'text',
    allowed: {
      fa: 'کلید میان‌بر «چسباندن دوبارهٔ آخرین متن» به شکل Control+Alt+V، یا خالی برای خاموش',
      en: 'a shortcut to paste the last transcript again, such as Control+Alt+V, or empty for off',
    },
  },
  'paste.auto': booleanSpec(),
  'paste.shortcut': choice(['auto', 'ctrl+v', 'ctrl+shift+v']),
  'paste.restoreClipboard': booleanSpec(),
  'overlay.show': booleanSpec(),
};

/** Zod schema for a whole settings object (every field required). */
export const settingsSchema = z.object({
  model: SPECS.model.schema,
  baseUrl: SPECS.baseUrl.schema,
  proxyUrl: SPECS.proxyUrl.schema,
  language: SPECS.language.schema,
  digits: SPECS.digits.schema,
  persianEditor: SPECS.persianEditor.schema,
  customPricePerMinuteUsd: SPECS.customPricePerMinuteUsd.schema,
  maxConcurrentRequests: SPECS.maxConcurrentRequests.schema,
  budget: z.object({
    dailyUsd: SPECS['budget.dailyUsd'].schema,
    monthlyUsd: SPECS['budget.monthlyUsd'].schema,
    warnPercent: SPECS['budget.warnPercent'].schema,
    sessionWarnUsd: SPECS['budget.sessionWarnUsd'].schema,
    blockAtLimit: SPECS['budget.blockAtLimit'].schema,
  }),
  weekStartsOn: SPECS.weekStartsOn.schema,
  calendar: SPECS.calendar.schema,
  uiLanguage: SPECS.uiLanguage.schema,
  mic: z.object({
    deviceId: SPECS['mic.deviceId'].schema,
    deviceLabel: SPECS['mic.deviceLabel'].schema,
    echoCancellation: SPECS['mic.echoCancellation'].schema,
    noiseSuppression: SPECS['mic.noiseSuppression'].schema,
    autoGainControl: SPECS['mic.autoGainControl'].schema,
    keepWarm: SPECS['mic.keepWarm'].schema,
  }),
  hotkey: z.object({
    toggle: SPECS['hotkey.toggle'].schema,
    pushToTalk: SPECS['hotkey.pushToTalk'].schema,
    // Absent in settings files written before it existed: off.
    pasteLast: SPECS['hotkey.pasteLast'].schema.default(''),
  }),
  paste: z.object({
    auto: SPECS['paste.auto'].schema,
    shortcut: SPECS['paste.shortcut'].schema,
    restoreClipboard: SPECS['paste.restoreClipboard'].schema,
  }),
  overlay: z.object({ show: SPECS['overlay.show'].schema }),
});

export type SettingResult<T> = { ok: true; value: T } | { ok: false; message: BilingualMessage };

/** True when `key` is one of SETTING_KEYS. */
export function isSettingKey(key: string): key is SettingKey {
  return (SETTING_KEYS as readonly string[]).includes(key);
}

function unknownKeyMessage(key: string): BilingualMessage {
  return {
    fa: `تنظیمی به نام «${key}» وجود ندارد. تنظیم‌های موجود: ${SETTING_KEYS.join('، ')}`,
    en: `There is no setting called "${key}". Known settings: ${SETTING_KEYS.join(', ')}`,
  };
}

function badValueMessage(key: SettingKey, shown: string): BilingualMessage {
  const { allowed } = SPECS[key];
  return {
    fa: `مقدار «${shown}» برای ${key} پذیرفته نیست. مقدار مجاز: ${allowed.fa}`,
    en: `"${shown}" is not a valid value for ${key}. Allowed: ${allowed.en}`,
  };
}

const NONE_WORDS = new Set(['none', 'null', 'off', 'no', '-', 'هیچ', 'ندارد', 'بدون']);
const TRUE_WORDS = new Set(['true', 'yes', 'on', '1', 'بله', 'آری']);
const FALSE_WORDS = new Set(['false', 'no', 'off', '0', 'خیر', 'نه']);

/** Reads numbers as people type them, including Persian digits, "٫" and a leading "$". */
function readNumber(raw: string): number | undefined {
  const text = toLatinDigits(raw.trim())
    .replace(/[\u066b\u060c]/g, '.')
    .replace(/^\$\s*/, '')
    .replace(/\s*\$$/, '');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(text)) return undefined;
  return Number(text);
}

function fromRaw(kind: SettingSpec['kind'], raw: string): unknown {
  const word = raw.trim().toLowerCase();
  switch (kind) {
    case 'text':
    case 'choice':
      return raw.trim();
    case 'number':
    case 'usd':
      return readNumber(raw);
    case 'usdOrNull':
      return NONE_WORDS.has(word) || word === '' ? null : readNumber(raw);
    case 'boolean':
      if (TRUE_WORDS.has(word)) return true;
      if (FALSE_WORDS.has(word)) return false;
      return undefined;
  }
}

/**
 * Parses a typed value (CLI or form text) for a key; a bad key or value gives a bilingual message naming what is
 * allowed.
 */
export function parseSettingValue(key: string, raw: string): SettingResult<unknown> {
  if (!isSettingKey(key)) return { ok: false, message: unknownKeyMessage(key) };
  const candidate = fromRaw(SPECS[key].kind, raw);
  const result = SPECS[key].schema.safeParse(candidate);
  if (!result.success) return { ok: false, message: badValueMessage(key, raw) };
  return { ok: true, value: result.data };
}

/** Checks an already-typed value (e.g. from the settings window) for a key; returns the value as stored. */
export function validateSettingValue<K extends SettingKey>(key: K, value: unknown): SettingResult<SettingValue<K>> {
  if (!isSettingKey(key)) return { ok: false, message: unknownKeyMessage(key) };
  const result = SPECS[key].schema.safeParse(value);
  if (!result.success) {
    const shown = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
    return { ok: false, message: badValueMessage(key, shown) };
  }
  return { ok: true, value: result.data as SettingValue<K> };
}

/** Reads one setting by dotted key. */
export function getSetting<K extends SettingKey>(settings: Settings, key: K): SettingValue<K> {
  const [group, field] = splitKey(key);
  if (group) return (settings[group] as unknown as Record<string, unknown>)[field] as SettingValue<K>;
  return settings[key as keyof Settings] as SettingValue<K>;
}

/** Settings kept as a nested object, stored under `group.field` keys. */
const GROUPS = ['budget', 'mic', 'hotkey', 'paste', 'overlay'] as const;
type SettingGroup = (typeof GROUPS)[number];

function splitKey(key: string): [SettingGroup | null, string] {
  const dot = key.indexOf('.');
  const group = GROUPS.find((g) => g === key.slice(0, dot));
  return group ? [group, key.slice(dot + 1)] : [null, key];
}

/** Returns a copy of `settings` with one dotted key replaced; the input is not changed. */
export function applySetting<K extends SettingKey>(settings: Settings, key: K, value: SettingValue<K>): Settings {
  const copy: Settings = {
    ...settings,
    budget: { ...settings.budget },
    mic: { ...settings.mic },
    hotkey: { ...settings.hotkey },
    paste: { ...settings.paste },
    overlay: { ...settings.overlay },
  };
  const [group, field] = splitKey(key);
  if (group) (copy[group] as unknown as Record<string, unknown>)[field] = value;
  else (copy as unknown as Record<string, unknown>)[key] = value;
  return copy;
}

/**
 * Builds full settings from whatever a file holds: each valid field is kept, each missing or invalid field falls back
 * to its default, so one hand-edit mistake does not wipe the rest. Returns the keys that were invalid.
 */
export function settingsFromUnknown(data: unknown): { settings: Settings; invalidKeys: SettingKey[] } {
  const source = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  const groupSource = (group: SettingGroup): Record<string, unknown> => {
    const value = source[group];
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  };
  let settings: Settings = {
    ...DEFAULT_SETTINGS,
    budget: { ...DEFAULT_SETTINGS.budget },
    mic: { ...DEFAULT_SETTINGS.mic },
    hotkey: { ...DEFAULT_SETTINGS.hotkey },
    paste: { ...DEFAULT_SETTINGS.paste },
    overlay: { ...DEFAULT_SETTINGS.overlay },
  };
  const invalidKeys: SettingKey[] = [];
  for (const key of SETTING_KEYS) {
    const [group, field] = splitKey(key);
    const stored = group ? groupSource(group)[field] : source[key];
    if (stored === undefined) continue;
    const checked = validateSettingValue(key, stored);
    if (checked.ok) settings = applySetting(settings, key, checked.value as SettingValue<typeof key>);
    else invalidKeys.push(key);
  }
  for (const group of GROUPS) {
    if (group in source && (typeof source[group] !== 'object' || source[group] === null)) {
      invalidKeys.push(...SETTING_KEYS.filter((key) => key.startsWith(`${group}.`)));
    }
  }
  return { settings, invalidKeys };
}

/** Shows a stored value the way `config get` prints it and `parseSettingValue` reads it back. */
export function formatSettingValue(value: unknown): string {
  if (value === null) return 'none';
  return String(value);
}
