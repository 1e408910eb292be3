import * as vscode from 'vscode';
import { type ConfigurationParams, type ConfigurationRequest, type ResponseError } from 'vscode-languageclient/node';
import { answerConfiguration, explicitLayer, sectionKeys } from './explicitLayer';

const SECTION = 'kubeLbReach';

/** The values of `kubeLbReach.*` the user set explicitly for a resource (see explicitLayer.ts). */
export function explicitSettings(keys: readonly string[], scope: vscode.Uri | undefined): Record<string, unknown> {
  const configuration = vscode.workspace.getConfiguration(SECTION, scope);
  return explicitLayer(keys, (key) => configuration.inspect(key));
}

/**
 * Answers the server's `workspace/configuration` for our section with only the values the user set
 * explicitly, so that the precedence holds: defaults < .kube-lb-reach.yaml < editor settings set
 * explicitly. VS Code's own answer fills in every default, which would override the config file.
 */
export function explicitSettingsMiddleware(context: vscode.ExtensionContext): ConfigurationRequest.MiddlewareSignature {
  // The keys of our settings, as package.json contributes them (generated from the settings descriptor).
  const keys = sectionKeys(context.extension.packageJSON, SECTION);
  return async (params: ConfigurationParams, token, next) => {
    // Sections other than ours (none today) keep VS Code's own answer.
    const others = params.items.some((item) => item.section !== SECTION);
    const answered: unknown = others ? await next(params, token) : [];
    if (!Array.isArray(answered)) return answered as ResponseError;
    return answerConfiguration(params.items, SECTION, answered, (scopeUri) => explicitSettings(keys, scopeUri === undefined ? undefined : vscode.Uri.parse(scopeUri)));
  };
}
