import { type SettingsInEffect } from '../../server/src/lsp/protocol';

/**
 * What the language status item shows, decided without vscode so that it can be unit-tested
 * (test/client): the text and detail from the server's `kubeLbReach/settingsInEffect` answer, which
 * files may change that answer, and which of several answers in flight is the one to show.
 */
export interface StatusView {
  readonly text: string;
  readonly detail: string;
}

/** Before the server answered for any document. */
export const STATUS_BEFORE_ANSWER: StatusView = {
  text: 'Kube LB Reach',
  detail: 'The cluster, Kubernetes version and kube-proxy mode used for reachability',
};

/** The server composes the text (it resolved the settings); the detail says where they came from. */
export function statusView(inEffect: SettingsInEffect): StatusView {
  return {
    text: inEffect.text,
    detail: inEffect.configFile === null ? 'no .kube-lb-reach.yaml: defaults and your settings' : `from ${inEffect.configFile} and your settings`,
  };
}

/** A config file (`.kube-lb-reach.yaml` or `.yml`, at any depth): editing it may move a document to another cluster. */
export function isConfigFilePath(path: string): boolean {
  return /(^|\/)\.kube-lb-reach\.ya?ml$/.test(path);
}

/**
 * Answers that arrive out of order: switching editors quickly asks twice, and the first answer may
 * come last. Only the answer to the latest question is kept; earlier ones resolve to undefined.
 */
export class LatestAnswer {
  private asked = 0;

  async ask<T>(question: () => Promise<T>): Promise<T | undefined> {
    const ticket = ++this.asked;
    const answer = await question();
    return ticket === this.asked ? answer : undefined;
  }
}
