// The churn domain's declared sources: the training features of a workspace's contracts as known
// at an instant (the bare read a churn run starts from; bench/churn-db.ts measures a run against it).
export { featureRows } from './churn.repository.ts';
