import * as path from 'path';
import { pathToFileURL } from 'url';

/** Rule pages ship beside the bundles: dist/*.js → docs/rules/<id>.md. */
export function docsLink(ruleId: string): string {
  return pathToFileURL(path.resolve(__dirname, '..', 'docs', 'rules', `${ruleId}.md`)).href;
}
