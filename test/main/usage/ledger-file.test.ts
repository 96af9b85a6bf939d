import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LedgerRecord } from '../../../src-shared/usage/ledger-record';
import { LedgerFile, type LedgerFs } from '../../../src-main/usage/ledger-file';
import { UsageStorageError } from '../../../src-main/usage/storage-error';

const tmpLedger = () => path.join(fs.mkdtempSync(path.join(tmpdir(), 'sokhan-ledger-')), 'usage-ledger.jsonl');

function reset(id: string, at = 1_742_457_600_000): LedgerRecord {
  return { kind: 'reset', id, at, period: 'day', source: 'cli' };
}

/** The file system, with every write the ledger makes recorded as the bytes it carried. */
function recordingFs(shortBy = 0) {
  const writes: string[] = [];
  const port: LedgerFs = {
    ...fs,
    writeSync: ((fd: number, buffer: Buffer, offset: number, length: number) => {
      writes.push(buffer.toString('utf8', offset, offset + length));
      const done = fs.writeSync(fd, buffer, offset, length - shortBy);
      return done;
    }) as typeof fs.writeSync,
  };
  return { port, writes };
}

describe('the ledger file', () => {
  it('writes a big batch in whole lines of at most 64 KB each, so the other process never reads half a line', () => {
    const file = tmpLedger();
    const { port, writes } = recordingFs();
    const ledger = new LedgerFile(file, port);
    const records = Array.from({ length: 3_000 }, (_, i) => reset(`z-${i}`));
    ledger.append(records);
    expect(writes.length).toBeGreaterThan(1);
    for (const chunk of writes) {
      expect(Buffer.byteLength(chunk)).toBeLessThanOrEqual(64 * 1024);
      expect(chunk.endsWith('\n')).toBe(true);
    }
    expect(ledger.read().records.map((r) => r.id)).toEqual(records.map((r) => r.id));
    const before = writes.length;
    ledger.append([]);
    expect(writes.length).toBe(before);
  });

  it('fills each write up to 64 KB exactly: a batch of 128-byte lines goes in writes of 512 lines', () => {
    const file = tmpLedger();
    const { port, writes } = recordingFs();
    const base = `${JSON.stringify(reset(''))}\n`.length;
    const records = Array.from({ length: 1_100 }, (_, i) => reset(`z-${i}`.padEnd(128 - base, '-')));
    expect(`${JSON.stringify(records[0])}\n`).toHaveLength(128);
    new LedgerFile(file, port).append(records);
    expect(writes.map((w) => Buffer.byteLength(w))).toEqual([65_536, 65_536, 76 * 128]);
  });

  it('a single line longer than 64 KB still goes whole, in one write', () => {
    const file = tmpLedger();
    const { port, writes } = recordingFs();
    const long = reset(`long-${'x'.repeat(70_000)}`);
    new LedgerFile(file, port).append([long]);
    expect(writes).toEqual([`${JSON.stringify(long)}\n`]);
  });

  it('writing nothing creates no ledger', () => {
    const file = tmpLedger();
    new LedgerFile(file).append([]);
    expect(fs.existsSync(file)).toBe(false);
  });

  it("blank lines (an editor's trailing newlines) are not reported as damaged; other lines that are not records are", () => {
    const file = tmpLedger();
    fs.writeFileSync(file, `\n${JSON.stringify(reset('a'))}\n  \n\n{"note":"edited by hand"}\n[1,2]\n`);
    const chunk = new LedgerFile(file).read();
    expect(chunk.records.map((r) => r.id)).toEqual(['a']);
    expect(chunk.skipped).toBe(2);
    expect(chunk.consumed).toBe(fs.statSync(file).size);
  });

  it('closes every file it opens, whether it reads, appends or looks for the last id', () => {
    const file = tmpLedger();
    const open = new Set<number>();
    const port: LedgerFs = {
      ...fs,
      openSync: ((...args: Parameters<typeof fs.openSync>) => {
        const fd = fs.openSync(...args);
        open.add(fd);
        return fd;
      }) as typeof fs.openSync,
      closeSync: (fd: number) => {
        open.delete(fd);
        fs.closeSync(fd);
      },
    };
    const ledger = new LedgerFile(file, port);
    ledger.append([reset('a')]);
    fs.appendFileSync(file, '{"kind":"re'); // a torn end, so the append looks again before writing
    ledger.append([reset('b')]);
    expect(ledger.read().records).toHaveLength(2);
    expect(ledger.read(1_000_000)).toEqual({ records: [], consumed: 0, skipped: 0 });
    expect(ledger.lastIdBefore(fs.statSync(file).size)).toBe('b');
    expect(open.size).toBe(0);
  });

  it(
    'after a torn last line (a crash mid-write), new lines start on a line of their own and the ' +
      'fragment is skipped',
    () => {
      const file = tmpLedger();
      const ledger = new LedgerFile(file);
      ledger.append([reset('a')]);
      fs.appendFileSync(file, '{"kind":"reset","id":"tor');
      ledger.append([reset('b'), reset('c')]);
      const chunk = ledger.read();
      expect(chunk.records.map((r) => r.id)).toEqual(['a', 'b', 'c']);
      expect(chunk.skipped).toBe(1);
      expect(chunk.consumed).toBe(fs.statSync(file).size);
    },
  );

  it('reads on from where it left off, and an unfinished last line waits for its end', () => {
    const file = tmpLedger();
    const ledger = new LedgerFile(file);
    expect(ledger.read()).toEqual({ records: [], consumed: 0, skipped: 0 });
    expect(ledger.size()).toBe(0);
    ledger.append([reset('a')]);
    const first = ledger.read();
    ledger.append([reset('b')]);
    fs.appendFileSync(file, '{"kind":"reset"');
    const next = ledger.read(first.consumed);
    expect(next.records.map((r) => r.id)).toEqual(['b']);
    expect(next.skipped).toBe(0);
    expect(first.consumed + next.consumed).toBe(fs.statSync(file).size - '{"kind":"reset"'.length);
    expect(ledger.read(fs.statSync(file).size).records).toEqual([]);
  });

  it('knows the id of the last line ending at a given byte, and nothing in the middle of a line', () => {
    const file = tmpLedger();
    const ledger = new LedgerFile(file);
    expect(ledger.lastIdBefore(0)).toBeNull();
    ledger.append([reset('a')]);
    const afterA = fs.statSync(file).size;
    fs.appendFileSync(file, 'not a record\n{"note":"JSON, but not a record"}\n');
    const afterJunk = fs.statSync(file).size;
    ledger.append([reset('b')]);
    expect(ledger.lastIdBefore(afterA)).toBe('a');
    expect(ledger.lastIdBefore(afterJunk)).toBe('a');
    expect(ledger.lastIdBefore(fs.statSync(file).size)).toBe('b');
    expect(ledger.lastIdBefore(afterA - 3)).toBeNull();
    // Inside line b, with whole lines before it: still not the end of a line.
    expect(ledger.lastIdBefore(afterJunk + 10)).toBeNull();
    expect(new LedgerFile(`${file}.missing`).lastIdBefore(10)).toBeNull();
  });

  it('a write the disk cut short is a clear "disk full" error, in Persian and English', () => {
    const file = tmpLedger();
    const ledger = new LedgerFile(file, recordingFs(5).port);
    let error: unknown;
    try {
      ledger.append([reset('a')]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageStorageError);
    expect((error as UsageStorageError).code).toBe('ENOSPC');
    expect((error as UsageStorageError).bilingual.fa).toMatch(/[\u0600-\u06FF]/);
  });

  it('deleting history removes the file; deleting it twice is fine', () => {
    const file = tmpLedger();
    const ledger = new LedgerFile(file);
    ledger.append([reset('a')]);
    ledger.remove();
    expect(fs.existsSync(file)).toBe(false);
    expect(() => ledger.remove()).not.toThrow();
  });
});

const fsError = (code: string) => Object.assign(new Error(`${code}: refused`), { code });

describe('the ledger file on a disk that misbehaves', () => {
  it('a fresh ledger starts with the record itself, not a blank line', () => {
    const file = tmpLedger();
    new LedgerFile(file).append([reset('a')]);
    expect(fs.readFileSync(file, 'utf8')).toBe(`${JSON.stringify(reset('a'))}\n`);
  });

  it('a line the other process is still writing is not taken for a torn one: ours follows it, nothing skipped', () => {
    const file = tmpLedger();
    const theirs = JSON.stringify(reset('theirs'));
    fs.writeFileSync(file, `${JSON.stringify(reset('a'))}\n${theirs.slice(0, 20)}`);
    let looks = 0;
    const port: LedgerFs = {
      ...fs,
      fstatSync: ((fd: number) => {
        looks += 1;
        // The other process's write becomes visible in two steps: its line ends by our second look.
        if (looks === 2) fs.appendFileSync(file, `${theirs.slice(20)}\n`);
        return fs.fstatSync(fd);
      }) as typeof fs.fstatSync,
    };
    new LedgerFile(file, port).append([reset('b')]);
    const chunk = new LedgerFile(file).read();
    expect(chunk.records.map((r) => r.id)).toEqual(['a', 'theirs', 'b']);
    expect(chunk.skipped).toBe(0);
  });

  it('reads every line when the disk hands the file over a few bytes at a time', () => {
    const file = tmpLedger();
    new LedgerFile(file).append([reset('a'), reset('b'), reset('c')]);
    const port: LedgerFs = {
      ...fs,
      readSync: ((fd: number, buffer: Buffer, offset: number, length: number, position: number) =>
        fs.readSync(fd, buffer, offset, Math.min(length, 7), position)) as typeof fs.readSync,
    };
    const chunk = new LedgerFile(file, port).read();
    expect(chunk.records.map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(chunk.consumed).toBe(fs.statSync(file).size);
  });

  it('a ledger cut short while being read gives the lines that are there, nothing invented', () => {
    const file = tmpLedger();
    new LedgerFile(file).append([reset('a'), reset('b')]);
    const size = fs.statSync(file).size;
    // The size was taken just before the other process's "delete history" cut the file.
    const port: LedgerFs = {
      ...fs,
      fstatSync: ((fd: number) => ({ ...fs.fstatSync(fd), size: size + 4_096 })) as typeof fs.fstatSync,
    };
    const chunk = new LedgerFile(file, port).read();
    expect(chunk).toEqual({ records: [reset('a'), reset('b')], consumed: size, skipped: 0 });
  });

  it('knows the last id of a ledger longer than the part it looks at', () => {
    const file = tmpLedger();
    const ledger = new LedgerFile(file);
    ledger.append(Array.from({ length: 400 }, (_, i) => reset(`z-${i}`)));
    const size = fs.statSync(file).size;
    expect(size).toBeGreaterThan(16 * 1024);
    expect(ledger.lastIdBefore(size)).toBe('z-399');
    // A last line longer than the part looked at has no id to offer (the summary is then refolded).
    ledger.append([{ ...reset('long'), id: `long-${'x'.repeat(20_000)}` }]);
    expect(ledger.lastIdBefore(fs.statSync(file).size)).toBeNull();
  });

  it.each([
    {
      what: 'a ledger that cannot be looked at',
      port: {
        statSync: () => {
          throw fsError('EACCES');
        },
      },
      act: (l: LedgerFile) => l.size(),
      en: 'not readable',
    },
    {
      what: 'a ledger that cannot be read',
      port: {
        readSync: () => {
          throw fsError('EIO');
        },
      },
      act: (l: LedgerFile) => l.read(),
      en: 'Disk error (EIO) while reading',
    },
    {
      what: 'a ledger that cannot be deleted',
      port: {
        unlinkSync: () => {
          throw fsError('EPERM');
        },
      },
      act: (l: LedgerFile) => l.remove(),
      en: 'not writable',
    },
  ])('$what is a storage error the person can act on, and the ledger stays', ({ port, act, en }) => {
    const file = tmpLedger();
    new LedgerFile(file).append([reset('a')]);
    const ledger = new LedgerFile(file, { ...fs, ...port } as LedgerFs);
    expect(() => act(ledger)).toThrow(UsageStorageError);
    try {
      act(ledger);
    } catch (error) {
      expect((error as UsageStorageError).bilingual.en).toContain(en);
      expect((error as UsageStorageError).path).toBe(file);
    }
    expect(new LedgerFile(file).read().records.map((r) => r.id)).toEqual(['a']);
  });

  it('a close that fails after the lines were written does not report the record as lost', () => {
    const file = tmpLedger();
    const ledger = new LedgerFile(file, {
      ...fs,
      closeSync: (fd: number) => {
        fs.closeSync(fd);
        throw fsError('EIO');
      },
    });
    expect(() => ledger.append([reset('a')])).not.toThrow();
    expect(new LedgerFile(file).read().records.map((r) => r.id)).toEqual(['a']);
  });
});
