import { isValidPort, type Listener, type Protocol } from '../../model/listeners';
import { type ListenerAnswer } from '../types';

/**
 * What the Alibaba Cloud SLB API says a CLB listens on (docs/upstream-notes.md, "The CLB's real
 * listeners"), in the JSON `aliyun slb …` writes:
 * - `DescribeLoadBalancerAttribute`: `LoadBalancerId`, and `ListenerPortsAndProtocol.ListenerPortAndProtocol[]`
 *   (`ListenerPort`, `ListenerProtocol`), the older misspelt `ListenerPortsAndProtocal.ListenerPortAndProtocal[]`
 *   (`ListenerProtocal`), or only `ListenerPorts.ListenerPort[]` (ports, no protocol);
 * - `DescribeLoadBalancerListeners`: `Listeners[]` with `LoadBalancerId`, `ListenerPort`, `ListenerProtocol`.
 * `http`, `https` and `tcp` listeners take TCP, `udp` ones UDP.
 */
const PROTOCOL_OF: Readonly<Record<string, Protocol>> = { tcp: 'TCP', http: 'TCP', https: 'TCP', udp: 'UDP' };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function listenerOf(port: unknown, protocol: unknown): Listener | string {
  const number = typeof port === 'string' && /^\d+$/.test(port) ? Number(port) : port;
  if (typeof number !== 'number' || !isValidPort(number)) return `ListenerPort ${JSON.stringify(port)} is not a port`;
  if (protocol === undefined) return { port: number, protocol: 'TCP' };
  const mapped = typeof protocol === 'string' ? PROTOCOL_OF[protocol.toLowerCase()] : undefined;
  return mapped ? { port: number, protocol: mapped } : `ListenerProtocol ${JSON.stringify(protocol)} is not tcp, udp, http or https`;
}

function collect(entries: unknown, portKey: string, protocolKey: string | undefined, problems: string[]): Listener[] {
  if (!Array.isArray(entries)) return [];
  const listeners: Listener[] = [];
  for (const entry of entries.slice(0, 10_000) as unknown[]) {
    const listener = protocolKey === undefined ? listenerOf(entry, undefined) : isObject(entry) ? listenerOf(entry[portKey], entry[protocolKey]) : 'an entry is not an object';
    if (typeof listener === 'string') problems.push(listener);
    else listeners.push(listener);
  }
  return listeners;
}

export function listenerAnswers(value: unknown): { answers: ListenerAnswer[]; problems: string[] } | undefined {
  if (!isObject(value)) return undefined;
  const problems: string[] = [];
  if (Array.isArray(value['Listeners'])) {
    const byId = new Map<string, Listener[]>();
    for (const entry of value['Listeners'] as unknown[]) {
      if (!isObject(entry) || typeof entry['LoadBalancerId'] !== 'string') {
        problems.push('a Listeners entry has no LoadBalancerId');
        continue;
      }
      const listener = listenerOf(entry['ListenerPort'], entry['ListenerProtocol']);
      if (typeof listener === 'string') problems.push(listener);
      else byId.set(entry['LoadBalancerId'], [...(byId.get(entry['LoadBalancerId']) ?? []), listener]);
    }
    // A paged answer says so: the listeners past this page are not known.
    const partial = typeof value['NextToken'] === 'string' && value['NextToken'] !== '';
    if (partial) problems.push('the answer has a NextToken: it is one page, listeners on later pages are not known');
    return { answers: [...byId].map(([lbId, listeners]) => ({ lbId, listeners, complete: !partial })), problems };
  }
  if (typeof value['LoadBalancerId'] !== 'string') return undefined;
  const lbId = value['LoadBalancerId'];
  const current = isObject(value['ListenerPortsAndProtocol']) ? value['ListenerPortsAndProtocol']['ListenerPortAndProtocol'] : undefined;
  const older = isObject(value['ListenerPortsAndProtocal']) ? value['ListenerPortsAndProtocal']['ListenerPortAndProtocal'] : undefined;
  const ports = isObject(value['ListenerPorts']) ? value['ListenerPorts']['ListenerPort'] : undefined;
  let listeners: Listener[];
  if (Array.isArray(current)) listeners = collect(current, 'ListenerPort', 'ListenerProtocol', problems);
  else if (Array.isArray(older)) listeners = collect(older, 'ListenerPort', 'ListenerProtocal', problems);
  else if (Array.isArray(ports)) listeners = collect(ports, '', undefined, problems);
  // An answer for a CLB without listeners has none of the three.
  else listeners = [];
  return { answers: [{ lbId, listeners, complete: true }], problems };
}
