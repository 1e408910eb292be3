import { RENDER_SETTINGS, SETTINGS } from './descriptor';
import { type RawSettings } from './resolve';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Layers of raw settings, lowest first (built-in defaults < config file < cluster < editor settings
 * set explicitly < CLI flags). A later layer's value replaces an earlier one; object settings
 * (`knownListeners`, `rules`) merge per entry, so a cluster adds load balancers to the file's list
 * and the editor overrides one rule without dropping the others.
 */
export function mergeRawSettings(layers: readonly (RawSettings | undefined)[]): RawSettings {
  const merged: Record<string, unknown> = {};
  for (const layer of layers) {
    if (!layer) continue;
    for (const setting of [...SETTINGS, ...RENDER_SETTINGS]) {
      const value = layer[setting.key];
      if (value === undefined) continue;
      const before = merged[setting.key];
      merged[setting.key] = setting.type === 'object' && isObject(before) && isObject(value) ? Object.assign(Object.create(null) as object, before, value) : value;
    }
  }
  return merged;
}
