import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesSearch, searchKey } from '../../../src-shared/persian/search-key';

const ZWNJ = '\u200C';

describe('Persian-aware search', () => {
  it.each([
    ['ي and ى are ی', 'علي و موسى', 'علی و موسی'],
    ['ك is ک', 'كتاب', 'کتاب'],
    ['a half-space, a space or nothing between the parts of a word', `کتاب${ZWNJ}ها`, 'کتاب ها'],
    ['… or glued', `می${ZWNJ}خواهم`, 'میخواهم'],
    ['harakat and tanvin are optional', 'کِتابً مُسْتَقِلّ', 'کتاب مستقل'],
    ['kashida is decoration', 'کتـــاب', 'کتاب'],
    ['Persian, Arabic-Indic and Latin digits', 'ساعت ۱۲ و ٣٤ دقیقه', 'ساعت 12 و 34 دقیقه'],
    ['the ezafe after heh: ۀ', 'خانۀ من', 'خانه من'],
    ['… هٔ', 'خانهٔ من', 'خانه من'],
    ['… ه‌ی', `خانه${ZWNJ}ی من`, 'خانه من'],
    ['… ه ی', 'خانه ی من', 'خانه من'],
    ['… ە (Kurdish ae)', 'خانە', 'خانه'],
    ['hamza seats', 'مسأله و پائیز و آن', 'مساله و پاییز و ان'],
    ['Latin case', 'OpenAI Whisper', 'openai whisper'],
  ])('%s', (_why, a, b) => {
    expect(searchKey(a)).toBe(searchKey(b));
    expect(matchesSearch(a, b)).toBe(true);
    expect(matchesSearch(b, a)).toBe(true);
  });

  it('finds a query typed with ك and a space in text written with ک and a half-space', () => {
    const text = `امروز دربارهٔ کتاب${ZWNJ}های تازه حرف زدیم و ۳ نمونه را خواندیم.`;
    expect(matchesSearch(text, 'كتاب ها')).toBe(true);
    expect(matchesSearch(text, 'كتابهاي تازه')).toBe(true);
    expect(matchesSearch(text, '3 نمونه')).toBe(true);
    expect(matchesSearch(text, 'درباره')).toBe(true);
  });

  it('does not match what is not there, and a glued ی is a different word', () => {
    expect(matchesSearch('کتاب تازه', 'دفتر')).toBe(false);
    // «ماهی» (fish) is not «ماه» (moon) with an ezafe.
    expect(searchKey('ماهی')).not.toBe(searchKey('ماه'));
    expect(matchesSearch('ماه', 'ماهی')).toBe(false);
    expect(matchesSearch('ساعت ۱۲', '13')).toBe(false);
  });

  it('an empty query, or one of only spaces and half-spaces, matches everything', () => {
    expect(matchesSearch('هر متنی', '')).toBe(true);
    expect(matchesSearch('هر متنی', `  ${ZWNJ} `)).toBe(true);
  });
});

// Words that do not end in ه (the ezafe rule), so any separator may stand between them.
const WORDS = [
  'کتاب',
  'دفتر',
  'میز',
  'سلام',
  'پیک',
  'یک',
  'کوچک',
  'تاریخ',
  'word',
  'Test',
  '۱۲',
  '2026',
  'پاییز',
  'مسأله',
];
const VARIANTS: Array<(s: string) => string> = [
  (s) => s.replace(/ی/g, 'ي'),
  (s) => s.replace(/ی/g, 'ى'),
  (s) => s.replace(/ک/g, 'ك'),
  (s) => s.replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0)),
  (s) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + Number(d))),
  (s) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x06f0 + Number(d))),
  (s) => s.replace(/ت/g, 'تَ').replace(/ب/g, 'بِ'),
  (s) => s.replace(/ا/g, 'ـا'),
  (s) => s.replace(/یی/g, 'ئی').replace(/أ/g, 'ا'),
  (s) => s.toUpperCase(),
];
const SEPARATORS = [' ', ZWNJ, '', '  ', ' ، ', '\n'];

const phrase = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 6 });
const spelling = fc.record({
  separators: fc.array(fc.constantFrom(...SEPARATORS), { minLength: 6, maxLength: 6 }),
  variants: fc.subarray(VARIANTS.map((_, i) => i)),
});
const write = (words: string[], how: { separators: string[]; variants: number[] }) =>
  how.variants.reduce(
    (text, i) => VARIANTS[i](text),
    words.map((word, i) => (i === 0 ? word : how.separators[i - 1] + word)).join(''),
  );

describe('search key properties', () => {
  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => searchKey(searchKey(text)) === searchKey(text)),
      { numRuns: 500 },
    );
  });

  it('every spelling of a phrase has the same key', () => {
    fc.assert(
      fc.property(
        phrase,
        spelling,
        spelling,
        (words, a, b) => searchKey(write(words, a)) === searchKey(write(words, b)),
      ),
      { numRuns: 500 },
    );
  });

  it('any run of words, spelled any way, is found in the text spelled another way', () => {
    fc.assert(
      fc.property(
        phrase,
        fc.nat(),
        fc.nat(),
        spelling,
        spelling,
        (words, from, length, textSpelling, querySpelling) => {
          const start = from % words.length;
          const part = words.slice(start, start + 1 + (length % (words.length - start)));
          return matchesSearch(write(words, textSpelling), write(part, querySpelling));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a key holds no spaces, half-spaces, harakat, Arabic letter forms or non-Latin digits', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const key = searchKey(text);
        const forbidden =
          /\s|\u200C|\u200D|[\u064B-\u065F]|\u0670|\u0640|\u064A|\u0643|\u0649|[\u06F0-\u06F9\u0660-\u0669]/u;
        return !forbidden.test(key);
      }),
      { numRuns: 500 },
    );
  });
});
