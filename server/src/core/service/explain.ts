import { assumedRelease, parseKubernetesVersion } from '../model/kubernetes';
import { serviceLabel } from '../parse/serviceView';
import { chartTemplatePhrase } from '../parse/template';
import { reachInputOf } from '../reach/input';
import { reachTable } from '../reach/model';
import { type ReachInput, type ReachRow } from '../reach/vocabulary';
import { type AnalysedService } from '../rules/run';
import { type Settings } from '../settings/resolve';

/** One explained Service (or a Service described by flags) at one Kubernetes version. */
export interface Explanation {
  readonly service: string | null;
  readonly kubernetesVersion: string;
  /** The release the answer is computed for, `1.MINOR.PATCH`; `patchAssumed` when only the minor was given (then `.0`). */
  readonly release: string;
  readonly patchAssumed: boolean;
  readonly proxyMode: string;
  readonly policy: string;
  readonly rows: ReachRow[];
}

export interface ExplainSubject {
  readonly service: string | null;
  readonly input: ReachInput;
}

/** The subjects of a file: its LoadBalancer and NodePort Services the model describes, and a notice for each it does not. */
export function subjectsOf(services: readonly AnalysedService[], settings: Settings, uri?: string): { subjects: ExplainSubject[]; notices: string[] } {
  const subjects: ExplainSubject[] = [];
  const notices: string[] = [];
  // A Helm template's Services are named as such: `default/web (in chart web, template service.yaml)`.
  const where = uri === undefined ? undefined : chartTemplatePhrase(uri);
  for (const { view, facts } of services) {
    const label = view.templated && where ? `${serviceLabel(view)} (${where})` : serviceLabel(view);
    // What template actions leave unknown is named (even a type), never guessed.
    if (facts.templateUnknowns.length > 0) {
      notices.push(`${label}: Helm template: ${facts.templateUnknowns.join(', ')} written by template actions, so its reachability is not known without rendering it`);
      continue;
    }
    if (!facts.isLoadBalancer && !facts.isNodePort) continue;
    // The model covers what it models; an NLB (say) is named, with why, rather than skipped silently.
    if (facts.unmodelled) notices.push(`${label}: an NLB (hostname-only status, nothing bound); the reachability model covers CLBs only`);
    else subjects.push({ service: label, input: reachInputOf(facts, settings) });
  }
  return { subjects, notices };
}

/** Every subject at every version (`1.MINOR` or `1.MINOR.PATCH`, already validated by the caller). */
export function explanationsFor(subjects: readonly ExplainSubject[], versions: readonly string[]): Explanation[] {
  return subjects.flatMap(({ service, input }) =>
    versions.map((text) => {
      const version = parseKubernetesVersion(text)!;
      return {
        service,
        kubernetesVersion: version.text,
        release: assumedRelease(version),
        patchAssumed: !version.patchGiven,
        proxyMode: input.proxyMode,
        policy: input.policy,
        rows: reachTable({ ...input, kubernetesMinor: version.minor, kubernetesPatch: version.patchGiven ? version.patch : undefined }),
      };
    }),
  );
}
