import { type DidChangeConfigurationSignature } from 'vscode-languageclient/node';

/**
 * The client's `workspace/didChangeConfiguration` under the pull model. vscode-languageclient fills
 * the notification with VS Code's values of the section, every default included, both when the
 * server registers for it and at each change; kept as the client's settings, the defaults would
 * hide .kube-lb-reach.yaml. The server now ignores pushed values from a client that answers
 * `workspace/configuration` (and logs that once); sent without values (`settings: null`), the
 * notification just says "ask again", and the server pulls the explicit ones.
 *
 * `afterSent` runs once the notification is on its way: a request sent then (the status item's)
 * reaches the server after it, so it is answered with the new settings. A request sent from
 * VS Code's own change event could overtake it: our listener runs before the client's.
 */
export function announceWithoutValues(afterSent: () => void): (sections: string[] | undefined, next: DidChangeConfigurationSignature) => Promise<void> {
  return async (_sections, next) => {
    await next(undefined);
    afterSent();
  };
}
