import { listenerKey, type Listener } from '../model/listeners';
import { labelTemplated, serviceLabel } from '../parse/serviceView';
import { type ServiceRef } from '../workspace/workspaceIndex';
import { type RuleContext } from './types';

/** The Service a rule looks at, as the index's questions name it. */
export function selfRef(context: Pick<RuleContext, 'uri' | 'service'>): ServiceRef {
  return { uri: context.uri, resource: context.service.address, label: serviceLabel(context.service), labelTemplated: labelTemplated(context.service) };
}

export function listenerList(listeners: readonly Listener[]): string {
  return listeners.map(listenerKey).join(', ');
}

/**
 * How many listeners or Services a message names, and how many related locations a finding
 * carries: a load balancer reused by hundreds of Services must not make every finding list all the others.
 */
export const MAX_LISTED = 10;
export const MAX_RELATED = 20;
