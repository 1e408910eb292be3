/** A cloud controller's release (`v2.3.0`): what the `ccmVersion` setting and a key's first version are compared as. */
export interface ControllerVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** As written, e.g. `v2.14.0` or `2.2.1`. */
  readonly text: string;
}

/** `MAJOR.MINOR.PATCH` or `vMAJOR.MINOR.PATCH`, nothing else (no pre-release, no build suffix). */
export function parseControllerVersion(text: string): ControllerVersion | undefined {
  const match = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(text.trim());
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]), text: text.trim() };
}

export function compareControllerVersions(a: ControllerVersion, b: ControllerVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}
