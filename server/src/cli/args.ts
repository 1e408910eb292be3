import { parseArgs } from 'util';
import { SETTINGS, type SettingKey } from '../core';

/** Command-line options, parsed with Node's own `util.parseArgs`. */

export class UsageError extends Error {}

/** The flag that sets a setting: the settings descriptor names it, once for the parser, the help and the validation. */
export function flagOf(key: SettingKey): string {
  return SETTINGS.find((setting) => setting.key === key)!.cli.flag;
}

/** A help line: the option, then its description from the column every option's description starts at. */
const helpLine = (option: string, description: string): string => `  ${option.padEnd(33)}  ${description}`;

const SETTING_HELP = SETTINGS.map((s) => helpLine(`--${s.cli.flag} ${s.cli.valueName}`, s.cli.help)).join('\n');

export const HELP = `kube-lb-reach: is your cloud load balancer really reachable from inside the cluster?

Usage:
  kube-lb-reach lint [PATH...]       lint manifests (files, folders, - for stdin)
  kube-lb-reach explain [FILE]       who can reach each LoadBalancer/NodePort Service, and why

Settings (both commands):
${SETTING_HELP}

Config and listener files (both commands):
  The nearest .kube-lb-reach.yaml (or .yml) above each file, up to its git root, sets these for
  the file's cluster (docs/configuration.md); a flag above overrides it.
${helpLine('--listeners-from FILE', "a saved answer of the CLB's listeners (aliyun slb DescribeLoadBalancerAttribute); repeatable")}

lint:
  --format text|json|sarif|github    output format (default text)
  --output FILE                      write the report to FILE instead of standard output
  --max-severity error|warning|information|hint
                                     exit 1 when a finding is at least this severe (default warning)
  --fix                              write the safe fixes back (needs --hostname-template)
  --report-suppressed                also list the findings the files silence, marked, with their reason
  --color / --no-color               colour the text format (default: on a terminal only)
  --kustomize DIR                    also lint DIR as kubectl kustomize renders it (repeatable; docs/rendering.md)
  --render-timeout SECONDS           stop a render after SECONDS (default 60)
  --helm-chart DIR                   with -: helm template output on stdin; each finding is shown on
                                     the template its "# Source:" names in DIR (docs/cli.md)

explain:
  --format text|json                 output format (default text)
  --compare 1.A,1.B                  several Kubernetes versions side by side (patches too: 1.33.5,1.33.6)
  --compare-modes ipvs,nftables      several kube-proxy modes side by side
  --changed-only                     with --compare / --compare-modes: only the rows that differ
  --policy Local|Cluster, --type LoadBalancer|NodePort, --hostname, --reused, --layer l4|l7
                                     describe a Service by flags instead of a FILE

Exit codes: 0 clean, 1 findings at or above --max-severity or a YAML syntax error, 2 usage or I/O error.
`;

interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
}

/** Every option the parser accepts: the settings' flags from the descriptor, then the commands' own. */
export const OPTIONS: Readonly<Record<string, OptionSpec>> = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  ...Object.fromEntries(SETTINGS.map((s): [string, OptionSpec] => [s.cli.flag, s.cli.repeatable ? { type: 'string', multiple: true } : { type: 'string' }])),
  'listeners-from': { type: 'string', multiple: true },
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  'max-severity': { type: 'string' },
  fix: { type: 'boolean' },
  'report-suppressed': { type: 'boolean' },
  kustomize: { type: 'string', multiple: true },
  'render-timeout': { type: 'string' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  'helm-chart': { type: 'string' },
  compare: { type: 'string' },
  'compare-modes': { type: 'string' },
  'changed-only': { type: 'boolean' },
  policy: { type: 'string' },
  type: { type: 'string' },
  hostname: { type: 'boolean' },
  reused: { type: 'boolean' },
  layer: { type: 'string' },
};

export interface CliOptions {
  readonly command: 'lint' | 'explain' | 'help' | 'version';
  readonly paths: string[];
  readonly values: Record<string, string | boolean | string[] | undefined>;
}

export function parseCommandLine(argv: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: OPTIONS });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  // Only string options are repeatable (see OPTIONS), so a list is always a list of strings.
  const values = parsed.values as CliOptions['values'];
  const { positionals } = parsed;
  if (values['version']) return { command: 'version', paths: [], values };
  const [command, ...paths] = positionals;
  if (values['help'] || command === undefined || command === 'help') return { command: 'help', paths: [], values };
  if (command !== 'lint' && command !== 'explain') throw new UsageError(`unknown command "${command}" (expected lint or explain)`);
  return { command, paths, values };
}

/** The string value of an option restricted to `choices`, or the default. */
export function choice<T extends string>(values: CliOptions['values'], name: string, choices: readonly T[], fallback: T): T {
  const value = values[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} must be one of ${choices.join(', ')} (got ${JSON.stringify(value)})`);
  }
  return value as T;
}
