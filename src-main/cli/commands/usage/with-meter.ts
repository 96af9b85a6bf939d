import { isValidTimeZone, systemTimeZone } from '../../../../src-shared/usage/periods';
import { openSettingsStore } from '../../../settings/settings-store';
import { openUsageMeter, type UsageMeter } from '../../../usage/usage-meter';
import type { CliIo } from '../../cli-io';
import { printWarning } from '../../messages';

/** The zone days are counted in: `TZ` when it names a real zone, else the system's. */
export function timeZoneOf(io: CliIo): string {
  const tz = io.env.TZ;
  return tz && isValidTimeZone(tz) ? tz : systemTimeZone();
}

function meterSettings(io: CliIo) {
  const settings = openSettingsStore(io.dataDir).read();
  return {
    budget: settings.budget,
    weekStartsOn: settings.weekStartsOn,
    calendar: settings.calendar,
    customPricePerMinuteUsd: settings.customPricePerMinuteUsd,
  };
}

/**
 * Opens the usage meter of the data folder for one `sokhan usage …` step, prints what it has to say (a rebuilt or
 * damaged aggregates file) and always closes it, so the aggregates are written before the process exits.
 */
export async function withMeter(io: CliIo, step: (meter: UsageMeter) => Promise<number>): Promise<number> {
  const meter = await openUsageMeter({
    dataDir: io.dataDir,
    settings: meterSettings(io),
    source: 'cli',
    now: () => io.now(),
    timeZone: timeZoneOf(io),
  });
  try {
    const code = await step(meter);
    for (const notice of meter.notices()) printWarning(io, notice.message);
    return code;
  } finally {
    await meter.close();
  }
}
