import { compareControllerVersions, parseControllerVersion } from '../model/controllerVersion';
import { annotationDocOf } from '../providers';
import { type Rule } from './types';

const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The hostname annotation is read only from the controller release its catalogue entry names
 * (Alibaba CCM v2.3.0, commit bd613c5: docs/upstream-notes.md §3). An older controller ignores it:
 * the status keeps the IP, kube-proxy keeps taking the IP in-cluster, and the fix does nothing.
 * Silent while the `ccmVersion` setting is unknown (empty).
 */
export const rule: Rule = {
  id: 'hostname-needs-ccm-2-3',
  meta: {
    description: 'The hostname annotation is set, but the cloud controller manager configured in ccmVersion is older than the first release that reads it.',
    defaultSeverity: 'warning',
    messages: {
      tooOld:
        '{{controller}} {{version}} ignores the hostname annotation, so pods and nodes still bypass the {{lb}}: upgrade it to {{since}} or later, the first to read it. ' +
        'Until then the Service status keeps the {{lb}} IP instead of {{hostname}}, kube-proxy keeps taking that IP inside the cluster, and nothing the hostname fix promised holds.',
    },
    fixable: false,
    scope: 'resource',
  },
  check(context, report) {
    const { facts, settings, provider } = context;
    const version = settings.ccmVersion;
    if (!version || !facts.hostname || !facts.isLoadBalancer || facts.unmodelled) return;
    const since = annotationDocOf(facts.hostname.key, [provider])?.doc.since;
    const first = since === undefined ? undefined : parseControllerVersion(since);
    if (!first || compareControllerVersions(version, first) >= 0) return;
    report({
      messageId: 'tooOld',
      data: { controller: capitalized(facts.nouns.controller), version: version.text, since: first.text, lb: facts.nouns.lb, hostname: facts.hostname.value },
      span: facts.hostname.valueSpan,
    });
  },
};
