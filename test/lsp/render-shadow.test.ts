import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { commonFolder, MAX_SHADOW_BYTES, shadowTree } from '../../server/src/lsp/renderShadow';
import { readableLine } from '../../server/src/lsp/renderSync';

describe('rendering with unsaved edits (renderShadow) and kubectl\'s error line', () => {
  it('commonFolder: the deepest folder holding them all', () => {
    strictEqual(commonFolder(['/w/deploy/overlays/prod', '/w/deploy/base', '/w/deploy/overlays/prod']), '/w/deploy');
    strictEqual(commonFolder(['/w/a', '/w/ab']), '/w');
    strictEqual(commonFolder(['/w/a', '/x']), '/');
  });

  it('copies the folders below their common folder, writes the open texts over the copies, and spells the copy\'s paths as the real ones', async () => {
    const real = realpathSync(mkdtempSync(path.join(tmpdir(), 'klr-shadow-test-')));
    try {
      const write = (name: string, text: string): void => {
        mkdirSync(path.dirname(path.join(real, name)), { recursive: true });
        writeFileSync(path.join(real, name), text);
      };
      write('base/service.yaml', 'on disk\n');
      write('base/.git/config', 'skipped\n');
      write('overlays/prod/kustomization.yaml', 'resources: [../../base]\n');
      const overlay = path.join(real, 'overlays', 'prod');
      const shadow = await shadowTree(overlay, [path.join(real, 'base', 'service.yaml')], new Map([[path.join(real, 'base', 'service.yaml'), 'unsaved\n']]), [real]);
      ok(shadow);
      const copyRoot = path.dirname(path.dirname(shadow.overlay));
      strictEqual(readFileSync(path.join(shadow.overlay, 'kustomization.yaml'), 'utf8'), 'resources: [../../base]\n');
      strictEqual(readFileSync(path.join(copyRoot, 'base', 'service.yaml'), 'utf8'), 'unsaved\n');
      strictEqual(existsSync(path.join(copyRoot, 'base', '.git')), false);
      // kustomize names the copy relative to its wrapper folder (another folder of the temporary directory).
      const wrapper = path.join(path.dirname(path.dirname(copyRoot)), 'kube-lb-reach-kustomize-x');
      const printed = `path: ${path.relative(wrapper, path.join(copyRoot, 'base', 'service.yaml'))}\n`;
      const spelt = shadow.realText(printed, wrapper);
      strictEqual(path.resolve(wrapper, spelt.slice('path: '.length).trim()), path.join(real, 'base', 'service.yaml'));
      strictEqual(shadow.realMessage(`lstat ${path.join(copyRoot, 'base', 'missing.yaml')}: no such file`), `lstat ${path.join(real, 'base', 'missing.yaml')}: no such file`);
      strictEqual(shadow.realMessage(`from '${path.relative(wrapper, shadow.overlay)}'`), `from '${overlay}'`);
      await shadow.remove();
      strictEqual(existsSync(copyRoot), false);
    } finally {
      rmSync(real, { recursive: true, force: true });
    }
  });

  it('copies only the source files and the files beside them and the overlay: no subfolder, nothing outside the allowed folders, within the byte bound', async () => {
    const real = realpathSync(mkdtempSync(path.join(tmpdir(), 'klr-shadow-test-')));
    try {
      const write = (name: string, text: string | Buffer): void => {
        mkdirSync(path.dirname(path.join(real, name)), { recursive: true });
        writeFileSync(path.join(real, name), text);
      };
      write('ws/base/service.yaml', 'on disk\n');
      write('ws/base/config.env', 'A=1\n');
      write('ws/base/sub/unused.yaml', 'not used\n');
      write('ws/overlay/kustomization.yaml', 'resources: [../base]\n');
      write('outside/secret.yaml', 'secret\n');
      const overlay = path.join(real, 'ws', 'overlay');
      const sources = [path.join(real, 'ws', 'base', 'service.yaml'), path.join(real, 'outside', 'secret.yaml')];
      const shadow = await shadowTree(overlay, sources, new Map([[path.join(real, 'ws', 'base', 'service.yaml'), 'unsaved\n']]), [path.join(real, 'ws')]);
      ok(shadow);
      const copyRoot = path.dirname(shadow.overlay);
      deepStrictEqual((readdirSync(copyRoot, { recursive: true }) as string[]).map((p) => p.split(path.sep).join('/')).sort(), ['base', 'base/config.env', 'base/service.yaml', 'overlay', 'overlay/kustomization.yaml']);
      strictEqual(readFileSync(path.join(copyRoot, 'base', 'service.yaml'), 'utf8'), 'unsaved\n');
      await shadow.remove();
      write('ws/base/big.bin', Buffer.alloc(MAX_SHADOW_BYTES));
      strictEqual(await shadowTree(overlay, sources, new Map(), [path.join(real, 'ws')]), undefined);
    } finally {
      rmSync(real, { recursive: true, force: true });
    }
  });

  it('readableLine: the klog prefix goes, a long chain keeps its start and its cause', () => {
    strictEqual(readableLine('E1201 14:11:12.937313   29181 run.go:72] "command failed" err="accumulating resources: boom"'), 'accumulating resources: boom');
    strictEqual(readableLine('Error: plain kustomize'), 'Error: plain kustomize');
    const long = `start ${'x'.repeat(400)} the cause`;
    const shown = readableLine(long);
    ok(shown.startsWith('start '), shown);
    ok(shown.endsWith(' the cause'), shown);
    deepStrictEqual(shown.length < 300, true);
  });
});
