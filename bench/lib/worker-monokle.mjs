// @monokle/validation in-process on the same texts, offline: `fetch` is replaced by a function that
// refuses (and records) every call, and the kubernetes-schema plugin gets a SchemaLoader that serves
// bench/data/service.schema.json. argv[2]: JSON { sizes: [{ size, runs, warmup }] }.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { multiDocFile } from './generate.mjs';
import { summarize, now } from './stats.mjs';
import { SCHEMA_FILE } from './servers.mjs';

const fetchCalls = [];
globalThis.fetch = async (url) => {
  fetchCalls.push(String(url));
  throw new Error(`bench: no network (${url})`);
};

const monokle = await import('@monokle/validation');
const { MonokleValidator, ResourceParser, SchemaLoader, RemotePluginLoader, requireFromStringCustomPluginLoader, AnnotationSuppressor, FingerprintSuppressor, DisabledFixer, processRefs } = monokle;

const serviceSchema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
delete serviceSchema.$schema; // Ajv 6 inside monokle knows draft-07 as its default meta-schema
class OfflineSchemaLoader extends SchemaLoader {
  async getFullSchema(version) {
    return { url: `file://${SCHEMA_FILE}#${version}`, schema: { definitions: { 'io.k8s.api.core.v1.Service': serviceSchema } } };
  }
  async getResourceSchema(version, resource) {
    return resource?.kind === 'Service' ? { url: `file://${SCHEMA_FILE}`, schema: serviceSchema } : undefined;
  }
}

// createDefaultMonokleValidator(), with the offline schema loader and our own parser handle.
const PLUGINS = { 'kubernetes-schema': true, 'yaml-syntax': true, 'pod-security-standards': true, 'resource-links': true };
const parser = new ResourceParser();
const validator = new MonokleValidator(
  {
    loader: new RemotePluginLoader(requireFromStringCustomPluginLoader),
    parser,
    schemaLoader: new OfflineSchemaLoader(),
    suppressors: [new AnnotationSuppressor(), new FingerprintSuppressor()],
    fixer: new DisabledFixer(),
  },
  { plugins: PLUGINS },
);
await validator.preload({ plugins: PLUGINS });

/** The text of a file → Monokle resources, as its own tooling splits a multi-document file. */
function resourcesOf(text, filePath) {
  const resources = [];
  for (const [k, doc] of parseAllDocuments(text).entries()) {
    const content = doc.toJS();
    if (!content || typeof content !== 'object') continue;
    const [start, , end] = doc.range;
    resources.push({
      id: `${filePath}#${k}`,
      fileId: filePath,
      filePath,
      fileOffset: text.slice(0, start).split('\n').length - 1,
      name: content.metadata?.name ?? '',
      apiVersion: content.apiVersion ?? '',
      kind: content.kind ?? '',
      namespace: content.metadata?.namespace,
      content,
      text: text.slice(start, end),
    });
  }
  return resources;
}

async function check(text, filePath) {
  parser.clear(); // the text changed: cached parses of the old text are stale
  const resources = resourcesOf(text, filePath);
  processRefs(resources, parser);
  const response = await validator.validate({ resources });
  return response.runs[0].results;
}

// Sanity: schema validation is really on (an invalid Service is reported).
const bad = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  type: Balancer\n  ports:\n  - port: http\n';
const sanity = (await check(bad, 'bad.yaml')).map((r) => `${r.ruleId}: ${r.message.text}`);

const out = { plugins: Object.keys(PLUGINS), failedPlugins: validator.getFailedPlugins(), sanity, sizes: [] };
for (const { size, runs, warmup } of JSON.parse(process.argv[2]).sizes) {
  const file = multiDocFile(size);
  const texts = [file.text, file.edit.apply(file.text, file.edit.other)];
  const samples = [];
  let results = 0;
  for (let i = 0; i < warmup + runs; i++) {
    globalThis.gc?.();
    const t0 = now();
    results = (await check(texts[(i + 1) % 2], `edit-${size}.yaml`)).length;
    if (i >= warmup) samples.push(now() - t0);
  }
  out.sizes.push({ size, latency: summarize(samples), results });
}
out.fetchCalls = fetchCalls;
process.stdout.write(JSON.stringify(out) + '\n');
