// One AI resource's bill of materials: where it sits and why, who owns it, how reachable it is,
// what it runs, what it depends on, what is wrong with it (with SLA countdowns) and which attack
// paths reach it.

import type { BomView } from '../posture/inventory.js';
import {
  askButton,
  cardTemplate,
  freshnessLine,
  plural,
  smallPrint,
  subtitleBlock,
  titleBlock,
  twoColumnRow,
  warningLine,
} from './parts.js';
import { type AdaptiveCard, renderCard } from './render.js';

export interface ResourceCardData {
  bom: BomView;
  /** What the person typed when it was a near miss of the name shown, else null. */
  closestTo: string | null;
  freshness: string;
}

/** Lists are cut here so a resource with hundreds of deployments still fits in one Teams message. */
const MAX_DEPLOYMENTS = 12;
const MAX_LINKS = 15;
const MAX_FINDINGS = 8;
const MAX_PATHS = 5;

const heading = (text: string, when?: string) => ({
  type: 'TextBlock',
  ...(when ? { $when: when } : {}),
  text,
  weight: 'Bolder',
  spacing: 'Medium',
  separator: true,
  wrap: true,
});

const line = (data: string, text: string) => ({
  type: 'TextBlock',
  $data: data,
  text,
  wrap: true,
  spacing: 'Small',
});

const more = (when: string, text: string) => smallPrint(text, 'Small', when);

const template = cardTemplate([
  titleBlock('${name}'),
  subtitleBlock(),
  warningLine('${hasClosest}', '${closestText}'),
  { type: 'FactSet', spacing: 'Medium', facts: [{ $data: '${facts}', title: '${title}', value: '${value}' }] },

  heading('Network exposure'),
  { type: 'FactSet', spacing: 'Small', facts: [{ $data: '${exposure}', title: '${title}', value: '${value}' }] },

  heading('Identities'),
  line('${identities}', '${text}'),

  heading('${deploymentsTitle}'),
  line('${deployments}', '${text}'),
  more('${hasMoreDeployments}', '${moreDeployments}'),

  heading('${linksTitle}'),
  {
    type: 'FactSet',
    $when: '${hasLinks}',
    spacing: 'Small',
    facts: [{ $data: '${links}', title: '${title}', value: '${value}' }],
  },
  more('${noLinks}', 'No linked storage, search, key vault, registry or private endpoint was reported.'),
  more('${hasMoreLinks}', '${moreLinks}'),

  heading('${findingsTitle}'),
  twoColumnRow(
    [{ type: 'TextBlock', text: '${title}', wrap: true }, smallPrint('${detail}', 'None')],
    [
      {
        type: 'TextBlock',
        text: '${countdown}',
        color: '${color}',
        weight: 'Bolder',
        size: 'Small',
        horizontalAlignment: 'Right',
      },
    ],
    { $data: '${findings}', spacing: 'Small' },
  ),
  more('${noFindings}', 'No open findings.'),
  more('${hasMoreFindings}', '${moreFindings}'),

  heading('${pathsTitle}', '${hasPaths}'),
  line('${paths}', '${text}'),
  more('${hasMorePaths}', '${morePaths}'),

  freshnessLine(),
]);

const SEVERITY_MARK: Record<string, string> = { High: '🔴 High', Medium: '🟠 Medium', Low: '🟡 Low' };
const SLA_COLOR: Record<string, string> = {
  overdue: 'Attention',
  'due-soon': 'Warning',
  'on-track': 'Good',
  unknown: 'Default',
};

/** Markdown link text must not close the bracket early. */
const linkText = (s: string) => s.replace(/[[\]]/g, '');

export function resourceCard({ bom, closestTo, freshness }: ResourceCardData): AdaptiveCard {
  const facts: { title: string; value: string }[] = [
    { title: 'Subscription', value: bom.subscription },
    { title: 'Resource group', value: bom.resourceGroup },
    { title: 'Zone', value: `Zone ${bom.zone} (${bom.zoneName}) — ${bom.zoneBecause}` },
    {
      title: 'Owner',
      value: bom.owner ? `${bom.owner.id} (${bom.owner.source})` : 'none — no owner tag on the resource',
    },
  ];
  if (bom.findingOwners.length > 0) facts.push({ title: 'Findings assigned to', value: bom.findingOwners.join(', ') });
  if (bom.nativeId) facts.push({ title: 'Native id', value: bom.nativeId });

  const deployments = bom.deployments.slice(0, MAX_DEPLOYMENTS).map((d) => {
    const parts = [`${d.model}${d.version ? ` ${d.version}` : ''}`];
    if (d.sku) parts.push(d.capacity !== null ? `${d.sku} × ${d.capacity}` : d.sku);
    parts.push(d.contentFilter ? `content filter ${d.contentFilter}` : 'content filter **none**');
    return { text: `**${d.name}** — ${parts.join(' · ')}` };
  });
  const links = bom.links.slice(0, MAX_LINKS).map((l) => ({
    title: l.roleLabel,
    value: l.publicNetworkAccess ? `${l.name} (public access ${l.publicNetworkAccess})` : l.name,
  }));
  const findings = bom.openFindings.slice(0, MAX_FINDINGS).map((f) => ({
    title: `${SEVERITY_MARK[f.severity] ?? f.severity}${f.critical ? ' · critical' : ''} — ${
      f.portalUri ? `[${linkText(f.title)}](${f.portalUri})` : f.title
    }`,
    detail: f.owner ? `owner ${f.owner}` : 'no owner',
    countdown: f.countdown,
    color: SLA_COLOR[f.sla] ?? 'Default',
  }));
  const paths = bom.attackPaths.slice(0, MAX_PATHS).map((p) => ({
    text: `**${p.risk}** — ${p.name}${p.entryPoint && p.target ? ` (${p.entryPoint} → ${p.target})` : ''}`,
  }));

  const actions: object[] = [];
  if (bom.portalUrl) actions.push({ type: 'Action.OpenUrl', title: 'Open in Azure portal', url: bom.portalUrl });
  actions.push(askButton('Recommendations', `recommendations for ${bom.name}`));

  return renderCard('resource', template, {
    name: bom.name,
    subtitle: `${bom.kind} · ${bom.cloud} · ${bom.region}`,
    hasClosest: closestTo !== null,
    closestText: `No resource is named exactly “${closestTo ?? ''}”; this is the closest.`,
    facts,
    exposure: bom.exposure.map((e) => ({ title: e.label, value: e.risky ? `${e.value} ⚠` : e.value })),
    identities: bom.identities.length > 0 ? bom.identities.map((text) => ({ text })) : [{ text: 'none reported' }],
    deploymentsTitle: `Deployments (${bom.deployments.length})`,
    deployments: deployments.length > 0 ? deployments : [{ text: 'none' }],
    hasMoreDeployments: bom.deployments.length > MAX_DEPLOYMENTS,
    moreDeployments: `and ${plural(bom.deployments.length - MAX_DEPLOYMENTS, 'more deployment')}`,
    linksTitle: `Linked resources (${bom.links.length})`,
    hasLinks: links.length > 0,
    noLinks: links.length === 0,
    links,
    hasMoreLinks: bom.links.length > MAX_LINKS,
    moreLinks: `and ${plural(bom.links.length - MAX_LINKS, 'more linked resource')}`,
    findingsTitle: `Open findings (${bom.openFindings.length})`,
    findings,
    noFindings: findings.length === 0,
    hasMoreFindings: bom.openFindings.length > MAX_FINDINGS,
    moreFindings: `and ${plural(bom.openFindings.length - MAX_FINDINGS, 'more open finding')}, the most urgent shown first`,
    pathsTitle: `Attack paths reaching it (${bom.attackPaths.length})`,
    hasPaths: paths.length > 0,
    paths,
    hasMorePaths: bom.attackPaths.length > MAX_PATHS,
    morePaths: `and ${plural(bom.attackPaths.length - MAX_PATHS, 'more attack path')}`,
    freshness,
    actions,
  });
}
