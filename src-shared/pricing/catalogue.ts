// The pricing catalogue's public face: model entries, per-request pricing and shutdown notices in one import.
export {
  CATALOGUE,
  CATALOGUE_MODEL_IDS,
  catalogueEntry,
  type Billing,
  type CatalogueEntry,
  type ProviderId,
} from './catalogue-entries';
export {
  priceRequest,
  estimateCostMicros,
  estimateMicrosPerMinute,
  type PriceRequestInput,
  type PricedRequest,
} from './price-request';
export { shutdownNotice, type ShutdownNotice } from './shutdown-notice';
