export type Protocol = 'TCP' | 'UDP' | 'SCTP';
export const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

/** A CLB listener as the data plane sees it: a frontend port and its transport protocol. */
export interface Listener {
  readonly port: number;
  readonly protocol: Protocol;
}

export function listenerKey(listener: Listener): string {
  return `${listener.port}/${listener.protocol}`;
}

/** Port order, then protocol: how listeners are listed everywhere. */
export function compareListeners(a: Listener, b: Listener): number {
  return a.port - b.port || a.protocol.localeCompare(b.protocol);
}

export function isValidPort(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}

/** `443`, `443/TCP`, `53/udp`. The protocol defaults to TCP, as a Service port's does. */
export function parseListenerSpec(spec: string): Listener | undefined {
  const match = /^\s*(\d{1,5})\s*(?:\/\s*([A-Za-z]+)\s*)?$/.exec(spec);
  if (!match?.[1]) return undefined;
  const port = Number(match[1]);
  const protocol = (match[2] ?? 'TCP').toUpperCase();
  if (!isValidPort(port) || !(PROTOCOLS as readonly string[]).includes(protocol)) return undefined;
  return { port, protocol: protocol as Protocol };
}

/** How the CLB forwards a listener: layer 4 passes packets on, layer 7 proxies the connection. */
export type ListenerLayer = 'l4' | 'l7';
