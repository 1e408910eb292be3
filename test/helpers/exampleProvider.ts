import { lbKey, type Provider } from '../../server/src/core';
import { annotationInsertion } from '../../server/src/core/fixes/insertAnnotation';

/**
 * A second cloud, for tests only: what adding a provider takes (this one module, plus one line in
 * the registry; here the tests pass it to the LanguageService instead). Its controller reuses a
 * load balancer named by `lb.example.com/id` and reports a hostname when `lb.example.com/hostname` is set.
 */
const PREFIX = 'lb.example.com/';

export const exampleProvider: Provider = {
  id: 'example',
  displayName: 'Example Cloud',
  nouns: { lb: 'ELB', controller: 'the example controller' },
  annotationPrefixes: [PREFIX],
  annotationKeys: [
    { key: `${PREFIX}id`, summary: 'reuse this load balancer' },
    { key: `${PREFIX}hostname`, summary: 'report this hostname instead of the IP' },
  ],
  claims: (service) => service.annotations.some((a) => a.key.startsWith(PREFIX)),
  facts: (service) => {
    const id = service.annotations.find((a) => a.key === `${PREFIX}id` && a.value.trim() !== '');
    const hostname = service.annotations.find((a) => a.key === `${PREFIX}hostname` && a.value.trim() !== '');
    return {
      lb: id ? { provider: 'example', id: id.value.trim(), key: lbKey('example', id.value.trim()), span: id.valueSpan } : undefined,
      hostname,
      invalidHostname: undefined,
      reportsIp: hostname === undefined,
      unmodelled: undefined,
      backends: undefined,
      tlsAtLb: undefined,
      proxyProtocol: undefined,
      overridesListeners: undefined,
      overridesListenersAnnotation: undefined,
      addressType: undefined,
      layerOf: () => 'l4',
    };
  },
  hostnameFix: (file, service, _facts, template) => {
    const value = template === '' ? 'placeholder.invalid' : template.replace('${name}', service.name?.value ?? '');
    const edit = annotationInsertion(file, service, `${PREFIX}hostname`, value);
    return edit ? { title: `Add ${PREFIX}hostname`, edits: [edit], isPreferred: true, safe: template !== '' } : undefined;
  },
};
