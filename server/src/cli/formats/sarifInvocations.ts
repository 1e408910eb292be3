import { type Problem } from '../problems';

/**
 * SARIF's place for what a run could not do: `runs[].invocations[].toolExecutionNotifications`,
 * one per problem (level `error` or `note`), and `executionSuccessful` false when any is an error,
 * so a run that could not read part of its input never looks like a clean one.
 */
export function sarifInvocations(problems: readonly Problem[], artifactUri: (displayPath: string) => string): Record<string, unknown>[] {
  const notifications = problems.map((problem) => ({
    level: problem.isError ? 'error' : 'note',
    message: { text: problem.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: artifactUri(problem.displayPath), uriBaseId: '%SRCROOT%' },
          ...(problem.at ? { region: problem.at.range } : {}),
        },
      },
    ],
  }));
  return [{ executionSuccessful: !problems.some((p) => p.isError), toolExecutionNotifications: notifications }];
}
