import { deepStrictEqual } from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LanguageService } from '../../server/src/core';
import { WorkspaceSync } from '../../server/src/lsp/workspaceSync';
import { service } from '../helpers/workspace';

describe('workspace sync: a closed document falls back to its disk copy', () => {
  it('unless it was reopened while the disk copy was read: the reopened text stays in the index', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'klr-sync-'));
    try {
      writeFileSync(path.join(dir, 'a.yaml'), service({ name: 'on-disk', clbId: 'lb-s', ports: [80] }));
      const key = pathToFileURL(path.join(dir, 'a.yaml')).href;
      const ls = new LanguageService();
      ls.update(key, service({ name: 'edited', clbId: 'lb-s', ports: [80] }));
      let calls = 0;
      const sync = new WorkspaceSync(ls, {
        // Closed when the read starts; reopened (with new text) before the read's result is used.
        isOpen: () => {
          calls++;
          if (calls === 1) return false;
          ls.update(key, service({ name: 'reopened', clbId: 'lb-s', ports: [80] }));
          return true;
        },
        log: () => undefined,
        cancelled: () => false,
        republish: () => undefined,
      });
      await sync.addFolders([]);
      await sync.closed(key);
      // Outside every workspace folder a closed file is forgotten; inside, it is read back from disk.
      deepStrictEqual(ls.index.servicesReusing('alibaba:lb-s'), []);
      await sync.addFolders([pathToFileURL(dir).href]);
      ls.update(key, service({ name: 'edited', clbId: 'lb-s', ports: [80] }));
      calls = 0;
      await sync.closed(key);
      deepStrictEqual(ls.index.servicesReusing('alibaba:lb-s').map((s) => s.label), ['default/reopened']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
