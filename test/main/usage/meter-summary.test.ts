import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AggregateState } from '../../../src-shared/usage/aggregate-state';
import { STORE_NAME } from '../../../src-main/usage/aggregate-store';
import { LEDGER_FILE_NAME } from '../../../src-main/usage/ledger-file';
import { openMeter, paidRequest, T, tmpDataDir, watchedStore } from './meter-fixtures';

const summaryPath = (dir: string) => path.join(dir, `${STORE_NAME}.json`);
const readSummary = (dir: string) => JSON.parse(fs.readFileSync(summaryPath(dir), 'utf8')) as AggregateState;
const appendLine = (dir: string, line: string) => fs.appendFileSync(path.join(dir, LEDGER_FILE_NAME), `${line}\n`);

/**
 * A data folder whose ledger holds `costs` and whose summary was written for all of them, then marked: its all-time
 * cost is set to 999 999 µ$, a figure the ledger cannot give. A meter showing it read the summary; one showing the
 * ledger's sum refolded the ledger.
 */
async function markedFolder(costs: number[]) {
  const dir = tmpDataDir();
  const meter = await openMeter(dir, { storeWriteDelayMs: 0 });
  for (const cost of costs) await meter.record(paidRequest(T, cost));
  await meter.close();
  const summary = readSummary(dir);
  summary.total[4] = 999_999;
  fs.writeFileSync(summaryPath(dir), JSON.stringify(summary));
  return dir;
}

const totalCost = async (meter: Awaited<ReturnType<typeof openMeter>>) => (await meter.counters()).total.costMicros;

describe('the summary file beside the ledger', () => {
  it('a fresh data folder opens without a word', async () => {
    const meter = await openMeter(tmpDataDir(), { storeWriteDelayMs: 0 });
    expect(meter.notices()).toEqual([]);
    expect(await totalCost(meter)).toBe(0);
    await meter.close();
  });

  it('a summary that matches its ledger is read as it is: reopening neither refolds the ledger nor rewrites it', async () => {
    const dir = await markedFolder([1_000, 2_000]);
    const { store, written } = watchedStore(dir);
    const meter = await openMeter(dir, { store, storeWriteDelayMs: 0 });
    expect(await totalCost(meter)).toBe(999_999);
    expect(written).toEqual([]);
    expect(meter.notices()).toEqual([]);
    await meter.close();
  });

  it('lines another process added after the summary was written are counted on top of it, each once', async () => {
    const dir = await markedFolder([1_000]);
    appendLine(dir, JSON.stringify(paidRequest(T, 5)));
    appendLine(dir, JSON.stringify(paidRequest(T, 7)));
    const meter = await openMeter(dir, { storeWriteDelayMs: 0 });
    expect(await totalCost(meter)).toBe(999_999 + 12);
    expect((await meter.counters()).today.requests).toBe(3);
    await meter.close();
    expect(readSummary(dir).total[4]).toBe(999_999 + 12);
  });

  it('a line the other process is still writing is waited for: nothing is rewritten until it ends, then it counts', async () => {
    const dir = await markedFolder([1_000]);
    const line = JSON.stringify(paidRequest(T, 25));
    fs.appendFileSync(path.join(dir, LEDGER_FILE_NAME), line.slice(0, 30));
    const { store, written } = watchedStore(dir);
    const meter = await openMeter(dir, { store, storeWriteDelayMs: 0 });
    expect(await totalCost(meter)).toBe(999_999);
    expect(written).toEqual([]);
    fs.appendFileSync(path.join(dir, LEDGER_FILE_NAME), `${line.slice(30)}\n`);
    expect(await totalCost(meter)).toBe(999_999 + 25);
    expect(written.map((w) => w.total[4])).toEqual([999_999 + 25]);
    expect(meter.notices()).toEqual([]);
    await meter.close();
  });

  it('a ledger cut back in place (a backup copied over it) is refolded, at the next start and while open', async () => {
    const dir = await markedFolder([1_000, 2_000, 3_000]);
    const ledgerPath = path.join(dir, LEDGER_FILE_NAME);
    const firstLine = `${fs.readFileSync(ledgerPath, 'utf8').split('\n')[0]}\n`;
    fs.writeFileSync(ledgerPath, firstLine); // same file, fewer bytes than the summary folded
    const meter = await openMeter(dir, { storeWriteDelayMs: 0 });
    expect(await totalCost(meter)).toBe(1_000);
    await meter.record(paidRequest(T, 20));
    await meter.record(paidRequest(T, 30));
    expect(await totalCost(meter)).toBe(1_050);
    // While this meter is open, the backup is copied back again.
    fs.writeFileSync(ledgerPath, firstLine);
    expect(await totalCost(meter)).toBe(1_000);
    await meter.close();
  });

  it('a summary whose last line is no longer in the ledger (the ledger was rewritten) is refolded', async () => {
    const dir = await markedFolder([1_000, 2_000]);
    const ledgerPath = path.join(dir, LEDGER_FILE_NAME);
    const lines = fs.readFileSync(ledgerPath, 'utf8').split('\n');
    // The same length to the byte, but the last line is another request now.
    lines[1] = lines[1].replace(/"id":"paid-/, '"id":"diff-');
    fs.writeFileSync(ledgerPath, lines.join('\n'));
    const meter = await openMeter(dir);
    expect(await totalCost(meter)).toBe(3_000);
    await meter.close();
  });

  it('a line written twice to the ledger (two imports at once) is counted once when the ledger is folded', async () => {
    const dir = tmpDataDir();
    const line = JSON.stringify(paidRequest(T, 4_000));
    appendLine(dir, line);
    appendLine(dir, line);
    appendLine(dir, JSON.stringify(paidRequest(T, 1)));
    const meter = await openMeter(dir);
    expect((await meter.counters()).total).toMatchObject({ requests: 2, costMicros: 4_001 });
    expect((await meter.records()).length).toBe(2);
    await meter.close();
  });

  it('a damaged line is reported once: the next start does not report it again', async () => {
    const dir = tmpDataDir();
    const meter = await openMeter(dir, { storeWriteDelayMs: 0 });
    await meter.record(paidRequest(T, 1_000));
    appendLine(dir, 'a line edited by hand');
    expect(await totalCost(meter)).toBe(1_000);
    await meter.record(paidRequest(T, 1));
    expect(await totalCost(meter)).toBe(1_001);
    expect(meter.state().ledger.skippedLines).toBe(1);
    expect(meter.notices()).toEqual([
      {
        code: 'ledger_lines_skipped',
        message: {
          fa: '۱ سطر خراب در دفتر کارکرد نادیده گرفته شد (احتمالاً قطع برق هنگام نوشتن). بقیهٔ کارکردها سالم‌اند.',
          en: '1 damaged line(s) in the usage ledger were skipped (probably a power cut mid-write). All other usage is intact.',
        },
      },
    ]);
    await meter.close();
    const again = await openMeter(dir);
    expect(await totalCost(again)).toBe(1_001);
    expect(again.notices()).toEqual([]);
    await again.close();
  });

  it.each([
    { what: 'kept aside', keptAt: '/data/usage-aggregates.damaged-x.json' },
    { what: 'could not be kept aside', keptAt: null },
  ])(
    'a damaged summary that $what is rebuilt, and the notice says where the copy is only if there is one',
    async ({ keptAt }) => {
      const dir = tmpDataDir();
      const seed = await openMeter(dir);
      await seed.record(paidRequest(T, 3_000));
      await seed.close();
      const { store } = watchedStore(dir);
      const meter = await openMeter(dir, {
        store: {
          ...store,
          read: () => ({ status: 'damaged', reason: 'Unexpected end of JSON input' }),
          moveAside: () => keptAt,
        },
      });
      expect(await totalCost(meter)).toBe(3_000);
      const copy = keptAt ? { fa: ` نسخهٔ خراب: ${keptAt}`, en: ` Damaged copy kept at ${keptAt}` } : { fa: '', en: '' };
      expect(meter.notices()).toEqual([
        {
          code: 'store_damaged',
          message: {
            fa: `پروندهٔ خلاصهٔ کارکرد خراب بود و از روی دفتر کارکرد دوباره ساخته شد؛ هیچ کارکردی از دست نرفت.${copy.fa}`,
            en: `The usage summary file was damaged and has been rebuilt from the usage ledger; no usage was lost.${copy.en}`,
          },
        },
      ]);
      await meter.close();
    },
  );
});
