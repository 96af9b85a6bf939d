import { describe, expect, it } from 'vitest';
import { toStorageError, UsageStorageError } from '../../../src-main/usage/storage-error';

const at = '/data/usage-ledger.jsonl';
const fsError = (code: string) => Object.assign(new Error(`${code}: from the disk`), { code });

describe('what a person is told when the data folder fails', () => {
  it.each([
    {
      code: 'ENOSPC',
      en: `The disk is full, so usage could not be saved to "${at}". Free some space`,
      fa: 'دیسک پر است',
    },
    {
      code: 'EDQUOT',
      en: `The disk is full, so usage could not be saved to "${at}". Free some space`,
      fa: 'دیسک پر است',
    },
    { code: 'EROFS', en: `read-only or not writable ("${at}"). Fix its permissions`, fa: 'اجازهٔ نوشتن ندارد' },
    { code: 'EACCES', en: `read-only or not writable ("${at}"). Fix its permissions`, fa: 'اجازهٔ نوشتن ندارد' },
    { code: 'EPERM', en: 'another folder with --data-dir', fa: 'فقط‌خواندنی' },
    {
      code: 'ENOTDIR',
      en: `The data folder path cannot be used ("${at}"). Give a real folder`,
      fa: 'قابل استفاده نیست',
    },
    { code: 'EISDIR', en: '--data-dir or SOKHAN_DATA_DIR', fa: 'قابل استفاده نیست' },
    { code: 'ENOENT', en: 'cannot be used', fa: `(«${at}»)` },
    { code: 'EBUSY', en: `Disk error (EBUSY) while saving usage at "${at}". Check the disk`, fa: 'هنگام ذخیرهٔ کارکرد' },
  ])(
    'a failed write with $code says what happened, what to do, and that earlier usage is intact',
    ({ code, en, fa }) => {
      const error = toStorageError(fsError(code), at, 'write');
      expect(error).toBeInstanceOf(UsageStorageError);
      expect(error).toMatchObject({ name: 'UsageStorageError', code, path: at });
      expect(error.message).toBe(error.bilingual.en);
      expect(error.bilingual.en).toContain(en);
      expect(error.bilingual.en.endsWith(' Usage recorded before is intact.')).toBe(true);
      expect(error.bilingual.fa).toContain(fa);
      expect(error.bilingual.fa.endsWith(' کارکردهای قبلی سالم مانده‌اند.')).toBe(true);
    },
  );

  it.each([
    { code: 'EACCES', en: `The data folder is read-only or not readable ("${at}").`, fa: 'اجازهٔ خواندن ندارد' },
    {
      code: 'EIO',
      en: `Disk error (EIO) while reading usage at "${at}". Check the disk and permissions`,
      fa: 'هنگام خواندن',
    },
  ])('a failed read with $code says so, and promises nothing about what was saved', ({ code, en, fa }) => {
    const error = toStorageError(fsError(code), at, 'read');
    expect(error.bilingual.en).toContain(en);
    expect(error.bilingual.en).toMatch(/try again\.$|--data-dir\.$/);
    expect(error.bilingual.en).not.toContain('intact');
    expect(error.bilingual.fa).toContain(fa);
    expect(error.bilingual.fa).not.toContain('سالم');
  });

  it.each([
    { what: 'a thrown string', thrown: 'boom' },
    { what: 'null', thrown: null },
    { what: 'an error without a code', thrown: new Error('odd') },
  ])('$what is reported as a disk error (EIO)', ({ thrown }) => {
    const error = toStorageError(thrown, at, 'write');
    expect(error.code).toBe('EIO');
    expect(error.bilingual.en).toContain('Disk error (EIO) while saving');
  });

  it('an error that is already worded for the person passes through unchanged', () => {
    const worded = toStorageError(fsError('ENOSPC'), '/elsewhere', 'write');
    expect(toStorageError(worded, at, 'read')).toBe(worded);
  });
});
