import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isConfigFilePath, LatestAnswer, STATUS_BEFORE_ANSWER, statusView } from '../../client/src/statusView';
import { type SettingsInEffect } from '../../server/src/lsp/protocol';

const answer = (over: Partial<SettingsInEffect>): SettingsInEffect => ({
  text: 'cluster prod · k8s 1.33 · kube-proxy ipvs',
  kubernetesVersion: '1.33',
  kubeProxyMode: 'ipvs',
  cluster: 'prod',
  configFile: '/work/repo/.kube-lb-reach.yaml',
  ...over,
});

/** A promise with its resolve, to decide the order in which answers arrive. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => { resolve = r; });
  return { promise, resolve };
}

describe('the status item view', () => {
  it('shows the text the server composed, and the config file it came from', () => {
    deepStrictEqual(statusView(answer({})), { text: 'cluster prod · k8s 1.33 · kube-proxy ipvs', detail: 'from /work/repo/.kube-lb-reach.yaml and your settings' });
  });

  it('says so when no config file applies', () => {
    deepStrictEqual(statusView(answer({ text: 'cluster repo · k8s 1.34 · kube-proxy ipvs', cluster: 'repo', configFile: null })), {
      text: 'cluster repo · k8s 1.34 · kube-proxy ipvs',
      detail: 'no .kube-lb-reach.yaml: defaults and your settings',
    });
  });

  it('takes the text as the server sent it, not rebuilt from the fields', () => {
    // The server resolves and validates the settings: the client must not re-derive them.
    strictEqual(statusView(answer({ text: 'cluster x · k8s 1.29.4 · kube-proxy nftables', kubernetesVersion: '1.33' })).text, 'cluster x · k8s 1.29.4 · kube-proxy nftables');
  });

  it('names the extension before any answer', () => {
    deepStrictEqual(STATUS_BEFORE_ANSWER, { text: 'Kube LB Reach', detail: 'The cluster, Kubernetes version and kube-proxy mode used for reachability' });
  });
});

describe('config files the status watches', () => {
  for (const path of ['/w/.kube-lb-reach.yaml', '/w/a/b/.kube-lb-reach.yml', '.kube-lb-reach.yaml']) {
    it(`${path} is one`, () => {
      strictEqual(isConfigFilePath(path), true);
    });
  }
  for (const path of ['/w/kube-lb-reach.yaml', '/w/x.kube-lb-reach.yaml', '/w/.kube-lb-reach.yaml.bak', '/w/.kube-lb-reach.json', '/w/.kube-lb-reach.yaml/svc.yaml']) {
    it(`${path} is not one`, () => {
      strictEqual(isConfigFilePath(path), false);
    });
  }
});

describe('the latest answer wins', () => {
  it('an earlier question answered last is dropped', async () => {
    const latest = new LatestAnswer();
    const first = deferred<string>();
    const second = deferred<string>();
    const firstShown = latest.ask(() => first.promise);
    const secondShown = latest.ask(() => second.promise);
    second.resolve('green');
    strictEqual(await secondShown, 'green');
    first.resolve('blue');
    strictEqual(await firstShown, undefined);
  });

  it('a question alone keeps its answer, null included', async () => {
    const latest = new LatestAnswer();
    strictEqual(await latest.ask(() => Promise.resolve('blue')), 'blue');
    strictEqual(await latest.ask(() => Promise.resolve(null)), null);
  });

  it('a later question asked after an answer does not undo it', async () => {
    const latest = new LatestAnswer();
    const shown = await latest.ask(() => Promise.resolve('blue'));
    const next = deferred<string>();
    const pending = latest.ask(() => next.promise);
    strictEqual(shown, 'blue');
    next.resolve('green');
    strictEqual(await pending, 'green');
  });

  it('a failed question rejects, and the next one is answered', async () => {
    const latest = new LatestAnswer();
    let failure: unknown;
    await latest.ask(() => Promise.reject(new Error('server restarting'))).catch((error: unknown) => { failure = error; });
    strictEqual((failure as Error).message, 'server restarting');
    strictEqual(await latest.ask(() => Promise.resolve('green')), 'green');
  });
});
