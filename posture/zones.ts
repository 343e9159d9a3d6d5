// Which governance zone a resource belongs to, and which rule placed it there. Pure.

import type { AiResource, Subscription, Zone } from './model.js';

export interface ZoneRules {
  default: Zone;
  /** Tag whose value ("1", "2", "3", or "zone3"…) names the zone, on a resource or its subscription. */
  tagName: string;
  /** Resource group name (case-insensitive) → zone. */
  byResourceGroup: Record<string, Zone>;
  /** Subscription id → zone. */
  bySubscription: Record<string, Zone>;
}

export interface ZonePlacement {
  zone: Zone;
  rule: 'resource-tag' | 'resource-group' | 'subscription' | 'subscription-tag' | 'default';
  /** Human explanation, e.g. "tag ai-zone=3 on the resource". */
  because: string;
}

function zoneFromTag(value: string | undefined): Zone | null {
  const m = value?.trim().match(/^(?:zone\s*)?([123])$/i);
  return m ? (Number(m[1]) as Zone) : null;
}

function tagValue(tags: Record<string, string>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(tags)) if (k.toLowerCase() === wanted) return v;
  return undefined;
}

export function placeInZone(
  resource: Pick<AiResource, 'tags' | 'resourceGroup' | 'subscriptionId'>,
  subscription: Pick<Subscription, 'tags'> | undefined,
  rules: ZoneRules,
): ZonePlacement {
  const own = zoneFromTag(tagValue(resource.tags, rules.tagName));
  if (own) return { zone: own, rule: 'resource-tag', because: `tag ${rules.tagName}=${own} on the resource` };
  const rg = resource.resourceGroup.toLowerCase();
  for (const [name, zone] of Object.entries(rules.byResourceGroup)) {
    if (name.toLowerCase() === rg)
      return {
        zone,
        rule: 'resource-group',
        because: `resource group ${resource.resourceGroup} is mapped to zone ${zone}`,
      };
  }
  for (const [id, zone] of Object.entries(rules.bySubscription)) {
    if (id.toLowerCase() === resource.subscriptionId)
      return { zone, rule: 'subscription', because: `subscription ${id} is mapped to zone ${zone}` };
  }
  const subTag = subscription ? zoneFromTag(tagValue(subscription.tags, rules.tagName)) : null;
  if (subTag)
    return { zone: subTag, rule: 'subscription-tag', because: `tag ${rules.tagName}=${subTag} on the subscription` };
  return { zone: rules.default, rule: 'default', because: `the default zone (${rules.default})` };
}
