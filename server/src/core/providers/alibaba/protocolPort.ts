import { isValidPort } from '../../model/listeners';

export type ClbListenerProtocol = 'http' | 'https' | 'tcp' | 'udp';

/**
 * The CCM's `...-protocol-port` annotation, e.g. `https:443,http:80`: listener protocol by port
 * (docs/upstream-notes.md §3). The CCM takes lowercase `proto:port` items without spaces and
 * rejects the whole annotation when one item is malformed; then undefined is returned here.
 */
export function parseProtocolPort(value: string): Map<number, ClbListenerProtocol> | undefined {
  const byPort = new Map<number, ClbListenerProtocol>();
  for (const part of value.split(',')) {
    const match = /^(http|https|tcp|udp):(\d{1,5})$/.exec(part);
    if (!match?.[1] || !match[2] || !isValidPort(Number(match[2]))) return undefined;
    byPort.set(Number(match[2]), match[1] as ClbListenerProtocol);
  }
  return byPort;
}
