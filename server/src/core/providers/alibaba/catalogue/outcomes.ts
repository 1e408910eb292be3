import { type InvalidOutcome } from './types';

/** What each outcome of an invalid value means, in one clause (docs/annotations.md and the rules' messages). */
export const INVALID_OUTCOMES: Readonly<Record<InvalidOutcome, string>> = {
  'reconcile-fails': 'the reconcile fails: the CCM records a warning event on the Service and retries; nothing changes',
  'cloud-rejects': 'the CCM passes it on and the cloud API rejects it, so the reconcile fails',
  misread: 'silently misread: the CCM takes it as off, the default or another choice, without a word',
  ignored: 'ignored: it has no effect',
  'api-server-rejects': 'the API server rejects the status update the CCM writes from it',
};
