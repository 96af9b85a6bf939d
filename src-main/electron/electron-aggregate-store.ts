import ElectronStore from 'electron-store';
import { createConfAggregateStore, type AggregateStorePort } from '../usage/aggregate-store';

/**
 * The usage aggregates through electron-store: the file the window and tray read at a glance, in the same folder
 * and format the CLI writes with conf, so both see one meter.
 */
export function createElectronAggregateStore(dataDir: string): AggregateStorePort {
  return createConfAggregateStore(dataDir, (options) => new ElectronStore<Record<string, unknown>>(options));
}
