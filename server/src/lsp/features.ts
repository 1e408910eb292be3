import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type CompletionItem,
  type CompletionParams,
  type Hover,
  type HoverParams,
} from 'vscode-languageserver';
import { describeSettings, type DiagnosticRef } from '../core';
import { type ServerContext } from './context';
import { FIX_ALL_KIND, resourceOfData, SOURCE, toCodeAction, toCommandAction, toOffset, toRange, toWorkspaceEdit } from './convert';
import { displayPath } from './clusterSync';
import { type DiagnosticsPublisher } from './diagnostics';
import { guard } from './guard';
import { SETTINGS_IN_EFFECT, type SettingsInEffect } from './protocol';
import { canonicalUri } from './uris';


/** Hover, code actions, completion and the settings request: each guarded, each on the document's current text. */
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
      const result = ctx.service.hover(key, toOffset(parsed.lineIndex, params.position), settings, ctx.docsLinks.hover, ctx.docsLinks.annotation);
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
        return [toCodeAction(action, toWorkspaceEdit(params.textDocument.uri, version, parsed.lineIndex, action.edits, ctx.client.versionedEdits), diagnostics)];
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
}
