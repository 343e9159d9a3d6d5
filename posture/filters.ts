// Forgiving filters for questions: "inventory openai zone 3 public", "what AI do we have in prod-sub",
// "findings high owner dana". Words are matched against the estate's own vocabulary
// (subscription names, resource groups, regions, owners). Pure.

import type { Estate, EstateFinding, EstateResource } from './estate.js';
import type { AiResourceKind, Cloud, Severity, SubscriptionId, Zone } from './model.js';

export type Exposure = 'public' | 'private' | 'local-auth';

export interface Filters {
  kinds: AiResourceKind[];
  clouds: Cloud[];
  zones: Zone[];
  subscriptions: SubscriptionId[];
  resourceGroups: string[];
  regions: string[];
  owners: string[];
  exposure: Exposure[];
  severities: Severity[];
  criticalOnly: boolean;
  /** Words that matched nothing: shown back to the person, never silently ignored. */
  unrecognized: string[];
  /** What was understood, for the answer's header ("zone 3 · OpenAI · public"). */
  labels: string[];
}

const KIND_WORDS: [string, AiResourceKind[], string][] = [
  ['azure openai', ['openai'], 'Azure OpenAI'],
  ['openai', ['openai'], 'Azure OpenAI'],
  ['aoai', ['openai'], 'Azure OpenAI'],
  ['ai services', ['ai-services'], 'AI Services'],
  ['aiservices', ['ai-services'], 'AI Services'],
  ['cognitive services', ['ai-services', 'openai'], 'AI Services'],
  ['foundry', ['foundry-project'], 'Foundry projects'],
  ['machine learning', ['ml-hub', 'ml-project', 'ml-workspace'], 'Azure ML'],
  ['ml', ['ml-hub', 'ml-project', 'ml-workspace'], 'Azure ML'],
  ['aml', ['ml-hub', 'ml-project', 'ml-workspace'], 'Azure ML'],
  ['hubs', ['ml-hub'], 'ML hubs'],
  ['hub', ['ml-hub'], 'ML hubs'],
  ['bedrock', ['bedrock'], 'AWS Bedrock'],
  ['sagemaker', ['sagemaker'], 'SageMaker'],
  ['vertex ai', ['vertex-ai'], 'Vertex AI'],
  ['vertex', ['vertex-ai'], 'Vertex AI'],
];
const CLOUD_WORDS: Record<string, Cloud> = { azure: 'Azure', aws: 'AWS', amazon: 'AWS', gcp: 'GCP', google: 'GCP' };
const SEVERITY_WORDS: Record<string, Severity> = { high: 'High', medium: 'Medium', med: 'Medium', low: 'Low' };
const EXPOSURE_WORDS: [string, Exposure, string][] = [
  ['local auth on', 'local-auth', 'local auth on'],
  ['local auth enabled', 'local-auth', 'local auth on'],
  ['local auth', 'local-auth', 'local auth on'],
  ['key auth', 'local-auth', 'local auth on'],
  ['public', 'public', 'public'],
  ['internet', 'public', 'public'],
  ['exposed', 'public', 'public'],
  ['private', 'private', 'private'],
];
/** Words people put around filters that carry no meaning of their own. */
const NOISE = new Set(
  'what which who where do does we our have has any all the a an in on of for with by show list me my us resources resource ai workloads workload is are there that and please estate'.split(
    ' ',
  ),
);

export interface Vocabulary {
  subscriptions: { id: SubscriptionId; name: string; slug: string; words: string[] }[];
  resourceGroups: Map<string, string>;
  regions: Set<string>;
  owners: Set<string>;
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

export function vocabularyOf(estate: Estate): Vocabulary {
  const resourceGroups = new Map<string, string>();
  const regions = new Set<string>();
  const owners = new Set<string>();
  for (const r of estate.resources) {
    resourceGroups.set(r.resource.resourceGroup.toLowerCase(), r.resource.resourceGroup);
    regions.add(r.resource.location.toLowerCase());
    if (r.owner) owners.add(r.owner.id);
  }
  for (const f of estate.findings) if (f.owner) owners.add(f.owner.id);
  return {
    subscriptions: estate.subscriptions.map((s) => ({
      id: s.id,
      name: s.name,
      slug: slug(s.name),
      words: slug(s.name).split('-'),
    })),
    resourceGroups,
    regions,
    owners,
  };
}

/** No filter at all: everything in the estate. */
export function noFilters(): Filters {
  return {
    kinds: [],
    clouds: [],
    zones: [],
    subscriptions: [],
    resourceGroups: [],
    regions: [],
    owners: [],
    exposure: [],
    severities: [],
    criticalOnly: false,
    unrecognized: [],
    labels: [],
  };
}

const push = <T>(list: T[], ...items: T[]) => {
  for (const i of items) if (!list.includes(i)) list.push(i);
};

/** Parse the words after a command into filters. Order does not matter; unknown words are reported. */
export function parseFilters(args: string, vocab: Vocabulary): Filters {
  const f = noFilters();
  let rest = ` ${args.toLowerCase().replace(/[,;]+/g, ' ').replace(/\s+/g, ' ').trim()} `;
  const take = (re: RegExp, fn: (m: RegExpExecArray) => boolean): void => {
    for (;;) {
      const m = re.exec(rest);
      if (!m || !fn(m)) return;
      rest = rest.slice(0, m.index) + ' ' + rest.slice(m.index + m[0].length);
    }
  };

  take(/ (?:zone|z) ?([123]) /, (m) => {
    const z = Number(m[1]) as Zone;
    push(f.zones, z);
    push(f.labels, `zone ${z}`);
    return true;
  });
  take(/ (?:owner|owned by|owners?) ([^ ]+) /, (m) => {
    const who = matchOwner(m[1] as string, vocab);
    if (!who) {
      push(f.unrecognized, `owner ${m[1]}`);
      return true;
    }
    push(f.owners, who);
    push(f.labels, `owner ${who}`);
    return true;
  });
  take(/ (?:rg|resource group|resource-group) ([^ ]+) /, (m) => {
    const rg = vocab.resourceGroups.get(m[1] as string);
    if (rg) {
      push(f.resourceGroups, rg.toLowerCase());
      push(f.labels, `resource group ${rg}`);
    } else push(f.unrecognized, `resource group ${m[1]}`);
    return true;
  });
  take(/ (?:region|location) ([^ ]+) /, (m) => {
    const region = m[1] as string;
    if (vocab.regions.has(region)) {
      push(f.regions, region);
      push(f.labels, region);
    } else push(f.unrecognized, `region ${region}`);
    return true;
  });
  take(
    / (?:subscription|sub) ([^ ]+(?: [^ ]+)*?) (?=(?:zone|owner|rg|region|public|private|high|medium|low|critical|$| $))/,
    (m) => {
      const sub = matchSubscription(m[1] as string, vocab);
      if (sub) {
        push(f.subscriptions, sub.id);
        push(f.labels, sub.name);
      } else push(f.unrecognized, `subscription ${m[1]}`);
      return true;
    },
  );
  for (const [phrase, exposure, label] of EXPOSURE_WORDS) {
    take(new RegExp(` ${phrase} `), () => {
      push(f.exposure, exposure);
      push(f.labels, label);
      return true;
    });
  }
  for (const [phrase, kinds, label] of KIND_WORDS) {
    take(new RegExp(` ${phrase} `), () => {
      push(f.kinds, ...kinds);
      push(f.labels, label);
      return true;
    });
  }
  take(/ critical /, () => {
    f.criticalOnly = true;
    push(f.labels, 'critical');
    return true;
  });

  for (const word of rest.trim().split(' ').filter(Boolean)) {
    if (CLOUD_WORDS[word]) {
      push(f.clouds, CLOUD_WORDS[word]);
      push(f.labels, CLOUD_WORDS[word]);
    } else if (SEVERITY_WORDS[word]) {
      push(f.severities, SEVERITY_WORDS[word]);
      push(f.labels, SEVERITY_WORDS[word]);
    } else if (vocab.regions.has(word)) {
      push(f.regions, word);
      push(f.labels, word);
    } else if (vocab.resourceGroups.has(word)) {
      push(f.resourceGroups, word);
      push(f.labels, `resource group ${vocab.resourceGroups.get(word)}`);
    } else if (!NOISE.has(word)) {
      const sub = matchSubscription(word, vocab);
      if (sub) {
        push(f.subscriptions, sub.id);
        push(f.labels, sub.name);
      } else push(f.unrecognized, word);
    }
  }
  return f;
}

/** A subscription by id, exact name, slug, or a word that names exactly one subscription. */
export function matchSubscription(text: string, vocab: Vocabulary): Vocabulary['subscriptions'][number] | null {
  const t = text.trim().toLowerCase();
  const s = slug(t);
  const exact = vocab.subscriptions.find((x) => x.id === t || x.name.toLowerCase() === t || x.slug === s);
  if (exact) return exact;
  const parts = s.split('-').filter((w) => w && w !== 'sub' && w !== 'subscription');
  if (parts.length === 0) return null;
  const hits = vocab.subscriptions.filter((x) =>
    parts.every((p) => x.words.some((w) => w === p || (p.length >= 4 && w.startsWith(p)))),
  );
  return hits.length === 1 ? (hits[0] ?? null) : null;
}

function matchOwner(text: string, vocab: Vocabulary): string | null {
  const t = text.toLowerCase();
  if (vocab.owners.has(t)) return t;
  const hits = [...vocab.owners].filter(
    (o) =>
      o
        .split('@')[0]
        ?.split(/[._-]/)
        .some((part) => part === t) || o.startsWith(t),
  );
  return hits.length === 1 ? (hits[0] ?? null) : null;
}

export function resourceMatches(r: EstateResource, f: Filters): boolean {
  const res = r.resource;
  if (f.kinds.length > 0 && !f.kinds.includes(res.kind)) return false;
  if (f.clouds.length > 0 && !f.clouds.includes(res.cloud)) return false;
  if (f.zones.length > 0 && !f.zones.includes(r.placement.zone)) return false;
  if (f.subscriptions.length > 0 && !f.subscriptions.includes(res.subscriptionId)) return false;
  if (f.resourceGroups.length > 0 && !f.resourceGroups.includes(res.resourceGroup.toLowerCase())) return false;
  if (f.regions.length > 0 && !f.regions.includes(res.location.toLowerCase())) return false;
  if (f.owners.length > 0 && !(r.owner && f.owners.includes(r.owner.id))) return false;
  for (const e of f.exposure) {
    if (e === 'public' && !isPublic(r)) return false;
    if (e === 'private' && isPublic(r)) return false;
    if (e === 'local-auth' && res.exposure.localAuthEnabled !== true) return false;
  }
  return true;
}

/** Reachable from the internet: public network access on, with no deny-by-default ACL and no private endpoint only. */
export function isPublic(r: EstateResource): boolean {
  const e = r.resource.exposure;
  if (e.publicNetworkAccess?.toLowerCase() === 'disabled') return false;
  if (e.defaultAction?.toLowerCase() === 'deny' && e.ipRuleCount === 0) return false;
  return r.resource.cloud === 'Azure' ? true : e.publicNetworkAccess?.toLowerCase() === 'enabled';
}

export function findingMatches(f: EstateFinding, filters: Filters): boolean {
  if (filters.severities.length > 0 && !filters.severities.includes(f.finding.severity)) return false;
  if (filters.criticalOnly && !f.critical) return false;
  if (filters.owners.length > 0 && !(f.owner && filters.owners.includes(f.owner.id))) return false;
  if (filters.zones.length > 0 && !filters.zones.includes(f.zone)) return false;
  if (!f.resource) {
    return (
      filters.kinds.length +
        filters.clouds.length +
        filters.subscriptions.length +
        filters.resourceGroups.length +
        filters.regions.length +
        filters.exposure.length ===
      0
    );
  }
  return resourceMatches(f.resource, { ...filters, owners: [], zones: [] });
}
