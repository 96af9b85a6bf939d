import { describe, it, expect } from 'vitest';
import {
  isSilenceHallucination,
  LITTLE_SPEECH_MS,
  NO_SPEECH_MS,
} from '../../../src-shared/persian/silence-hallucinations';

const silent = { speechMs: 150, audioMs: 3000 };
const littleSpeech = { speechMs: 1200, audioMs: 4000 };
const realSpeech = { speechMs: 6000, audioMs: 8000 };

describe('isSilenceHallucination', () => {
  it('drops subtitle credits Whisper invents on a quiet chunk', () => {
    expect(isSilenceHallucination('Subtitles by the Amara.org community', littleSpeech)).toBe(true);
    expect(isSilenceHallucination('زیرنویس توسط امیر حسینی', littleSpeech)).toBe(true);
    expect(isSilenceHallucination('زيرنويس فارسي توسط: مترجم', littleSpeech)).toBe(true);
    expect(isSilenceHallucination('ترجمه و زیرنویس: گروه فیلم', silent)).toBe(true);
  });

  it('drops thanks-for-watching and subscribe lines, in any spacing, case or punctuation', () => {
    expect(isSilenceHallucination('Thanks for watching!', littleSpeech)).toBe(true);
    expect(isSilenceHallucination('THANK YOU FOR WATCHING.', silent)).toBe(true);
    expect(isSilenceHallucination('ممنون که تماشا کردید.', littleSpeech)).toBe(true);
    expect(isSilenceHallucination('با تشكر از تماشاي شما', littleSpeech)).toBe(true);
    expect(isSilenceHallucination('لطفاً سابسکرایب کنید!', littleSpeech)).toBe(true);
    expect(isSilenceHallucination('Please subscribe.', littleSpeech)).toBe(true);
  });

  it('drops a phrase Whisper repeated over and over', () => {
    expect(isSilenceHallucination('ممنون که تماشا کردید. ممنون که تماشا کردید.', littleSpeech)).toBe(true);
    expect(isSilenceHallucination('you you you', littleSpeech)).toBe(true);
  });

  it('drops a lone "you" and text with no words at all', () => {
    expect(isSilenceHallucination('you', littleSpeech)).toBe(true);
    expect(isSilenceHallucination(' . . . ', realSpeech)).toBe(true);
    expect(isSilenceHallucination('♪ ♪', realSpeech)).toBe(true);
    expect(isSilenceHallucination('[Music]', littleSpeech)).toBe(true);
    expect(isSilenceHallucination('(موسیقی)', littleSpeech)).toBe(true);
  });

  it('drops a lone "Thank you." or "ممنون" only when the chunk held almost no speech', () => {
    expect(isSilenceHallucination('Thank you.', silent)).toBe(true);
    expect(isSilenceHallucination('ممنون.', silent)).toBe(true);
    expect(isSilenceHallucination('ممنون', { speechMs: 700, audioMs: 1500 })).toBe(false);
    expect(isSilenceHallucination('مرسی!', { speechMs: 650, audioMs: 1200 })).toBe(false);
    expect(isSilenceHallucination('Thank you.', { speechMs: 900, audioMs: 1500 })).toBe(false);
  });

  it('keeps the same phrases when the person clearly spoke them at length', () => {
    expect(isSilenceHallucination('ممنون که تماشا کردید', realSpeech)).toBe(false);
    expect(isSilenceHallucination('زیرنویس توسط امیر حسینی', realSpeech)).toBe(false);
  });

  it('keeps real dictation that merely contains such words', () => {
    expect(isSilenceHallucination('ممنون که دیروز به من زنگ زدی', littleSpeech)).toBe(false);
    expect(isSilenceHallucination('زیرنویس این فیلم خوب بود', littleSpeech)).toBe(false);
    expect(isSilenceHallucination('سلام', silent)).toBe(false);
    expect(isSilenceHallucination('۱۲۳', silent)).toBe(false);
    expect(
      isSilenceHallucination(
        'زیرنویس توسط تیم ما برای همهٔ قسمت‌های این مجموعه با دقت و حوصلهٔ زیاد آماده شده است',
        littleSpeech,
      ),
    ).toBe(false);
  });

  it('does not count more speech than there was audio', () => {
    expect(isSilenceHallucination('ممنون', { speechMs: 5000, audioMs: 300 })).toBe(true);
  });

  it(
    'a short "thank you" is dropped only over silence, an outro over a little speech, and both kept ' +
      'in real speech',
    () => {
      // What decides is how much speech the chunk held: a word said on purpose survives, a phantom outro does not.
      const justUnder = (ms: number) => ({ speechMs: ms - 1, audioMs: 10_000 });
      const at = (ms: number) => ({ speechMs: ms, audioMs: 10_000 });
      expect(isSilenceHallucination('ممنون', justUnder(NO_SPEECH_MS))).toBe(true);
      expect(isSilenceHallucination('ممنون', at(NO_SPEECH_MS))).toBe(false);
      expect(isSilenceHallucination('ممنون که تماشا کردید', at(NO_SPEECH_MS))).toBe(true);
      expect(isSilenceHallucination('ممنون که تماشا کردید', justUnder(LITTLE_SPEECH_MS))).toBe(true);
      expect(isSilenceHallucination('ممنون که تماشا کردید', at(LITTLE_SPEECH_MS))).toBe(false);
      expect(isSilenceHallucination('ممنون که تماشا کردید', realSpeech)).toBe(false);
    },
  );
});

describe('isSilenceHallucination: issue 11', () => {
  it('knows more outros and credits in their usual spellings', () => {
    expect(isSilenceHallucination('ممنون که گوش دادید', littleSpeech)).toBe(true);
    expect(isSilenceHallucination('با تشكر از همراهي شما.', littleSpeech)).toBe(true);
    expect(isSilenceHallucination('امیدوارم از این ویدیو لذت برده باشید', littleSpeech)).toBe(true);
    expect(isSilenceHallucination('I hope you enjoyed this video!', littleSpeech)).toBe(true);
    expect(isSilenceHallucination('Thanks for listening.', silent)).toBe(true);
    expect(isSilenceHallucination('زیرنویس: علی رضایی', littleSpeech)).toBe(true);
    expect(isSilenceHallucination('مترجم: سارا', silent)).toBe(true);
  });

  it('keeps a short real question about subtitles', () => {
    const twoSeconds = { speechMs: 1800, audioMs: 2200 };
    expect(isSilenceHallucination('زیرنویس از کجا بیاورم؟', twoSeconds)).toBe(false);
    expect(isSilenceHallucination('زیرنویس این فیلم را می‌خواهم', twoSeconds)).toBe(false);
    expect(isSilenceHallucination('ترجمه از انگلیسی چطور است', twoSeconds)).toBe(false);
  });
});
