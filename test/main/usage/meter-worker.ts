// Child process for the concurrency test: records N requests through its own meter on a shared data folder.
import { openUsageMeter } from '../../../src-main/usage/usage-meter';
import { NO_BUDGET_SETTINGS } from '../../support/meter-settings';

const [dataDir, source, countText] = process.argv.slice(2);
const meter = await openUsageMeter({
  dataDir,
  settings: NO_BUDGET_SETTINGS,
  source: source === 'cli' ? 'cli' : 'app',
  timeZone: 'UTC',
  storeWriteDelayMs: 0,
});
for (let i = 0; i < Number(countText); i++) {
  await meter.record({
    kind: 'request',
    id: `${source}-${i}`,
    at: Date.now(),
    sessionId: source,
    model: 'whisper-1',
    provider: 'openai',
    audioMs: 1000,
    billed: { type: 'duration', seconds: 1 },
    billedSeconds: 1,
    costMicros: 100,
    outcome: 'ok',
  });
}
await meter.close();
