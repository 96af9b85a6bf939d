import { describe, it, expect } from 'vitest';
import {
  DEFAULT_SETTINGS,
  SETTING_KEYS,
  applySetting,
  getSetting,
  parseSettingValue,
  settingsFromUnknown,
  settingsSchema,
  validateSettingValue,
} from '../../../src-shared/settings/settings-schema';
import { budgetLimits, crossedThresholds } from '../../../src-shared/usage/budget';
import { periodRange } from '../../../src-shared/usage/periods';

describe('DEFAULT_SETTINGS', () => {
  it('a person with no settings file dictates Persian, with weeks from Saturday and no budget in the way', () => {
    const { settings, invalidKeys } = settingsFromUnknown(undefined);
    expect(invalidKeys).toEqual([]);
    expect(settingsSchema.safeParse(settings).success).toBe(true);
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(settings.language).toBe('fa');
    expect(settings.uiLanguage).toBe('fa');
    // On the model that costs least per minute and is not retiring, so no shutdown warning greets a newcomer.
    expect(settings.model).toBe('gpt-transcribe');
    // The week counter runs Saturday to Friday, as Iranian calendars print it (Wednesday 19 March 2025 here).
    const calendar = { weekStartsOn: settings.weekStartsOn, calendar: settings.calendar };
    expect(periodRange('week', '2025-03-19', calendar)).toEqual({ first: '2025-03-15', last: '2025-03-21' });
    // No daily or monthly limit, and nothing is ever held back: a large day only warns, at the session level.
    const spent = { dayKey: '2025-03-19', dayMicros: 50_000_000, monthKey: '2025-03', monthMicros: 50_000_000 };
    expect(budgetLimits(settings.budget)).toMatchObject({ daily: null, monthly: null });
    expect(settings.budget.blockAtLimit).toBe(false);
    expect(crossedThresholds(spent, settings.budget)).toEqual([]);
    const session = crossedThresholds({ ...spent, sessionId: 's', sessionMicros: 1_000_000 }, settings.budget);
    expect(session.map((t) => `${t.scope}:${t.level}`)).toEqual(['session:warn']);
  });

  it('names every setting by a dotted key that reads back its default', () => {
    expect(SETTING_KEYS).toContain('budget.dailyUsd');
    expect(getSetting(DEFAULT_SETTINGS, 'budget.warnPercent')).toBe(80);
    expect(getSetting(DEFAULT_SETTINGS, 'digits')).toBe('keep');
  });
});

describe('parseSettingValue', () => {
  it('reads numbers, including Persian digits and a dollar sign', () => {
    expect(parseSettingValue('maxConcurrentRequests', '5')).toEqual({ ok: true, value: 5 });
    expect(parseSettingValue('maxConcurrentRequests', '۴')).toEqual({ ok: true, value: 4 });
    expect(parseSettingValue('budget.dailyUsd', '$0.50')).toEqual({ ok: true, value: 0.5 });
    expect(parseSettingValue('budget.monthlyUsd', '۱۰٫۵')).toEqual({ ok: true, value: 10.5 });
  });

  it('reads "none" as no budget and yes/no as booleans', () => {
    expect(parseSettingValue('budget.dailyUsd', 'none')).toEqual({ ok: true, value: null });
    expect(parseSettingValue('budget.monthlyUsd', 'null')).toEqual({ ok: true, value: null });
    expect(parseSettingValue('budget.blockAtLimit', 'yes')).toEqual({ ok: true, value: true });
    expect(parseSettingValue('budget.blockAtLimit', 'false')).toEqual({ ok: true, value: false });
  });

  it('tidies a pasted base URL and lower-cases the language code', () => {
    expect(parseSettingValue('baseUrl', 'https://api.groq.com/openai/v1/audio/transcriptions/')).toEqual({
      ok: true,
      value: 'https://api.groq.com/openai/v1',
    });
    expect(parseSettingValue('language', 'FA')).toEqual({ ok: true, value: 'fa' });
    expect(parseSettingValue('baseUrl', 'http://127.0.0.1:8080/v1/')).toEqual({
      ok: true,
      value: 'http://127.0.0.1:8080/v1',
    });
    expect(parseSettingValue('baseUrl', 'https://api.groq.com')).toEqual({
      ok: true,
      value: 'https://api.groq.com/openai/v1',
    });
  });

  it('rejects out-of-range values with a Persian and English message naming what is allowed', () => {
    const tooMany = parseSettingValue('maxConcurrentRequests', '9');
    expect(tooMany.ok).toBe(false);
    if (!tooMany.ok) {
      expect(tooMany.message.en).toContain('from 1 to 8');
      expect(tooMany.message.fa).toContain('از ۱ تا ۸');
    }
    const digits = parseSettingValue('digits', 'arabic');
    expect(digits.ok).toBe(false);
    if (!digits.ok) expect(digits.message.en).toContain('keep, persian, latin');
    expect(parseSettingValue('budget.warnPercent', '0').ok).toBe(false);
    expect(parseSettingValue('budget.warnPercent', '150').ok).toBe(false);
    expect(parseSettingValue('budget.dailyUsd', '-1').ok).toBe(false);
    expect(parseSettingValue('customPricePerMinuteUsd', 'free').ok).toBe(false);
    expect(parseSettingValue('baseUrl', 'ftp://example.com').ok).toBe(false);
    expect(parseSettingValue('language', 'farsi').ok).toBe(false);
    expect(parseSettingValue('model', 'whisper 1').ok).toBe(false);
    expect(parseSettingValue('weekStartsOn', 'friday').ok).toBe(false);
  });

  it('rejects unknown keys, listing the known ones', () => {
    const result = parseSettingValue('budget.yearlyUsd', '5');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message.en).toContain('budget.monthlyUsd');
      expect(result.message.fa).toContain('budget.yearlyUsd');
    }
  });
});

describe('validateSettingValue / applySetting', () => {
  it('checks typed values the settings window sends', () => {
    expect(validateSettingValue('calendar', 'persian')).toEqual({ ok: true, value: 'persian' });
    expect(validateSettingValue('calendar', 'hijri').ok).toBe(false);
    expect(validateSettingValue('budget.sessionWarnUsd', Number.NaN).ok).toBe(false);
    expect(validateSettingValue('maxConcurrentRequests', 2.5).ok).toBe(false);
  });

  it('returns a changed copy and leaves the original alone', () => {
    const changed = applySetting(DEFAULT_SETTINGS, 'budget.dailyUsd', 2);
    expect(changed.budget.dailyUsd).toBe(2);
    expect(DEFAULT_SETTINGS.budget.dailyUsd).toBeNull();
    expect(applySetting(changed, 'uiLanguage', 'en')).toMatchObject({ uiLanguage: 'en', budget: { dailyUsd: 2 } });
  });
});

describe('settingsFromUnknown', () => {
  it('keeps valid stored values, defaults missing ones and reports invalid ones', () => {
    const { settings, invalidKeys } = settingsFromUnknown({
      model: 'gpt-transcribe',
      maxConcurrentRequests: 99,
      budget: { monthlyUsd: 20, warnPercent: 'lots' },
    });
    expect(settings.model).toBe('gpt-transcribe');
    expect(settings.maxConcurrentRequests).toBe(3);
    expect(settings.budget).toEqual({ ...DEFAULT_SETTINGS.budget, monthlyUsd: 20 });
    expect(invalidKeys).toEqual(['maxConcurrentRequests', 'budget.warnPercent']);
  });
});
