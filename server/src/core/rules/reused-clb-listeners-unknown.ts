import { otherListeners } from './otherListeners';
import { hostnameFixesFor, listenerList } from './shared';
import { type Rule } from './types';

/**
 * The companion of reused-clb-other-listener-refused when no other listener of the reused CLB is
 * known: a reused CLB may carry listeners made elsewhere (the console, another cluster), and
 * under IPVS every one of them is refused in-cluster. A note, so it has its own id and severity.
 */
export const rule: Rule = {
  id: 'reused-clb-listeners-unknown',
  meta: {
    description: 'A reused CLB under IPVS whose other listeners, if it has any, are not known: any of them would be refused in-cluster.',
    defaultSeverity: 'information',
    messages: {
      unknown:
        '{{lb}} {{lbId}} is reused: from inside the cluster any listener of it other than {{own}} is refused ("connection refused"), while outside clients reach it. ' +
        "Under kube-proxy IPVS the {{lb}} IP is bound on every node and only this Service's ports have IPVS rules. " +
        'No other listener is known (none in the workspace, none configured in kubeLbReach.knownListeners or --known-listener).',
    },
    fixable: true,
    scope: 'workspace',
  },
  check(context, report) {
    const others = otherListeners(context);
    if (!others || others.listed.length > 0) return;
    const { facts } = context;
    report({
      messageId: 'unknown',
      data: { lb: facts.nouns.lb, lbId: others.lb.id, own: listenerList(facts.listeners) },
      span: others.lb.span,
      fixes: hostnameFixesFor(context),
    });
  },
};
