import { deepStrictEqual } from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { type PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LINT_WORKSPACE, type LintWorkspaceResult } from '../../server/src/lsp/protocol';
import { BROKEN_OVERLAY, CLB, KustomizeFixture, PATCH, PROD_FILES, RENDER_FAILED } from '../helpers/kustomizeFixture';
import { service } from '../helpers/workspace';

// kubeLbReach/lintWorkspace counts what the files show: the findings of an overlay's rendered
// Services on the files it is made of (a closed patch or base, which are analysed only as
// rendered, so they have no findings of their own), with the real kubectl.

const UNKNOWN = 'reused-clb-listeners-unknown';
const CONFLICT = 'reused-clb-port-conflict';
const RENDER = { 'render.kustomize': ['overlays/prod'] };
const codesOf = (p: PublishDiagnosticsParams): string[] => p.diagnostics.map((d) => String(d.code));

describe('kubeLbReach/lintWorkspace with render.kustomize (real kubectl)', { timeout: 60_000 }, () => {
  let fixture: KustomizeFixture | undefined;
  afterEach(async () => {
    await fixture?.stop();
    fixture = undefined;
  });

  it('the rendered findings on the closed patch and base are counted, and on the patch once it is open', async () => {
    // other.yaml declares 80/TCP of the CLB the patch puts the rendered prod-web on: a conflict on both sides.
    fixture = new KustomizeFixture({ ...PROD_FILES, 'other.yaml': service({ name: 'other', clbId: CLB, ports: [80] }) });
    const client = await fixture.start({ workspaceTrusted: true }, RENDER);
    const patch = fixture.uri('overlays/prod/clb.yaml');
    await client.diagnostics(patch, (p) => codesOf(p).includes(UNKNOWN));
    await client.diagnostics(fixture.uri('base/service.yaml'), (p) => codesOf(p).includes(CONFLICT));
    // Five files: other.yaml's own information and error; the rendered information on the patch, the rendered error on the base.
    const expected: LintWorkspaceResult = { files: 5, filesWithFindings: 3, errors: 2, warnings: 0, information: 2, hints: 0, skipped: 0, truncated: false };
    deepStrictEqual(await client.connection.sendRequest<LintWorkspaceResult | null>(LINT_WORKSPACE, {}), expected);
    // Open, the patch is analysed as its own text too (a Service with no type: nothing of its own); the rendered finding shown on it still counts.
    await client.open(patch, PATCH);
    await client.diagnostics(patch, (p) => p.version === 1 && codesOf(p).includes(UNKNOWN));
    deepStrictEqual(await client.connection.sendRequest<LintWorkspaceResult | null>(LINT_WORKSPACE, {}), expected);
    deepStrictEqual(client.failures(), []);
  });

  it('a failed render\'s warning on the kustomization is shown, but is no finding: not counted', async () => {
    fixture = new KustomizeFixture({ 'overlays/prod/kustomization.yaml': BROKEN_OVERLAY });
    const client = await fixture.start({ workspaceTrusted: true }, RENDER);
    await client.diagnostics(fixture.uri('overlays/prod/kustomization.yaml'), (p) => codesOf(p).includes(RENDER_FAILED));
    deepStrictEqual(await client.connection.sendRequest<LintWorkspaceResult | null>(LINT_WORKSPACE, {}), { files: 1, filesWithFindings: 0, errors: 0, warnings: 0, information: 0, hints: 0, skipped: 0, truncated: false });
  });
});
