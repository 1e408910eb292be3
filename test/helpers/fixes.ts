import { type Fix, type ParsedFile } from '../../server/src/core';
import { hostnameFixWithValue, type HostnameValue } from '../../server/src/core/providers/alibaba/hostnameFix';

export { hostnameValue, HOSTNAME_PLACEHOLDER } from '../../server/src/core/providers/alibaba/hostnameFix';
export { HOSTNAME_ANNOTATION } from '../../server/src/core/providers/alibaba/annotations';

/** The Alibaba hostname fix for the resource of one YAML document, with a given value (the tests vary values freely). */
export function hostnameFixAt(file: ParsedFile, documentIndex: number, value: HostnameValue): Fix | undefined {
  const resource = file.resources.find((r) => r.address.documentIndex === documentIndex && r.address.itemIndex === undefined);
  return resource ? hostnameFixWithValue(file, resource, value) : undefined;
}
