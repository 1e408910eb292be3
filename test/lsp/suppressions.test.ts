import { deepStrictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LspClient } from '../helpers/lspClient';
import { service } from '../helpers/workspace';

const UNKNOWN = 'service.beta.kubernetes.io/alibaba-cloud-private-zone-name';
const URI = 'untitled:a.yaml';

describe('the editor: per-rule severity and suppressions through the protocol', { timeout: 20_000 }, () => {
  it('kubeLbReach.rules sets a rule\'s severity or turns it off; a change of the setting re-publishes', async () => {
    const text = service({ name: 'a', policy: 'Local', extraAnnotations: { [UNKNOWN]: 'x' } });
    const client = new LspClient({ settings: { rules: { 'clb-annotation-unknown': 'error' } } });
    try {
      await client.initialize(null);
      await client.open(URI, text);
      const first = await client.diagnostics(URI, (p) => p.diagnostics.length > 0);
      deepStrictEqual(first.diagnostics.map((d) => [d.code, d.severity]), [['local-policy-in-cluster-reach', 3], ['clb-annotation-unknown', 1]]);
      client.settings = { rules: { 'local-policy-in-cluster-reach': 'off' } };
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      const after = await client.diagnostics(URI, (p) => p.diagnostics.every((d) => d.code !== 'local-policy-in-cluster-reach'));
      deepStrictEqual(after.diagnostics.map((d) => [d.code, d.severity]), [['clb-annotation-unknown', 2]]);
    } finally {
      await client.stop();
    }
  });

  it('a suppressed finding is not published; the directive\'s own problems are', async () => {
    const text = service({ name: 'a', extraAnnotations: { [UNKNOWN]: 'x' } }).replace(`    ${UNKNOWN}`, `    # kube-lb-reach-disable-next-line clb-annotation-unknown,lb-layer4-lopback -- ours\n    ${UNKNOWN}`);
    const client = new LspClient();
    try {
      await client.initialize(null);
      await client.open(URI, text);
      const published = await client.diagnostics(URI, (p) => p.diagnostics.length > 0);
      deepStrictEqual(published.diagnostics.map((d) => [d.code, (d.data as { messageId: string }).messageId, d.severity]), [['suppression-invalid', 'unknownRule', 2]]);
    } finally {
      await client.stop();
    }
  });
});
