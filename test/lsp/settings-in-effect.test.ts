import { deepStrictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SETTINGS_IN_EFFECT } from '../../server/src/lsp/protocol';
import { LspClient } from '../helpers/lspClient';

describe('the settings in effect, as the server resolved them', { timeout: 20_000 }, () => {
  it('answers the status request with the validated settings for the document (invalid values fall back, as the analysis does)', async () => {
    const client = new LspClient({ settings: { kubernetesVersion: '1.23.4', kubeProxyMode: 'IPTABLES' } });
    try {
      await client.initialize(null);
      deepStrictEqual(await client.connection.sendRequest(SETTINGS_IN_EFFECT, { uri: 'untitled:a.yaml' }), { text: 'cluster default · k8s 1.23.4 · kube-proxy iptables', kubernetesVersion: '1.23.4', kubeProxyMode: 'iptables', cluster: 'default', configFile: null });
      client.settings = { kubernetesVersion: 'latest', kubeProxyMode: 'ebpf' };
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      deepStrictEqual(await client.connection.sendRequest(SETTINGS_IN_EFFECT, { uri: 'untitled:a.yaml' }), { text: 'cluster default · k8s 1.34 · kube-proxy ipvs', kubernetesVersion: '1.34', kubeProxyMode: 'ipvs', cluster: 'default', configFile: null });
      deepStrictEqual(await client.connection.sendRequest(SETTINGS_IN_EFFECT, {}), null);
    } finally {
      await client.stop();
    }
  });
});
