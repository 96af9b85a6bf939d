import { describe, it, expect } from 'vitest';
import { joinTranscriptParts, normalizePersian, promptTail } from '../../../src-shared/persian/normalize-persian';

const ZWNJ = '\u200C';

describe('normalizePersian: letters', () => {
  it('turns Arabic yeh, alef maksura and kaf into Persian ی and ک', () => {
    expect(normalizePersian('علي به كتابخانه رفت')).toBe('علی به کتابخانه رفت');
    expect(normalizePersian('مصطفى')).toBe('مصطفی');
  });

  it('removes kashida stretching', () => {
    expect(normalizePersian('خیلــــی خوب')).toBe('خیلی خوب');
  });

  it('folds Arabic presentation forms into ordinary letters', () => {
    expect(normalizePersian('ﻛﺘﺎﺏ ﻓﺎﺭﺳﻰ')).toBe('کتاب فارسی');
    expect(normalizePersian('ﻻ')).toBe('لا');
  });

  it('composes a decomposed hamza before mapping yeh, so ئ survives', () => {
    expect(normalizePersian('مسا\u064A\u0654ل')).toBe('مسائل');
  });

  it('writes heh with hamza one way (هٔ), keeps tanwin and hamza forms, and never keeps Arabic-Indic digits', () => {
    expect(normalizePersian('خانهٔ ما و خانۀ شما')).toBe('خانهٔ ما و خانهٔ شما');
    expect(normalizePersian('واقعاً تأثیر داشت')).toBe('واقعاً تأثیر داشت');
    expect(normalizePersian('۱۲ و ١٢ و 12')).toBe('۱۲ و ۱۲ و 12');
  });

  it('turns no-break, thin and other odd spaces into plain spaces and drops zero-width spaces', () => {
    expect(normalizePersian('سلام\u00A0دنیا\u2009!')).toBe('سلام دنیا!');
    expect(normalizePersian('\uFEFFسلام\u200B دنیا')).toBe('سلام دنیا');
  });
});

describe('normalizePersian: half-spaces (ZWNJ)', () => {
  it('keeps a half-space inside a word and collapses repeats', () => {
    expect(normalizePersian(`کتاب${ZWNJ}${ZWNJ}${ZWNJ}ها`)).toBe(`کتاب${ZWNJ}ها`);
    expect(normalizePersian(`می${ZWNJ}خواهم`)).toBe(`می${ZWNJ}خواهم`);
  });

  it('drops half-spaces next to spaces, punctuation and the ends of the text', () => {
    expect(normalizePersian(`${ZWNJ}کتاب ${ZWNJ}خوب${ZWNJ}`)).toBe('کتاب خوب');
    expect(normalizePersian(`خانه${ZWNJ}. رفتم`)).toBe('خانه. رفتم');
  });

  it('keeps a half-space between a number and its ordinal suffix', () => {
    expect(normalizePersian(`۲۰${ZWNJ}ام`)).toBe(`۲۰${ZWNJ}ام`);
  });
});

describe('normalizePersian: punctuation and spaces', () => {
  it('puts no space before ، ؛ ؟ . ! : and one after', () => {
    expect(normalizePersian('سلام ، حالت چطوره ؟')).toBe('سلام، حالت چطوره؟');
    expect(normalizePersian('سلام،حالت چطوره؟خوبم')).toBe('سلام، حالت چطوره؟ خوبم');
    expect(normalizePersian('این را بخوان ؛ آن را نه')).toBe('این را بخوان؛ آن را نه');
    expect(normalizePersian('تمام شد .بعدی')).toBe('تمام شد. بعدی');
    expect(normalizePersian('توجه :این مهم است !')).toBe('توجه: این مهم است!');
  });

  it('hugs «quoted text» and spaces it from the words around', () => {
    expect(normalizePersian('او گفت:« سلام » و رفت')).toBe('او گفت: «سلام» و رفت');
    expect(normalizePersian('او گفت«سلام»و رفت')).toBe('او گفت «سلام» و رفت');
  });

  it('turns ? , ; typed after Persian words into ؟ ، ؛', () => {
    expect(normalizePersian('چی شد ?')).toBe('چی شد؟');
    expect(normalizePersian('هوا سرد است , برو')).toBe('هوا سرد است، برو');
  });

  it('collapses runs of spaces and trims', () => {
    expect(normalizePersian('   این  کتاب   را    خواندم   ')).toBe('این کتاب را خواندم');
  });

  it('keeps stacked marks and ellipses together', () => {
    expect(normalizePersian('واقعاً ؟ !')).toBe('واقعاً؟!');
    expect(normalizePersian('نه ...')).toBe('نه…');
  });

  it('keeps single-letter abbreviations such as ق.ظ whole', () => {
    expect(normalizePersian('ساعت ۱۰ ق.ظ جلسه داریم.بعد می‌رویم')).toBe('ساعت ۱۰ ق.ظ جلسه داریم. بعد می‌رویم');
  });

  it('does not break decimals, times, URLs, e-mail addresses or Latin text', () => {
    expect(normalizePersian('قیمت 3.5 دلار است و ساعت 12:30 می‌رسم')).toBe('قیمت 3.5 دلار است و ساعت 12:30 می‌رسم');
    expect(normalizePersian('به https://example.com/a.b?x=1,2 سر بزنید.')).toBe(
      'به https://example.com/a.b?x=1,2 سر بزنید.',
    );
    expect(normalizePersian('نشانی www.sokhan.ir.')).toBe('نشانی www.sokhan.ir.');
    expect(normalizePersian('ایمیل من ali.reza@mail.co.ir است')).toBe('ایمیل من ali.reza@mail.co.ir است');
    expect(normalizePersian('I use Node.js, e.g. with React')).toBe('I use Node.js, e.g. with React');
    expect(normalizePersian('سلام :)')).toBe('سلام :)');
  });
});

describe('normalizePersian: digits option', () => {
  it("leaves digits as given with 'keep' (the default)", () => {
    expect(normalizePersian('ساعت 12:30 و ۱۴۰۳', { digits: 'keep' })).toBe('ساعت 12:30 و ۱۴۰۳');
  });

  it("writes Persian digits and separators with 'persian', from Latin and Arabic-Indic alike", () => {
    expect(normalizePersian('قیمت 3.5 دلار، ساعت 12:30 و ١٢٣', { digits: 'persian' })).toBe(
      'قیمت ۳٫۵ دلار، ساعت ۱۲:۳۰ و ۱۲۳',
    );
    expect(normalizePersian('تعداد 1,000 نفر', { digits: 'persian' })).toBe('تعداد ۱٬۰۰۰ نفر');
  });

  it("keeps digits inside Latin names and URLs with 'persian'", () => {
    expect(normalizePersian('فایل mp3 و نسخهٔ v1.2 در https://x.io/a1 از سال 2024', { digits: 'persian' })).toBe(
      'فایل mp3 و نسخهٔ v1.2 در https://x.io/a1 از سال ۲۰۲۴',
    );
  });

  it("writes Latin digits with 'latin', decimal ٫ becoming a dot", () => {
    expect(normalizePersian('قیمت ۳٫۵ دلار، ساعت ۱۲:۳۰ و ١٢٣', { digits: 'latin' })).toBe(
      'قیمت 3.5 دلار، ساعت 12:30 و 123',
    );
  });
});

describe('joinTranscriptParts', () => {
  it('joins chunks with single spaces and none before punctuation', () => {
    expect(joinTranscriptParts(['سلام ', '، خوبی', '', '  چطوری؟ ', '. تمام'])).toBe('سلام، خوبی چطوری؟. تمام');
    expect(joinTranscriptParts(['امروز رفتم  ', '  بازار'])).toBe('امروز رفتم بازار');
  });

  it('gives an empty string for no text', () => {
    expect(joinTranscriptParts([])).toBe('');
    expect(joinTranscriptParts(['  ', ''])).toBe('');
  });
});

describe('promptTail', () => {
  it('returns short transcripts whole', () => {
    expect(promptTail(' سلام دنیا ', 300)).toBe('سلام دنیا');
  });

  it('cuts long transcripts at a word boundary, never mid-word', () => {
    const text = 'کتاب‌های خوب را بخوانید و لذت ببرید';
    const tail = promptTail(text, 20);
    expect(tail).toBe('بخوانید و لذت ببرید');
    expect(tail.length).toBeLessThanOrEqual(20);
  });

  it('treats a half-space-joined word as one word', () => {
    // The 12-char window starts inside "کتاب‌ها"; it must be skipped whole, not cut after the half-space.
    expect(promptTail('این کتاب‌ها خوب است', 12)).toBe('خوب است');
  });

  it('keeps the tail within the default 300 characters for a long dictation', () => {
    const sentence = 'امروز هوا خیلی خوب بود و ما به پارک رفتیم. ';
    const tail = promptTail(sentence.repeat(40));
    expect(tail.length).toBeLessThanOrEqual(300);
    expect(tail.length).toBeGreaterThan(250);
    expect(sentence.repeat(40).trim().endsWith(tail)).toBe(true);
    expect(tail.startsWith(' ')).toBe(false);
    expect(sentence.split(' ')).toContain(tail.split(' ')[0]);
  });
});
