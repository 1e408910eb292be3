import { hostnameFix, hostnameValue } from '../fixes/hostnameFix';
import { type Fix } from '../fixes/types';
import { listenerKey, type Listener } from '../model/listeners';
import { type RuleContext } from './types';

/** The hostname quick fix for the Service a rule looks at, when one can be made. */
export function hostnameFixesFor(context: RuleContext): Fix[] {
  const { service, facts, settings, file } = context;
  const value = hostnameValue(settings.hostnameTemplate, {
    name: service.name?.value ?? '',
    namespace: service.namespace,
    clbId: facts.clbId?.value ?? '',
  });
  const fix = hostnameFix(file, service.documentIndex, value);
  return fix ? [fix] : [];
}

export function listenerList(listeners: readonly Listener[]): string {
  return listeners.map(listenerKey).join(', ');
}

/**
 * How many listeners or Services a message names, and how many related locations a finding
 * carries: a CLB reused by hundreds of Services must not make every finding list all the others.
 */
export const MAX_LISTED = 10;
export const MAX_RELATED = 20;
