// How to start each language server under test, offline.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { BENCH, ROOT, OUT } from './bundle.mjs';

export const SCHEMA_FILE = path.join(BENCH, 'data', 'service.schema.json');
/** yaml-language-server's URL for `kubernetes` in yaml.schemas; we answer its content ourselves. */
export const KUBERNETES_SCHEMA_URL = 'https://raw.githubusercontent.com/yannh/kubernetes-json-schema/master/v1.32.1-standalone-strict/all.json';
/** A proxy that refuses at once: should anything try the network, it fails here, visibly. */
const DEAD_PROXY = 'http://127.0.0.1:9';

/** The settings the bench runs kube-lb-reach with: defaults, plus a hostname template so fix-all has work. */
export const OUR_SETTINGS = { hostnameTemplate: '${name}.${namespace}.example.net' };

export function ours({ counted = false } = {}) {
  return {
    name: 'kube-lb-reach',
    args: [counted ? path.join(OUT, 'server-counted.cjs') : path.join(ROOT, 'dist', 'server.js'), '--stdio'],
    debounceMs: 40,
    versioned: true,
    configuration: (item) => (item.section === 'kubeLbReach' ? OUR_SETTINGS : null),
  };
}

/**
 * yaml-language-server with Kubernetes validation on (`yaml.schemas: { kubernetes: '*.yaml' }`).
 * Its schema fetches go through the client (`yaml/registerContentRequest` → `vscode/content`),
 * and the client answers with bench/data/service.schema.json; schema store off; a dead proxy.
 */
export function yamlLanguageServer() {
  const schema = readFileSync(SCHEMA_FILE, 'utf8');
  const sections = {
    yaml: {
      validate: true,
      hover: true,
      completion: true,
      format: { enable: false },
      schemas: { kubernetes: '*.yaml' },
      schemaStore: { enable: false, url: '' },
      maxItemsComputed: 5000,
    },
    http: { proxy: DEAD_PROXY, proxyStrictSSL: true },
  };
  return {
    name: 'yaml-language-server',
    args: [path.join(ROOT, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server'), '--stdio'],
    env: { ...process.env, HTTP_PROXY: DEAD_PROXY, HTTPS_PROXY: DEAD_PROXY, http_proxy: DEAD_PROXY, https_proxy: DEAD_PROXY },
    debounceMs: 200, // yamlSettings.validationDelayMs, not configurable
    versioned: false,
    configuration: (item) => sections[item.section] ?? null,
    content: (uri) => {
      if (uri !== KUBERNETES_SCHEMA_URL) throw new Error(`bench: no network; refused ${uri}`);
      return schema;
    },
    beforeInitialized: (client) => client.notify('yaml/registerContentRequest', null),
  };
}
