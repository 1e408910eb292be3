/**
 * What the catalogue is not: keys older CCMs defined that v2.14.0 does not read, and where the
 * CCM's own docs (docs/usage.md, docs/zh/usage.md at `CATALOGUE_COMMIT`) disagree with its code.
 */

/** Suffixes after `…/alibaba-cloud-` that tags defined and the commit read no longer reads. */
export const RETIRED_KEYS: readonly { readonly name: string; readonly tags: string; readonly why: string; readonly replacedBy?: string }[] = [
  {
    name: 'loadbalancer-slb-network-type',
    tags: 'v2.1.0 – v2.11.2',
    why: 'defined but never read; v2.12.4 reads loadbalancer-network-type instead',
    replacedBy: 'loadbalancer-network-type',
  },
  ...['reuse', 'network-id', 'backend-weight', 'associate-eip', 'eip-id', 'eip-bandwidth', 'eip-internet-chargetype', 'eip-instance-chargetype'].map((suffix) => ({
    name: `loadbalancer-${suffix}`,
    tags: 'v2.7.0 – v2.8.0',
    why: 'edge (ENS) load balancer keys, removed in v2.9.1',
  })),
];

/** The CCM v1 (tags v1.9.3.*-aliyun) also read CamelCase suffixes such as `loadbalancer-ProtocolPort`; v2 looks keys up exactly. */
export const CAMEL_CASE_NOTE =
  'CCM v1 (tags v1.9.3.*-aliyun, cloud-controller-manager/options.go) turned CamelCase suffixes such as `loadbalancer-ProtocolPort` into kebab case before reading them; v2 looks every key up exactly, so those spellings are ignored.';

export const DOCS_DISAGREEMENTS: readonly string[] = [
  'docs/usage.md documents `loadbalancer-slb-network-type` ("classic or vpc", default classic): no v2 release reads it; v2.12.4 and later read `loadbalancer-network-type`, and send nothing when it is absent.',
  'docs/zh/usage.md calls the TCP session key `loadbalancer-persistence-time`: the CCM reads `loadbalancer-persistence-timeout` only.',
  'docs/usage.md gives `loadbalancer-bandwidth` a default of 50 and `loadbalancer-health-check-flag` a default of off: the CCM sends neither when the key is absent, so the cloud API decides.',
  'docs/usage.md gives `loadbalancer-remove-unscheduled-backend` the values on or off: the CCM acts on exactly "on" and treats every other value, "On" included, as off.',
  "docs/usage.md's annotation table lists 41 of the 86 keys; the other 45 (among them hostname, proxy-protocol, tls-cipher-policy, idle-timeout, vgroup-port, class, tunnel-type and every NLB-only key) are read by the code but not in that table.",
];
