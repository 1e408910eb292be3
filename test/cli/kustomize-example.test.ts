import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI, listDir, messageOf, type RunResult } from './run';

/**
 * The bundled example examples/kustomize-overlay, run as its README says from the repository root,
 * with the machine's real kubectl: a port conflict between the overlay's rendered Service and a
 * plain manifest, which linting the files one by one does not show.
 */

const ROOT = path.resolve(__dirname, '..', '..', '..');
const EXAMPLE = 'examples/kustomize-overlay';
const OVERLAY = `${EXAMPLE}/overlays/prod`;
const CLB = 'lb-shared-shop';

function run(args: readonly string[]): RunResult {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], timeout: 60_000 });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const lines = (...l: string[]): string => `${l.join('\n')}\n`;
const unknown = messageOf('reused-clb-listeners-unknown', 'unknown', { lb: 'CLB', lbId: CLB, own: '80/TCP' });
const conflict = (other: string): string => messageOf('reused-clb-port-conflict', 'conflict', { listener: '80/TCP', lb: 'CLB', lbId: CLB, services: other });

describe(`the bundled example ${EXAMPLE} (real kubectl)`, { timeout: 120_000 }, () => {
  let listing: string[];
  before(() => {
    listing = listDir(path.join(ROOT, EXAMPLE));
  });
  after(() => {
    // The render wrote nothing into the example.
    deepStrictEqual(listDir(path.join(ROOT, EXAMPLE)), listing);
  });

  it('linted file by file: only the plain Service on the CLB, one information, exit 0', () => {
    const result = run(['lint', EXAMPLE]);
    strictEqual(result.stdout, lines(`${EXAMPLE}/other.yaml:8:63 information reused-clb-listeners-unknown ${unknown}`, '1 finding in 5 files'));
    strictEqual(result.stderr, '');
    strictEqual(result.code, 0);
  });

  it('with --kustomize: prod-web and admin conflict on 80/TCP, the rendered side on the patch and base lines', () => {
    const result = run(['lint', EXAMPLE, '--kustomize', OVERLAY]);
    strictEqual(
      result.stdout,
      lines(
        `${EXAMPLE}/other.yaml:8:63 information reused-clb-listeners-unknown ${unknown}`,
        `${EXAMPLE}/other.yaml:15:13 error reused-clb-port-conflict ${conflict('shop/prod-web')}`,
        `${OVERLAY}/clb.yaml:8:63 information reused-clb-listeners-unknown ${unknown} (as rendered from ${OVERLAY}, line 16)`,
        `${EXAMPLE}/base/service.yaml:14:13 error reused-clb-port-conflict ${conflict('shop/admin')} (as rendered from ${OVERLAY}, line 22)`,
        '4 findings in 2 files',
      ),
    );
    strictEqual(result.stderr, '');
    strictEqual(result.code, 1);
  });
});
