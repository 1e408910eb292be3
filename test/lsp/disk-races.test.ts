import { deepStrictEqual, ok } from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../helpers/lspClient';
import { service } from '../helpers/workspace';

const CLB = 'lb-race';

/**
 * A read of a file from disk that finishes after a later event about that file (its folder
 * deleted) must not bring the file back into the workspace: the later event is the truth.
 */
describe('a disk read overtaken by a later event', { timeout: 30_000 }, () => {
  let dir: string;
  let client: LspClient;
  let mainUri: string;
  const mainText = service({ name: 'main', clbId: CLB, ports: [80] });

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'klr-lsp-race-'));
    writeFileSync(path.join(dir, 'main.yaml'), mainText);
    // Services under slow/ deploy to another cluster: their ports are refused to main's (one cluster's Services serve each other's).
    writeFileSync(path.join(dir, '.kube-lb-reach.yaml'), 'clusters:\n  - name: slow\n    paths: ["slow/**"]\n');
    mainUri = pathToFileURL(path.join(dir, 'main.yaml')).href;
    client = new LspClient({ holdReadsOf: `${path.sep}slow${path.sep}` });
    await client.initialize(pathToFileURL(dir).href);
    await client.until(() => client.logs.some((line) => line.startsWith('indexed 2 YAML files')));
    await client.open(mainUri, mainText);
    await client.diagnostics(mainUri, (p) => p.version === 1);
  });
  after(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a file closed, then its folder deleted while the close re-read it: the Service stays gone', async () => {
    const slow = path.join(dir, 'slow');
    mkdirSync(slow);
    const otherText = service({ name: 'other', clbId: CLB, ports: [443] });
    writeFileSync(path.join(slow, 'other.yaml'), otherText);
    const otherUri = pathToFileURL(path.join(slow, 'other.yaml')).href;
    await client.open(otherUri, otherText);
    await client.diagnostics(mainUri, (p) => JSON.stringify(p.diagnostics).includes('443/TCP (Service default/other'));
    // Closed: the server reads the file back from disk; the read is held with the file's text.
    await client.close(otherUri);
    await client.until(() => client.logs.some((line) => line.startsWith('kube-lb-reach-test: holding') && line.endsWith('other.yaml')));
    rmSync(slow, { recursive: true });
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(slow).href, type: 3 }] });
    await client.diagnostics(mainUri, (p) => !JSON.stringify(p.diagnostics).includes('443/TCP'));
    // The read that started before the deletion now ends: it must change nothing.
    await client.releaseReads();
    await client.change(mainUri, 2, mainText.replace('port: 80', 'port: 81'));
    const published = await client.diagnostics(mainUri, (p) => p.version === 2);
    ok(!JSON.stringify(published.diagnostics).includes('443/TCP'), `no listener of the deleted file: ${JSON.stringify(published.diagnostics.map((d) => d.message))}`);
    deepStrictEqual(
      published.diagnostics.map((d) => [d.code, d.severity]),
      [['reused-clb-listeners-unknown', 3]],
    );
    deepStrictEqual(client.failures(), []);
  });
});
