import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DigitsMode, foldLetters, normalizePersian } from '../../../src-shared/persian/normalize-persian';

// Pieces that meet the editor's rules: words, affixes, letter variants, harakat, half-spaces, marks, digits, Latin.
const PIECES = [
  ...[
    'کتاب',
    'خانه',
    'می',
    'نمی',
    'میگفت',
    'ها',
    'های',
    'تر',
    'ترین',
    'ام',
    'ای',
    'اند',
    'ی',
    'ه',
    'ء',
    'ماه',
    'دیوار',
    'آن',
    'که',
  ],
  ...['علي', 'كتاب', 'ى', 'ۀ', 'ھ', 'ﻻ', 'ـ', 'ة', 'أ', 'ئ', 'ً', 'ِ', 'ّ', '\u200C', '\u200C\u200C'],
  ...[
    ' ',
    ' ',
    ' ',
    '  ',
    '\n',
    '\t',
    '\u00A0',
    '،',
    '؛',
    '؟',
    '?',
    ',',
    ';',
    '.',
    '...',
    '…',
    '!',
    '!!',
    ':',
    '"',
    '«',
    '»',
    '(',
    ')',
    '%',
    '٪',
  ],
  ...['12', '3.5', '۱۲', '٣', '1,000', '12:30', '192.168.1.1', '۲۰ام'],
  ...['Node.js', 'IBM-96', 'a ? b : c', 'report_2024.pdf', 'https://x.io/a?b=1', 'ali@mail.ir', 'OK'],
];
const persianish = fc.array(fc.constantFrom(...PIECES), { maxLength: 24 }).map((parts) => parts.join(''));
const modes = fc.constantFrom<DigitsMode>('keep', 'persian', 'latin');
const latinOnly = fc.string({ unit: fc.constantFrom(...'abcXYZ019 .,;:?!"\'()-_/@%\n\t'.split('')), maxLength: 60 });

const ARABIC_LETTER = /(?=\p{L})\p{sc=Arabic}/gu;
const YEH_OR_HAMZA = /[یء]/g;
const count = (text: string, pattern: RegExp): number => text.match(pattern)?.length ?? 0;

describe('Persian editor properties (fast-check)', () => {
  it('is idempotent: editing edited text changes nothing', () => {
    fc.assert(
      fc.property(persianish, modes, (text, digits) => {
        const once = normalizePersian(text, { digits });
        expect(normalizePersian(once, { digits })).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('never changes a Latin-only string, in any digits mode', () => {
    fc.assert(
      fc.property(latinOnly, modes, (text, digits) => {
        expect(normalizePersian(text, { digits })).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });

  it('never changes the number of Persian letters except by the folds (and ی/ء of an ezafe becoming هٔ)', () => {
    fc.assert(
      fc.property(persianish, modes, (text, digits) => {
        const folded = foldLetters(text);
        const edited = normalizePersian(text, { digits });
        if (edited === text) return; // not Persian text: left exactly as it came
        const others = (s: string): number => count(s, ARABIC_LETTER) - count(s, YEH_OR_HAMZA);
        expect(others(edited)).toBe(others(folded));
        expect(count(edited, YEH_OR_HAMZA)).toBeLessThanOrEqual(count(folded, YEH_OR_HAMZA));
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves the text exactly as it came when the editor is off or the language is not Persian', () => {
    fc.assert(
      fc.property(persianish, modes, (text, digits) => {
        expect(normalizePersian(text, { digits, edit: false })).toBe(text);
        expect(normalizePersian(text, { digits, language: 'en' })).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});
