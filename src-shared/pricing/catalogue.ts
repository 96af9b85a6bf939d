// The pricing catalogue's public face: model entries, per-request pricing and shutdown notices in one import.
export { CATALOGUE, catalogueEntry } from './catalogue-entries';
export { priceRequest, estimateCostMicros, estimateMicrosPerMinute } from './price-request';
export { shutdownNotice } from './shutdown-notice';
