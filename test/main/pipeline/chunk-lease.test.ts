import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ChunkLeases } from '../../../src-main/pipeline/chunk-lease';

const leaseFile = () => join(mkdtempSync(join(tmpdir(), 'lease-')), '000001.lease');

describe('chunk leases (one owner per chunk across processes)', () => {
  it('a second owner cannot take a held chunk until the first gives it back', async () => {
    const path = leaseFile();
    const first = new ChunkLeases();
    const second = new ChunkLeases();
    expect(await first.claim(path)).toBe(true);
    expect(await second.claim(path)).toBe(false);
    expect(await second.holder(path)).toMatchObject({ pid: process.pid });
    await first.release(path);
    expect(await second.claim(path)).toBe(true);
  });

  it('a lease left by a crashed process (its pid is gone) is taken over', async () => {
    const path = leaseFile();
    writeFileSync(path, JSON.stringify({ pid: 999_999_999, host: hostname(), at: Date.now() }));
    expect(await new ChunkLeases().claim(path)).toBe(true);
  });

  it('a live pid keeps its lease; a day-old lease is stale even so (pid reuse after a reboot)', async () => {
    const path = leaseFile();
    const alive = { isAlive: () => true };
    writeFileSync(path, JSON.stringify({ pid: 4242, host: hostname(), at: Date.now() - 60_000 }));
    expect(await new ChunkLeases(alive).claim(path)).toBe(false);
    writeFileSync(path, JSON.stringify({ pid: 4242, host: hostname(), at: Date.now() - 25 * 3600_000 }));
    expect(await new ChunkLeases(alive).claim(path)).toBe(true);
  });

  it('a lease from another machine on a shared folder is honoured for ten minutes, then taken over', async () => {
    const path = leaseFile();
    writeFileSync(path, JSON.stringify({ pid: 1, host: 'other-machine', at: Date.now() - 60_000 }));
    expect(await new ChunkLeases().claim(path)).toBe(false);
    writeFileSync(path, JSON.stringify({ pid: 1, host: 'other-machine', at: Date.now() - 11 * 60_000 }));
    expect(await new ChunkLeases().claim(path)).toBe(true);
  });

  it('a half-written lease (a process killed while writing it, seconds ago) holds nothing', async () => {
    const path = leaseFile();
    writeFileSync(path, '{"pid": 12');
    expect(await new ChunkLeases({ now: () => Date.now() + 10_000 }).claim(path)).toBe(true);
  });
});

describe('holding and giving back', () => {
  it('the owner may claim its chunk again; only the owner gives it back; no scratch file is left', async () => {
    const path = leaseFile();
    const owner = new ChunkLeases();
    const other = new ChunkLeases();
    expect(await owner.claim(path)).toBe(true);
    expect(await owner.claim(path)).toBe(true);
    expect(await other.claim(path)).toBe(false);
    await other.release(path); // not its lease: nothing happens
    expect(existsSync(path)).toBe(true);
    expect(await other.claim(path)).toBe(false);
    expect(readdirSync(dirname(path))).toEqual(['000001.lease']);
    await owner.release(path);
    expect(readdirSync(dirname(path))).toEqual([]);
    // a lease someone else already removed (a `spool discard` of a stale one) is given back without an error
    expect(await owner.claim(path)).toBe(true);
    rmSync(path);
    await owner.release(path);
    expect(await other.claim(path)).toBe(true);
  });

  it('a lease dated in the future (the clock was set back) is stale, and so is one naming pid 0', async () => {
    const path = leaseFile();
    const alive = { isAlive: () => true };
    writeFileSync(path, JSON.stringify({ pid: 4242, host: hostname(), at: Date.now() + 3600_000 }));
    expect(await new ChunkLeases(alive).claim(path)).toBe(true);
    for (const pid of [0, -1]) {
      const stale = leaseFile();
      writeFileSync(stale, JSON.stringify({ pid, host: hostname(), at: Date.now() }));
      expect(await new ChunkLeases().claim(stale)).toBe(true);
    }
  });

  it('something that is no lease in its place (a folder, however old) is never claimed, and claiming it does not fail', async () => {
    const path = leaseFile();
    mkdirSync(path);
    utimesSync(path, 1_000_000, 1_000_000);
    expect(await new ChunkLeases().claim(path)).toBe(false);
    expect(existsSync(path)).toBe(true);
  });

  it('who holds a chunk: the live owner, or nobody', async () => {
    const path = leaseFile();
    const leases = new ChunkLeases();
    expect(await leases.holder(path)).toBeNull();
    await leases.claim(path);
    expect(await new ChunkLeases().holder(path)).toEqual({
      pid: process.pid,
      host: hostname(),
      at: expect.any(Number),
    });
    const dead = { isAlive: () => false };
    expect(await new ChunkLeases(dead).holder(path)).toBeNull();
    // a lease held here counts as live to its holder, whatever the process table says
    const mine = new ChunkLeases(dead);
    expect(await mine.claim(path)).toBe(true);
    expect(await mine.holder(path)).toMatchObject({ pid: process.pid });
  });
});

describe('asking who owns a chunk', () => {
  it('is a read: another owner is reported, our own lease is not, and nothing is written', async () => {
    const path = leaseFile();
    const mine = new ChunkLeases();
    const other = new ChunkLeases();
    expect(await other.heldByOther(path)).toBe(false);
    expect(existsSync(path)).toBe(false);
    await mine.claim(path);
    expect(await mine.heldByOther(path)).toBe(false);
    expect(await other.heldByOther(path)).toBe(true);
    writeFileSync(path, JSON.stringify({ pid: 999_999_999, host: hostname(), at: Date.now() }));
    expect(await other.heldByOther(path)).toBe(false);
  });

  it(
    'twenty owners racing for one chunk at the same moment: exactly one gets it (no ' + 'half-written lease is taken)',
    async () => {
      for (let round = 0; round < 20; round++) {
        const path = leaseFile();
        const owners = Array.from({ length: 20 }, () => new ChunkLeases());
        const won = await Promise.all(owners.map((owner) => owner.claim(path)));
        expect(won.filter(Boolean)).toHaveLength(1);
      }
    },
  );

  it(
    'an unreadable lease written moments ago is someone still writing it: left alone; an old ' + 'one is stale',
    async () => {
      const path = leaseFile();
      writeFileSync(path, '');
      expect(await new ChunkLeases().claim(path)).toBe(false);
      const later = new ChunkLeases({ now: () => Date.now() + 60_000 });
      expect(await later.claim(path)).toBe(true);
    },
  );
});
