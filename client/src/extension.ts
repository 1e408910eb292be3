import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { explicitSettingsMiddleware } from './explicitSettings';
import { announceWithoutValues } from './settingsChanged';
import { ruleDocsOption, SHOW_RULE_DOCS_COMMAND } from '../../server/src/node/docsLink';
import { EXPLAIN_COMMAND } from '../../server/src/lsp/protocol';
import { registerReachCommands } from './reachCommands';
import { registerRuleDocs } from './ruleDocs';
import { type KubeLbReachApi } from './api';
import { askSettingsInEffect, createStatus } from './status';

/**
 * The VS Code side: starts the bundled language server for YAML files and shows the settings in
 * effect. All analysis lives in the server; nothing here reads or runs workspace content.
 */
let client: LanguageClient | undefined;

function createClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, settingsSent: () => void): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Any scheme: open documents of virtual workspaces are analysed from their text too.
    documentSelector: [{ language: 'yaml' }],
    outputChannel: output,
    // Tells the server that rule links may be this product's URIs and our command.
    initializationOptions: ruleDocsOption(vscode.env.uriScheme),
    // The hover's links run these two commands (a rule page, the reachability table), nothing else.
    markdown: { isTrusted: { enabledCommands: [SHOW_RULE_DOCS_COMMAND, EXPLAIN_COMMAND] } },
    // Only what the user set: a default must not hide the workspace's .kube-lb-reach.yaml.
    // Change notifications carry no values (they would carry every default): the server asks.
    middleware: { workspace: { configuration: explicitSettingsMiddleware(context), didChangeConfiguration: announceWithoutValues(settingsSent) } },
  };
  return new LanguageClient('kubeLbReach', 'Kube LB Reach', serverOptions, clientOptions);
}

export async function activate(context: vscode.ExtensionContext): Promise<KubeLbReachApi> {
  const output = vscode.window.createOutputChannel('Kube LB Reach', { log: true });
  const settingsSent = new vscode.EventEmitter<void>();
  const started = createClient(context, output, () => { settingsSent.fire(); });
  client = started;
  const status = createStatus(started, settingsSent.event);
  context.subscriptions.push(
    output,
    settingsSent,
    status,
    vscode.commands.registerCommand('kubeLbReach.showOutput', () => {
      output.show(true);
    }),
    vscode.commands.registerCommand('kubeLbReach.restartServer', async () => {
      await client?.restart();
    }),
    ...registerRuleDocs(),
    ...registerReachCommands(started),
  );
  await started.start();
  return {
    statusView: () => status.view(),
    onDidChangeStatus: status.onDidChange,
    settingsInEffect: (uri) => askSettingsInEffect(started, uri),
  };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
