import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The OASIS SARIF 2.1.0 schema (draft-07 copy from oasis-tcs/sarif-spec), shipped as test data. */
export function sarifValidator(): ValidateFunction {
  const schema = JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', '..', 'test', 'data', 'sarif-schema-2.1.0.json'), 'utf8')) as object;
  // unicodeRegExp: false because the schema's language pattern `^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`
  // is not a valid regular expression with the `u` flag Ajv uses by default.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

export function schemaErrors(validate: ValidateFunction, data: unknown): string[] {
  return validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}
