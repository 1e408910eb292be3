import { type Fix } from '../model/finding';
import { type KubernetesVersion } from '../model/kubernetes';
import { entryLines, hasExternalIps, hasPorts, specEntry, type SpecEntry } from '../parse/serviceSpec';
import { effectiveServiceType, replaceValue, type ServiceType } from './service-type-invalid';
import { type Report, type Rule, type RuleContext } from './types';

/**
 * Where the API server's Service validation changed (docs/upstream-notes.md §5):
 * externalTrafficPolicy on ClusterIP Services with externalIPs from 1.29 (PR 119150);
 * allocateLoadBalancerNodePorts added in 1.20 (PR 92744) and loadBalancerClass in 1.21 (PR 98277),
 * both behind alpha feature gates that are off by default until their beta in 1.22.
 */
export const MINOR_POLICY_WITH_EXTERNAL_IPS = 29;
export const MINOR_GATES_BETA = 22;

interface GatedField {
  readonly key: 'loadBalancerClass' | 'allocateLoadBalancerNodePorts';
  readonly addedIn: number;
  readonly gate: string;
  /** What the Service loses when the server drops the field. */
  readonly whenDropped: string;
  /** Whether removing it where it is refused keeps the meaning: loadBalancerClass names the controller the author meant. */
  readonly removalSafe: boolean;
}

const GATED_FIELDS: readonly GatedField[] = [
  { key: 'loadBalancerClass', addedIn: 21, gate: 'ServiceLoadBalancerClass', whenDropped: "the cluster's default load balancer controller takes the Service", removalSafe: false },
  { key: 'allocateLoadBalancerNodePorts', addedIn: 20, gate: 'ServiceLBNodePortControl', whenDropped: 'NodePorts are allocated as if it were true', removalSafe: true },
];

function removal(context: RuleContext, entry: SpecEntry, safe: boolean): Fix[] {
  const lines = entryLines(context.file.text, entry);
  return lines ? [{ title: `Remove spec.${entry.key}`, edits: [{ span: lines, newText: '' }], isPreferred: true, safe }] : [];
}

/** A key written with a value the API server reads as set (`null` and, for the port, 0 mean unset). */
function isSet(entry: SpecEntry | undefined): entry is SpecEntry {
  return entry !== undefined && entry.value !== null && entry.value !== '';
}

function checkPolicy(context: RuleContext, type: ServiceType | undefined, version: KubernetesVersion, report: (r: Report) => void): void {
  const entry = specEntry(context.service, 'externalTrafficPolicy');
  if (!isSet(entry) || typeof entry.value !== 'string') return;
  if (type === undefined) {
    if (entry.value !== 'Cluster' && entry.value !== 'Local') reportInvalidPolicy(context, entry, report);
    return;
  }
  const withExternalIps = type === 'ClusterIP' && hasExternalIps(context.service);
  const externalIpsAllowed = version.minor >= MINOR_POLICY_WITH_EXTERNAL_IPS;
  if (type !== 'LoadBalancer' && type !== 'NodePort' && !(withExternalIps && externalIpsAllowed)) {
    const allowed = externalIpsAllowed ? 'NodePort, LoadBalancer, or ClusterIP with externalIPs' : 'NodePort or LoadBalancer';
    const note = withExternalIps ? ' ClusterIP Services with externalIPs accept it from Kubernetes 1.29 (PR 119150).' : '';
    // With externalIPs the policy would mean something from 1.29 on: removing it is a choice, not a tidy-up.
    report({ messageId: 'policyNotAllowed', data: { version: version.text, type, allowed, note }, span: entry.keySpan, fixes: removal(context, entry, !withExternalIps) });
    return;
  }
  if (entry.value !== 'Cluster' && entry.value !== 'Local') reportInvalidPolicy(context, entry, report);
}

/** Any other value is refused whatever the type, so this holds for a patch too. */
function reportInvalidPolicy(context: RuleContext, entry: SpecEntry, report: (r: Report) => void): void {
  const value = String(entry.value);
  const expected = ['Cluster', 'Local'].find((v) => v.toLowerCase() === value.trim().toLowerCase());
  const fixes: Fix[] = expected && entry.valueSpan ? [{ title: `Write externalTrafficPolicy as ${expected}`, edits: [replaceValue(context.file.text, entry.valueSpan, expected)], isPreferred: true, safe: true }] : [];
  report({ messageId: 'policyInvalid', data: { value }, span: entry.valueSpan ?? entry.keySpan, fixes });
}

function checkHealthCheckNodePort(context: RuleContext, type: ServiceType, report: (r: Report) => void): void {
  const entry = specEntry(context.service, 'healthCheckNodePort');
  if (!isSet(entry) || entry.value === 0) return;
  const policy = specEntry(context.service, 'externalTrafficPolicy')?.value;
  // An invalid policy is reported on its own; the port follows from it.
  if (typeof policy === 'string' && policy !== '' && policy !== 'Cluster' && policy !== 'Local') return;
  if (type === 'LoadBalancer' && policy === 'Local') {
    // Where the port is used, validateServiceExternalTrafficPolicy checks it is a port number; a quoted one does not even decode (int32).
    const port = entry.value;
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) report({ messageId: 'healthCheckInvalidPort', data: { value: String(port) }, span: entry.valueSpan ?? entry.keySpan });
    return;
  }
  const written = typeof policy === 'string' && policy !== '' ? policy : 'Cluster (the default)';
  // The server never uses the port outside LoadBalancer + Local (NeedsHealthCheck), so removing it changes nothing that runs.
  report({ messageId: 'healthCheckNotAllowed', data: { type, policy: written }, span: entry.keySpan, fixes: removal(context, entry, true) });
}

function checkGatedField(context: RuleContext, field: GatedField, type: ServiceType | undefined, version: KubernetesVersion, report: (r: Report) => void): void {
  const entry = specEntry(context.service, field.key);
  if (!isSet(entry)) return;
  const data = { version: version.text, field: field.key, since: `1.${field.addedIn}`, gate: field.gate, whenDropped: field.whenDropped };
  if (version.minor < field.addedIn) {
    report({ messageId: 'unknownField', data, span: entry.keySpan, fixes: removal(context, entry, false) });
  } else if (version.minor < MINOR_GATES_BETA) {
    report({ messageId: 'droppedByGate', data, span: entry.keySpan, fixes: removal(context, entry, false) });
  } else if (type !== undefined && type !== 'LoadBalancer') {
    report({ messageId: 'onlyLoadBalancer', data: { ...data, type }, span: entry.keySpan, fixes: removal(context, entry, field.removalSafe) });
  }
}

/**
 * Service fields the API server refuses for the Service's type (or drops, at versions before they
 * existed or were on by default): the Service is never created, or created without them.
 */
export const rule: Rule = {
  id: 'traffic-policy-not-allowed',
  meta: {
    description: 'externalTrafficPolicy, healthCheckNodePort, loadBalancerClass or allocateLoadBalancerNodePorts where the API server rejects (or drops) them at your Kubernetes version.',
    defaultSeverity: 'error',
    messages: {
      policyNotAllowed: 'The API server rejects this Service: remove externalTrafficPolicy, or change the type. It is allowed only on type {{allowed}}, not {{type}}.{{note}}',
      policyInvalid: 'The API server rejects this Service: externalTrafficPolicy must be Cluster or Local, in exactly that case, not {{value}}.',
      healthCheckNotAllowed: 'The API server rejects this Service: remove healthCheckNodePort, or set type LoadBalancer and externalTrafficPolicy: Local. It is allowed only with both; here: type {{type}}, policy {{policy}}.',
      healthCheckInvalidPort: 'The API server rejects this Service: healthCheckNodePort must be a port number from 1 to 65535, written without quotes, not {{value}}.',
      onlyLoadBalancer: 'The API server rejects this Service: remove {{field}}, or make the Service a LoadBalancer. It is allowed only on type LoadBalancer, not {{type}}.',
      droppedByGate: 'At Kubernetes {{version}} the API server silently drops {{field}}: upgrade to 1.22, or turn on the feature gate {{gate}}. It is alpha there, off by default; without it, {{whenDropped}}.',
      unknownField: 'Kubernetes {{version}} has no {{field}} (added in {{since}}): remove it, or upgrade. kubectl and Helm refuse it as an unknown field; a client that does not validate has it dropped silently.',
    },
    fixable: true,
    scope: 'resource',
  },
  check(context, report) {
    // A type the server refuses is service-type-invalid's finding; the others depend on the type.
    if (context.service.type && !effectiveServiceType(context.service.type)) return;
    // A Service without ports is a patch (or being typed): its type and policy may come from the
    // base it patches, so only what is wrong whatever the type is reported (a bad value, the version).
    const type = hasPorts(context.service) ? effectiveServiceType(context.service.type) : undefined;
    const version = context.settings.kubernetesVersion;
    checkPolicy(context, type, version, report);
    if (type) checkHealthCheckNodePort(context, type, report);
    for (const field of GATED_FIELDS) checkGatedField(context, field, type, version, report);
  },
};
