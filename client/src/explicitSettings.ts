import * as vscode from 'vscode';
import { type ConfigurationParams, type ConfigurationRequest, type ResponseError } from 'vscode-languageclient/node';

const SECTION = 'kubeLbReach';

/** The keys of our settings, as package.json contributes them (generated from the settings descriptor). */
function settingKeys(context: vscode.ExtensionContext): string[] {
  const json = context.extension.packageJSON as { contributes?: { configuration?: { properties?: Record<string, unknown> } } };
  const prefix = `${SECTION}.`;
  return Object.keys(json.contributes?.configuration?.properties ?? {}).filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
}

/** The values of `kubeLbReach.*` the user set explicitly for a resource: its folder's, else the workspace's, else the user's. */
export function explicitSettings(keys: readonly string[], scope: vscode.Uri | undefined): Record<string, unknown> {
  const configuration = vscode.workspace.getConfiguration(SECTION, scope);
  const explicit: Record<string, unknown> = {};
  for (const key of keys) {
    const inspected = configuration.inspect(key);
    const value = inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue;
    if (value !== undefined) explicit[key] = value;
  }
  return explicit;
}

/**
 * Answers the server's `workspace/configuration` for our section with only the values the user set
 * explicitly, so that the precedence holds: defaults < .kube-lb-reach.yaml < editor settings set
 * explicitly. VS Code's own answer fills in every default, which would override the config file.
 */
export function explicitSettingsMiddleware(context: vscode.ExtensionContext): ConfigurationRequest.MiddlewareSignature {
  const keys = settingKeys(context);
  return async (params: ConfigurationParams, token, next) => {
    // Sections other than ours (none today) keep VS Code's own answer.
    const others = params.items.some((item) => item.section !== SECTION);
    const answered: unknown = others ? await next(params, token) : [];
    if (!Array.isArray(answered)) return answered as ResponseError;
    return params.items.map((item, i): unknown => {
      if (item.section !== SECTION) return answered[i];
      const scope = item.scopeUri === undefined ? undefined : vscode.Uri.parse(item.scopeUri);
      return explicitSettings(keys, scope);
    });
  };
}
