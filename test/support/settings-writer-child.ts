/**
 * Sets one budget setting `count` times in a row (1, 2, … count), as a second process editing settings.json at the
 * same moment as another would. Usage: node --import tsx settings-writer-child.ts DATA_DIR KEY COUNT START_AT_EPOCH_MS
 * (every writer starts at START_AT, so their writes overlap however long each took to load)
 */
import { openSettingsStore } from '../../src-main/settings/settings-store';
import type { SettingKey } from '../../src-shared/settings/settings-schema';

const [dataDir, key, count, startAt] = process.argv.slice(2);
const store = openSettingsStore(dataDir);
while (Date.now() < Number(startAt)) {
  // Wait for the other writer.
}
for (let value = 1; value <= Number(count); value++) store.set(key as SettingKey, value);
