import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  anchorOf,
  ANNOTATION_CATALOGUE,
  CATALOGUE_COMMIT,
  closedValues,
  CURRENT_PREFIX,
  describeValues,
  entriesFor,
  LEGACY_PREFIX,
  lookupAnnotation,
} from '../../server/src/core/providers/alibaba/catalogue';

/** The CCM's tags, in release order: `since` must name one of them. */
const TAGS = ['v2.1.0', 'v2.2.0', 'v2.3.0', 'v2.4.0', 'v2.5.1', 'v2.6.0', 'v2.7.0', 'v2.8.0', 'v2.9.1', 'v2.10.0', 'v2.11.2', 'v2.12.4', 'v2.13.0', 'v2.14.0'];

describe('the Alibaba Cloud annotation catalogue', () => {
  it('holds every key the CCM defines at the commit read', () => {
    // kubernetes/cloud-provider-alibaba-cloud @ eeb0ddc687ee (v2.14.0): annotations.go defines 82
    // `loadbalancer-*` keys read under both prefixes (its BackendType aliases the helper's key), and
    // pkg/controller/helper/service_utils.go reads 4 more under one exact name each: 86 in all.
    strictEqual(CATALOGUE_COMMIT, 'eeb0ddc687ee5ee9d3726559d6a8ec056f694947');
    strictEqual(ANNOTATION_CATALOGUE.length, 86);
    strictEqual(ANNOTATION_CATALOGUE.filter((e) => e.legacyKey !== undefined).length, 82);
    deepStrictEqual(
      ANNOTATION_CATALOGUE.filter((e) => e.legacyKey === undefined).map((e) => e.key),
      [
        'service.beta.kubernetes.io/backend-type',
        'service.beta.kubernetes.io/class',
        'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-type',
        'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-tunnel-type',
      ],
    );
  });

  it('every key has a meaning, values, a default, a source, a version and products', () => {
    const incomplete = ANNOTATION_CATALOGUE.filter(
      (e) =>
        !/^[A-Z"].*\.$/.test(e.meaning) ||
        e.default.trim() === '' ||
        e.source.length === 0 ||
        e.source.some((s) => !s.file.startsWith('pkg/') || !s.file.endsWith('.go') || s.func.trim() === '') ||
        !TAGS.includes(e.since) ||
        e.products.length === 0 ||
        new Set(e.products).size !== e.products.length ||
        describeValues(e.values).trim() === '',
    ).map((e) => e.key);
    deepStrictEqual(incomplete, []);
    const badSets = ANNOTATION_CATALOGUE.filter(
      (e) => (e.values.kind === 'enum' && e.values.options.length === 0) || (e.values.kind === 'integer' && (e.values.min ?? 0) > (e.values.max ?? Infinity)),
    ).map((e) => e.key);
    deepStrictEqual(badSets, []);
  });

  it('keys, legacy keys and anchors are unique', () => {
    const keys = ANNOTATION_CATALOGUE.flatMap((e) => (e.legacyKey ? [e.key, e.legacyKey] : [e.key]));
    strictEqual(new Set(keys).size, keys.length);
    const anchors = ANNOTATION_CATALOGUE.map(anchorOf);
    strictEqual(new Set(anchors).size, anchors.length);
    ok(anchors.every((a) => /^[a-z0-9-]+$/.test(a)));
  });

  it('prefixes are consistent: both spellings of each loadbalancer-* key, one exact name for the rest', () => {
    const inconsistent = ANNOTATION_CATALOGUE.filter((e) =>
      e.legacyKey === undefined
        ? e.name !== e.key || e.key.startsWith(LEGACY_PREFIX)
        : !e.name.startsWith('loadbalancer-') || e.key !== CURRENT_PREFIX + e.name || e.legacyKey !== LEGACY_PREFIX + e.name,
    ).map((e) => e.key);
    deepStrictEqual(inconsistent, []);
  });

  it('looks keys up in either spelling; exact-name keys have no legacy spelling', () => {
    strictEqual(lookupAnnotation('service.beta.kubernetes.io/alicloud-loadbalancer-id')?.entry.name, 'loadbalancer-id');
    strictEqual(lookupAnnotation('service.beta.kubernetes.io/alicloud-loadbalancer-id')?.legacy, true);
    strictEqual(lookupAnnotation('service.beta.kubernetes.io/alibaba-cloud-loadbalancer-id')?.legacy, false);
    strictEqual(lookupAnnotation('service.beta.kubernetes.io/alicloud-loadbalancer-type'), undefined);
    strictEqual(lookupAnnotation('service.beta.kubernetes.io/alibaba-cloud-loadbalancer-slb-network-type'), undefined);
    strictEqual(lookupAnnotation('service.beta.kubernetes.io/alibaba-cloud-loadbalancer-ProtocolPort'), undefined);
  });

  it('records how values are compared, in words', () => {
    const entry = (name: string) => ANNOTATION_CATALOGUE.find((e) => e.name === name)!;
    strictEqual(describeValues(entry('loadbalancer-force-override-listeners').values), '"true" switches it on (exactly, case-sensitive); anything else is off');
    strictEqual(describeValues(entry('loadbalancer-preserve-lb-on-delete').values), 'any non-empty value switches it on (even "false")');
    strictEqual(describeValues(entry('loadbalancer-address-type').values), '"internet", "intranet" (exactly, case-sensitive)');
    strictEqual(describeValues(entry('loadbalancer-weight').values), 'an integer from 0 to 100');
    strictEqual(describeValues(entry('loadbalancer-protocol-port').values), 'comma-separated `protocol:port` items, e.g. `https:443,http:80`');
    strictEqual(entry('loadbalancer-protocol-port').invalid, 'reconcile-fails');
    strictEqual(entry('loadbalancer-hostname').since, 'v2.3.0');
    deepStrictEqual(closedValues(entry('loadbalancer-address-type').values), ['internet', 'intranet']);
    strictEqual(closedValues(entry('loadbalancer-name').values), undefined);
  });

  it('splits keys by product: 33 CLB only, 17 NLB only, 36 shared', () => {
    strictEqual(entriesFor('CLB').length, 69);
    strictEqual(entriesFor('NLB').length, 53);
    ok(!entriesFor('NLB').some((e) => e.name === 'loadbalancer-hostname'));
    ok(!entriesFor('CLB').some((e) => e.name === 'loadbalancer-zone-maps'));
  });
});
