import { promises as fs } from 'fs';
import * as path from 'path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { kustomizeDirsOf, type RawSettings } from '../core';
import { readPathBounded } from '../node/boundedRead';
import { renderKustomize, type KustomizeRender } from '../node/kustomize';
import { displayPath } from './clusterSync';
import { SOURCE } from './convert';
import { reportFailure } from './guard';
import { shadowTree } from './renderShadow';
import { canonicalUri, isUnder } from './uris';

/** The code of the warning on an overlay's kustomization file when it cannot be rendered. */
export const RENDER_FAILED = 'kustomize-render-failed';
/** A burst of keystrokes or saves renders once. */
export const RENDER_DEBOUNCE_MS = 500;
export const RENDER_TIMEOUT_MS = 30_000;
const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
export const SETTING_NAME = 'kubeLbReach.render.kustomize';

/** What a successful render hands the service, and what the service answers (see `RenderedPort`). */
export interface RenderedOutput {
  readonly text: string;
  /** The folder the origin paths in `text` are relative to. */
  readonly root: string;
}

/**
 * The language service's side of rendered overlays: the rendered Services enter the index of their
 * cluster, and the findings in them come back attributed to the files the user edits.
 */
export interface RenderedPort {
  /** Sets (or, with undefined, removes) an overlay's rendered output; returns the files whose findings may have changed. */
  setRendered(overlayKey: string, output: RenderedOutput | undefined): Promise<Set<string>>;
  /** The attributed findings of an overlay's rendered Services, as diagnostics per file (canonical URI). */
  diagnostics(overlayKey: string): Promise<ReadonlyMap<string, readonly Diagnostic[]>>;
  /** The files the last render of the overlay read (origins, kustomizations, patches): a change to one renders it again. */
  sources(overlayKey: string): readonly string[];
  /** The id the overlay's render is analysed under (other files' changes name it among the files they affect). */
  renderedId(overlayKey: string): string;
}

export interface RenderSyncHooks {
  readonly log: (message: string) => void;
  readonly folders: () => readonly string[];
  readonly configIds: () => readonly string[];
  /** A config file's own top-level settings (undefined while it has none in force). */
  readonly configRaw: (configId: string) => RawSettings | undefined;
  /** The editor's layer for a workspace folder (what the user set explicitly). */
  readonly editorLayer: (folder: string) => Promise<RawSettings>;
  readonly openText: (key: string) => string | undefined;
  readonly openKeys: () => Iterable<string>;
  /**
   * Files whose findings may have changed: open documents are re-published (their own diagnostics
   * merged with `diagnosticsOf`), closed ones are reported anew in a pulling client's next workspace report.
   */
  readonly republish: (keys: Iterable<string>) => void;
  /** Publishes on a file that is not open. */
  readonly publish: (key: string, diagnostics: Diagnostic[]) => Promise<void>;
  readonly isOpen: (key: string) => boolean;
  /** The files renders are made of changed: `added` are analysed only as rendered now, `released` as plain files again. */
  readonly sourcesChanged: (added: readonly string[], released: readonly string[]) => Promise<void>;
}

interface Overlay {
  readonly key: string;
  readonly dir: string;
  /** The layer that named it, for the Output channel. */
  readonly namedBy: string;
  timer?: NodeJS.Timeout;
  controller?: AbortController;
  running?: Promise<void>;
  /** Diagnostics of ours per file: the attributed findings, or the warning of a failed render. */
  published: Map<string, readonly Diagnostic[]>;
  sources: Set<string>;
  /** Whether `sources` are those of the render in force (else of an earlier one: only where to look for changes). */
  inForce: boolean;
  /** Whether a render succeeded once (then `sources` says which folders it reads). */
  rendered: boolean;
}

/** An unknown or absent answer is untrusted: only a client that says so makes kube-lb-reach run anything. */
export function trustedFrom(initializationOptions: unknown): boolean {
  return typeof initializationOptions === 'object' && initializationOptions !== null && (initializationOptions as Record<string, unknown>)['workspaceTrusted'] === true;
}

/**
 * The editor's opt-in rendering of Kustomize overlays (`render.kustomize`): in a trusted workspace
 * only, each overlay is rendered at start and after a change to a file it uses (debounced, in the
 * background, one render per overlay at a time, a stale one aborted), and the findings in its
 * rendered Services are published on the files the user edits.
 */
export class RenderSync {
  private trusted = false;
  private stopped = false;
  private readonly overlays = new Map<string, Overlay>();
  private toldUntrusted = false;
  private toldNoTool = false;
  /** What was said of the overlay list, so it is said again only when it changes. */
  private toldList = '';

  constructor(
    private readonly port: RenderedPort,
    private readonly hooks: RenderSyncHooks,
  ) {}

  setTrusted(trusted: boolean): void {
    this.trusted = trusted;
  }

  get isTrusted(): boolean {
    return this.trusted;
  }

  /** The overlays the settings name now: new ones are rendered, dropped ones cleared. */
  async refresh(): Promise<void> {
    if (this.stopped) return;
    const wanted = await this.wantedOverlays();
    if (!this.trusted) {
      if (wanted.size > 0 && !this.toldUntrusted) {
        this.toldUntrusted = true;
        this.hooks.log(`${SETTING_NAME}: this workspace is not trusted, so kubectl is not run and the overlays are not rendered (${[...wanted.values()].map((o) => displayPath(o.key)).join(', ')}); trust the workspace to render them`);
      }
      for (const key of [...this.overlays.keys()]) await this.drop(key);
      return;
    }
    for (const key of [...this.overlays.keys()]) if (!wanted.has(key)) await this.drop(key);
    const list = [...wanted.values()].map((o) => `${displayPath(o.key)} (${o.namedBy})`).join(', ');
    if (list !== this.toldList) {
      this.toldList = list;
      if (list !== '') this.hooks.log(`${SETTING_NAME}: rendering ${list}`);
    }
    for (const [key, overlay] of wanted) {
      const known = this.overlays.get(key);
      // Settings or a config file changed: the rendered Services are checked again with them.
      if (known) this.reanalyse(known);
      else {
        this.overlays.set(key, overlay);
        this.schedule(overlay, 0);
      }
    }
  }

  /** Files whose findings may have changed (another file shares a load balancer with them): renders among them are checked again. */
  affected(keys: Iterable<string>): void {
    if (this.stopped) return;
    const wanted = new Set(keys);
    for (const overlay of this.overlays.values()) if (overlay.rendered && wanted.has(this.port.renderedId(overlay.key))) this.reanalyse(overlay);
  }

  /** The last render's findings again, without rendering (after a render under way, which publishes its own). */
  private reanalyse(overlay: Overlay): void {
    if (!overlay.rendered || overlay.timer !== undefined || overlay.controller !== undefined) return;
    const run = async (): Promise<void> => {
      if (this.overlays.get(overlay.key) !== overlay || overlay.controller !== undefined) return;
      await this.publish(overlay, await this.port.diagnostics(overlay.key), new Set());
    };
    overlay.running = (overlay.running ?? Promise.resolve()).then(run).catch((error: unknown) => {
      reportFailure(this.hooks.log, 'handler', `check the render of ${displayPath(overlay.key)}`, error);
    });
  }

  private async wantedOverlays(): Promise<Map<string, Overlay>> {
    const wanted = new Map<string, Overlay>();
    const folders = this.hooks.folders();
    const add = (base: string, dirs: readonly string[], namedBy: string): void => {
      for (const dir of dirs) {
        const absolute = path.resolve(base, dir);
        const key = canonicalUri(URI.file(absolute).toString());
        if (!isUnder(key, folders) && !folders.includes(key)) {
          this.hooks.log(`${SETTING_NAME}: ${dir} (${namedBy}) is outside the workspace folders; not rendered`);
          continue;
        }
        if (!wanted.has(key)) wanted.set(key, { key, dir: absolute, namedBy, published: new Map(), sources: new Set(), inForce: false, rendered: false });
      }
    };
    for (const folder of folders) {
      const uri = URI.parse(folder);
      if (uri.scheme !== 'file') continue;
      const editor = kustomizeDirsOf(await this.hooks.editorLayer(folder));
      for (const problem of editor.problems) this.hooks.log(`settings: ${problem}`);
      // Set in the editor, it is the folder's list; else each config file's below the folder counts.
      if (editor.dirs !== undefined) {
        add(uri.fsPath, editor.dirs, 'editor settings');
        continue;
      }
      for (const id of this.hooks.configIds().filter((c) => isUnder(c, [folder]))) {
        const dirs = kustomizeDirsOf(this.hooks.configRaw(id)).dirs ?? [];
        add(path.dirname(URI.parse(id).fsPath), dirs, displayPath(id));
      }
    }
    return wanted;
  }

  /** Files changed (on disk or in an open editor): each overlay that uses one renders again. */
  changed(keys: Iterable<string>): void {
    if (!this.trusted || this.stopped) return;
    for (const key of keys) {
      for (const overlay of this.overlays.values()) {
        if (key === overlay.key || isUnder(key, [overlay.key]) || overlay.sources.has(key)) this.schedule(overlay, RENDER_DEBOUNCE_MS);
      }
    }
  }

  /** Whether a file is one a current render is made of (then it is analysed only as rendered, as the CLI does). */
  isRenderedSource(key: string): boolean {
    for (const overlay of this.overlays.values()) if (overlay.inForce && overlay.sources.has(key)) return true;
    return false;
  }

  private async setSources(overlay: Overlay, next: Set<string>, inForce = true): Promise<void> {
    const before = overlay.inForce ? overlay.sources : new Set<string>();
    if (next.size > 0 || inForce) overlay.sources = next;
    overlay.inForce = inForce;
    const now = inForce ? next : new Set<string>();
    const added = [...now].filter((key) => !before.has(key));
    const released = [...before].filter((key) => !now.has(key) && !this.isRenderedSource(key));
    if (added.length > 0 || released.length > 0) await this.hooks.sourcesChanged(added, released);
  }

  /** Our diagnostics on a file (every overlay's), for the publisher to add to the file's own. */
  diagnosticsOf(key: string): Diagnostic[] {
    const merged: Diagnostic[] = [];
    const seen = new Set<string>();
    for (const overlay of this.overlays.values()) {
      for (const diagnostic of overlay.published.get(key) ?? []) {
        const id = JSON.stringify([diagnostic.range, diagnostic.code, diagnostic.message]);
        if (seen.has(id)) continue;
        seen.add(id);
        merged.push(diagnostic);
      }
    }
    return merged;
  }

  /** Of those, the attributed findings alone (not a failed render's warning): what Lint workspace counts as the file's findings. */
  renderedFindingsOf(key: string): Diagnostic[] {
    return this.diagnosticsOf(key).filter((diagnostic) => diagnostic.code !== RENDER_FAILED);
  }

  stop(): void {
    this.stopped = true;
    for (const overlay of this.overlays.values()) {
      clearTimeout(overlay.timer);
      overlay.controller?.abort();
    }
  }

  private schedule(overlay: Overlay, delay: number): void {
    clearTimeout(overlay.timer);
    // A render under way is stale now: stopped, and the next one waits for it to end.
    overlay.controller?.abort();
    overlay.timer = setTimeout(() => {
      overlay.timer = undefined;
      void this.run(overlay);
    }, delay);
  }

  private async run(overlay: Overlay): Promise<void> {
    await overlay.running;
    if (this.overlays.get(overlay.key) !== overlay || this.stopped || overlay.timer !== undefined) return;
    const controller = new AbortController();
    overlay.controller = controller;
    const running = this.renderOnce(overlay, controller.signal).catch((error: unknown) => {
      reportFailure(this.hooks.log, 'handler', `render ${displayPath(overlay.key)}`, error);
    });
    overlay.running = running;
    await running;
    if (overlay.controller === controller) overlay.controller = undefined;
  }

  private async renderOnce(overlay: Overlay, signal: AbortSignal): Promise<void> {
    const edited = await this.editedTexts(overlay);
    const files = [...overlay.sources].map((key) => URI.parse(key).fsPath);
    // Before a first render it is not known which files the overlay reads: the disk's files are
    // rendered first, and the unsaved edits right after, on a copy of those files.
    const firstWithEdits = edited.size > 0 && !overlay.rendered;
    const allowed = [overlay.dir, ...this.hooks.folders().map((folder) => URI.parse(folder)).filter((uri) => uri.scheme === 'file').map((uri) => uri.fsPath)];
    const shadow = edited.size === 0 || firstWithEdits ? undefined : await shadowTree(overlay.dir, files, edited, allowed);
    if (edited.size > 0 && !firstWithEdits && !shadow) this.hooks.log(`${displayPath(overlay.key)}: too many or too large files to render with the unsaved edits; rendering the files on disk`);
    let result: KustomizeRender;
    try {
      result = await renderKustomize(shadow?.overlay ?? overlay.dir, { timeoutMs: RENDER_TIMEOUT_MS, signal });
    } finally {
      await shadow?.remove();
    }
    // Aborted, or the overlay dropped from the settings, while it rendered: what came later counts.
    const stale = (): boolean => signal.aborted || this.overlays.get(overlay.key) !== overlay;
    if (stale()) return;
    if (result.ok) {
      const text = shadow ? shadow.realText(result.text, result.root) : result.text;
      const affected = await this.port.setRendered(overlay.key, { text, root: result.root });
      if (stale()) return;
      await this.setSources(overlay, new Set(this.port.sources(overlay.key)));
      overlay.rendered = true;
      await this.publish(overlay, await this.port.diagnostics(overlay.key), affected);
      if (firstWithEdits) this.schedule(overlay, 0);
      return;
    }
    if (result.reason === 'aborted') return;
    const message = shadow ? shadow.realMessage(result.message) : result.message;
    const stderr = shadow ? shadow.realMessage(result.stderr) : result.stderr;
    const affected = await this.port.setRendered(overlay.key, undefined);
    // Not rendered: its files count as plain files again (the folders stay known for the next render).
    await this.setSources(overlay, new Set(), false);
    if (result.reason === 'no-tool') {
      if (!this.toldNoTool) this.hooks.log(`${SETTING_NAME}: ${message}`);
      this.toldNoTool = true;
      await this.publish(overlay, new Map(), affected);
      return;
    }
    this.hooks.log(`${SETTING_NAME}: ${message}${stderr.trim() === '' ? '' : `\n${stderr.trimEnd()}`}`);
    const kustomization = await kustomizationOf(overlay.dir);
    const firstLine = readableLine(stderr.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? message);
    const warning: Diagnostic = {
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: DiagnosticSeverity.Warning,
      source: SOURCE,
      code: RENDER_FAILED,
      message: `This overlay (${SETTING_NAME}) could not be rendered, so its Services are not checked: ${firstLine}`,
    };
    await this.publish(overlay, new Map([[kustomization, [warning]]]), affected);
  }

  /**
   * The open documents among the overlay's files whose text is not what the disk holds (read
   * bounded; a file that cannot be read counts as edited): an open, unchanged file needs no copy.
   */
  private async editedTexts(overlay: Overlay): Promise<Map<string, string>> {
    const edited = new Map<string, string>();
    for (const key of [...this.hooks.openKeys()]) {
      if (!(isUnder(key, [overlay.key]) || overlay.sources.has(key))) continue;
      const text = this.hooks.openText(key);
      if (text === undefined) continue;
      const file = URI.parse(key).fsPath;
      if (!(await holdsOnDisk(file, text))) edited.set(file, text);
    }
    return edited;
  }

  private async publish(overlay: Overlay, next: ReadonlyMap<string, readonly Diagnostic[]>, affected: Set<string>): Promise<void> {
    const before = overlay.published;
    overlay.published = new Map(next);
    const files = new Set([...before.keys(), ...next.keys()]);
    // Every affected file, closed ones too: a pulling client's workspace report has them.
    const changed: string[] = [...affected];
    for (const key of files) {
      if (JSON.stringify(before.get(key) ?? []) === JSON.stringify(next.get(key) ?? [])) continue;
      if (this.hooks.isOpen(key)) changed.push(key);
      else await this.hooks.publish(key, this.diagnosticsOf(key));
    }
    this.hooks.republish(changed);
  }

  private async drop(key: string): Promise<void> {
    const overlay = this.overlays.get(key);
    if (!overlay) return;
    this.overlays.delete(key);
    clearTimeout(overlay.timer);
    overlay.controller?.abort();
    const affected = await this.port.setRendered(key, undefined);
    const released = overlay.inForce ? [...overlay.sources].filter((file) => !this.isRenderedSource(file)) : [];
    if (released.length > 0) await this.hooks.sourcesChanged([], released);
    const files = [...overlay.published.keys()];
    for (const file of files) if (!this.hooks.isOpen(file)) await this.hooks.publish(file, this.diagnosticsOf(file));
    this.hooks.republish([...files.filter((file) => this.hooks.isOpen(file)), ...affected]);
  }
}

/** Whether the file on disk holds `text` (an editor drops a byte-order mark from what it shows). */
async function holdsOnDisk(file: string, text: string): Promise<boolean> {
  const read = await readPathBounded(file, { followSymlinks: true, streams: false });
  if (!('bytes' in read)) return false;
  const disk = read.bytes.toString('utf8');
  return disk === text || disk === `\uFEFF${text}`;
}

/** The overlay's kustomization file (where a failed render is reported); `kustomization.yaml` when there is none. */
async function kustomizationOf(dir: string): Promise<string> {
  for (const name of KUSTOMIZATION_NAMES) {
    const file = path.join(dir, name);
    if (await fs.stat(file).then((s) => s.isFile(), () => false)) return canonicalUri(URI.file(file).toString());
  }
  return canonicalUri(URI.file(path.join(dir, KUSTOMIZATION_NAMES[0]!)).toString());
}

/**
 * Kustomize's error line as a person reads it: kubectl prints it as a klog record
 * (`E1201 14:11:12.937313 29181 run.go:72] "command failed" err="…"`), whose prefix says nothing.
 * Its errors wrap their causes, so a long line keeps its start (what failed) and its end (why).
 */
export function readableLine(line: string): string {
  const klog = /^[EWIF]\d{4} [\d:.]+\s+\d+ \S+\] (?:"command failed" err=)?(.*)$/.exec(line);
  let text = klog ? klog[1]! : line;
  if (klog && text.startsWith('"') && text.endsWith('"')) text = text.slice(1, -1);
  return text.length > 300 ? `${text.slice(0, 120)} … ${text.slice(-170)}` : text;
}
