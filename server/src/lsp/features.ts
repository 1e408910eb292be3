import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type CompletionItem,
  type CompletionParams,
  type Hover,
  type HoverParams,
} from 'vscode-languageserver';
import { describeSettings, type DiagnosticRef, type FileEdits } from '../core';
import { type ServerContext } from './context';
import { FIX_ALL_KIND, resourceOfData, SOURCE, toCodeAction, toCommandAction, toMultiFileWorkspaceEdit, toOffset, toRange, type FileEditTarget } from './convert';
import { displayPath } from './clusterSync';
import { type DiagnosticsPublisher } from './diagnostics';
import { guard } from './guard';
import { EXPLAIN, EXPLAIN_COMMAND, SETTINGS_IN_EFFECT, type ExplainResult, type SettingsInEffect } from './protocol';
import { canonicalUri } from './uris';

/**
 * The files an action edits, for the workspace edit: the other files' edits were computed on the
 * text the index read, so their positions come from its line index, and an open document's version
 * is named only while the index holds its current text. Undefined when one is not known.
 */
function editTargets(ctx: ServerContext, own: FileEditTarget, otherFiles: readonly FileEdits[]): FileEditTarget[] | undefined {
  const targets = [own];
  for (const file of otherFiles) {
    const lines = ctx.service.index.lineIndexOf(file.uri);
    const open = ctx.document(file.uri);
    if (!lines || (open && ctx.service.parsed(file.uri)?.lineIndex !== lines)) return undefined;
    targets.push({ uri: ctx.spellings.of(file.uri), version: open ? open.version : null, lines, edits: file.edits });
  }
  return targets;
}

function positionOf(value: unknown): { line: number; character: number } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { line, character } = value as Record<string, unknown>;
  return typeof line === 'number' && typeof character === 'number' && line >= 0 && character >= 0 ? { line, character } : undefined;
}

/** Hover, code actions, completion, the settings and explain requests: each guarded, each on the document's current text. */
export function registerFeatures(ctx: ServerContext, publisher: DiagnosticsPublisher): void {
  const { connection, log } = ctx;

  connection.onHover(
    ctx.lifecycle.request(guard(log, 'hover', null, async (params: HoverParams): Promise<Hover | null> => {
      const key = canonicalUri(params.textDocument.uri);
      if (!ctx.document(key)) return null;
      publisher.sync();
      const { settings } = await ctx.settings.inEffect(ctx.service, key, params.textDocument.uri);
      const parsed = ctx.service.parsed(key);
      if (!parsed) return null;
      // Only our VS Code client has the command (and trusts it in hovers); other clients are told of the CLI.
      const explainLink = ctx.docsLinks.command === undefined ? undefined : `command:${EXPLAIN_COMMAND}?${encodeURIComponent(JSON.stringify([params.textDocument.uri, params.position]))}`;
      const result = ctx.service.hover(key, toOffset(parsed.lineIndex, params.position), settings, ctx.docsLinks.hover, ctx.docsLinks.annotation, explainLink);
      if (!result) return null;
      return { contents: { kind: 'markdown', value: result.markdown }, range: toRange(parsed.lineIndex, result.span) };
    })),
  );

  connection.onCodeAction(
    ctx.lifecycle.request(guard(log, 'codeAction', [] as CodeAction[], async (params: CodeActionParams): Promise<CodeAction[]> => {
      const key = canonicalUri(params.textDocument.uri);
      const document = ctx.document(key);
      if (!document) return [];
      publisher.sync();
      const version = document.version;
      const { settings } = await ctx.settings.inEffect(ctx.service, key, params.textDocument.uri);
      const parsed = ctx.service.parsed(key);
      if (!parsed || ctx.document(key)?.version !== version) return [];
      const only = params.context.only;
      const wants = (kind: string): boolean => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
      const ours = params.context.diagnostics.filter((d) => d.source === SOURCE && typeof d.code === 'string');
      const refs: DiagnosticRef[] = ours.map((d) => ({
        ruleId: String(d.code),
        resource: resourceOfData(d.data),
        span: { start: toOffset(parsed.lineIndex, d.range.start), end: toOffset(parsed.lineIndex, d.range.end) },
      }));
      // Fix-all only when asked for by kind (on save, say), as vscode-eslint does.
      const actions = ctx.service.codeActions(key, settings, refs, { quickFix: wants(CodeActionKind.QuickFix), fixAll: only !== undefined && wants(FIX_ALL_KIND) });
      const command = ctx.docsLinks.command;
      return actions.flatMap((action) => {
        const diagnostics = action.diagnostics.map((i) => ours[i]!);
        // A client without our command (Neovim, say) opens the page from the diagnostic's codeDescription link instead.
        if (action.showDocsFor !== undefined) return command === undefined ? [] : [toCommandAction(action, action.showDocsFor, command, diagnostics)];
        const files = editTargets(ctx, { uri: params.textDocument.uri, version, lines: parsed.lineIndex, edits: action.edits }, action.otherFiles);
        // An edit of another file computed on a text the index no longer holds (it is mid-edit with a syntax error) is not offered.
        if (!files) return [];
        return [toCodeAction(action, toMultiFileWorkspaceEdit(files, { versioned: ctx.client.versionedEdits, snippets: ctx.client.snippetEdits }), diagnostics)];
      });
    })),
  );

  connection.onCompletion(
    ctx.lifecycle.request(guard(log, 'completion', [] as CompletionItem[], (params: CompletionParams): CompletionItem[] => {
      const key = canonicalUri(params.textDocument.uri);
      if (!ctx.document(key)) return [];
      publisher.sync();
      const parsed = ctx.service.parsed(key);
      if (!parsed) return [];
      return ctx.service.completion(key, toOffset(parsed.lineIndex, params.position)).map((item) => ({
        label: item.label,
        detail: item.detail,
        ...(item.documentation ? { documentation: { kind: 'markdown' as const, value: item.documentation } } : {}),
        textEdit: { range: toRange(parsed.lineIndex, item.span), newText: item.insertText ?? item.label },
      }));
    })),
  );

  connection.onRequest(
    SETTINGS_IN_EFFECT,
    ctx.lifecycle.request(guard(log, SETTINGS_IN_EFFECT, null, async (params: { uri?: unknown }): Promise<SettingsInEffect | null> => {
      if (typeof params.uri !== 'string') return null;
      const { settings, cluster } = await ctx.settings.inEffect(ctx.service, canonicalUri(params.uri), params.uri);
      return {
        text: `cluster ${cluster.name} · ${describeSettings(settings)}`,
        kubernetesVersion: settings.kubernetesVersion.text,
        kubeProxyMode: settings.proxyMode,
        cluster: cluster.name,
        configFile: cluster.configId === undefined ? null : displayPath(cluster.configId),
      };
    })),
  );

  connection.onRequest(
    EXPLAIN,
    ctx.lifecycle.request(guard(log, EXPLAIN, null, async (params: { uri?: unknown; position?: unknown }): Promise<ExplainResult | null> => {
      if (typeof params.uri !== 'string') return null;
      const key = canonicalUri(params.uri);
      // Open documents only: the client asks for the document in its editor (or the hover's).
      if (!ctx.document(key)) return null;
      publisher.sync();
      const { settings } = await ctx.settings.inEffect(ctx.service, key, params.uri);
      const parsed = ctx.service.parsed(key);
      if (!parsed) return null;
      const position = positionOf(params.position);
      const offset = position === undefined ? undefined : toOffset(parsed.lineIndex, position);
      const result = ctx.service.explainMarkdown(key, offset, settings, ctx.docsLinks.hover);
      return result ? { markdown: result.markdown, services: result.services } : null;
    })),
  );
}
