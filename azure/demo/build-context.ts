// Shared helpers for building one workload (app) of the demo inventory:
// posture knobs, naming, tags, and registering AI resource nodes.

import type { AppSpec } from './layout.js';
import type { AiNode, AppNode, Connector, Posture, WorkspaceNode } from './nodes.js';
import type { Rng } from './random.js';
import type { ArgRow } from './types.js';

export const DAY = 86_400_000;

export const pad = (n: number, width = 2) => String(n).padStart(width, '0');
export const alnum = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

export function providerPath(subId: string, rg: string, provider: string, rest: string): string {
  return `/subscriptions/${subId}/resourceGroups/${rg}/providers/${provider}/${rest}`;
}

export const POSTURE_OF: Record<AppSpec['env'], Posture> = {
  reg: 'strict',
  prod: 'typical',
  shared: 'typical',
  dev: 'loose',
  sbx: 'loose',
};

export interface Knobs {
  publicNetwork: number;
  aclAllow: number;
  localAuth: number;
  privateEndpoint: number;
  cmk: number;
  diagnostics: number;
  noFilter: number;
}

export const KNOBS: Record<Posture, Knobs> = {
  strict: {
    publicNetwork: 0.1,
    aclAllow: 0.2,
    localAuth: 0.15,
    privateEndpoint: 0.95,
    cmk: 0.85,
    diagnostics: 1,
    noFilter: 0.03,
  },
  typical: {
    publicNetwork: 0.6,
    aclAllow: 0.55,
    localAuth: 0.45,
    privateEndpoint: 0.5,
    cmk: 0.15,
    diagnostics: 0.88,
    noFilter: 0.12,
  },
  loose: {
    publicNetwork: 0.95,
    aclAllow: 0.85,
    localAuth: 0.85,
    privateEndpoint: 0.1,
    cmk: 0.02,
    diagnostics: 0.6,
    noFilter: 0.3,
  },
};

export interface BuildCtx {
  tenantId: string;
  app: AppNode;
  r: Rng;
  sfx: string;
  baseTags: Record<string, string>;
  push: (row: ArgRow) => number;
  resources: ArgRow[];
  ai: AiNode[];
  workspaces: WorkspaceNode[];
  epochMs: number;
  awsConnector: Connector;
  gcpConnector: Connector;
  /** Names taken per resource group and type, so two workloads in one group never collide. */
  taken: Set<string>;
}

/** `name`, or `name-2`, `name-3`… if the resource group already holds one of that type. */
export function uniqueName(ctx: BuildCtx, type: string, name: string): string {
  let candidate = name;
  for (let k = 2; ctx.taken.has(`${ctx.app.sub.subscriptionId}/${ctx.app.rg}/${type}/${candidate}`.toLowerCase()); k++)
    candidate = `${name}-${k}`;
  ctx.taken.add(`${ctx.app.sub.subscriptionId}/${ctx.app.rg}/${type}/${candidate}`.toLowerCase());
  return candidate;
}

export function resourceTags(ctx: BuildCtx, extra: Record<string, string> = {}): Record<string, string> {
  const { app } = ctx;
  const tags: Record<string, string> = { ...ctx.baseTags, app: `${app.spec.bu}-${app.spec.archetype}`, ...extra };
  if (app.ownerMode === 'tag' && app.owner) tags.owner = app.owner.upn;
  if (app.spec.env === 'reg' || app.spec.bu === 'hr' || app.spec.bu === 'legal')
    tags['data-classification'] = 'Confidential';
  return tags;
}

export function pickWorkspace(ctx: BuildCtx): WorkspaceNode | null {
  const { app, r, workspaces } = ctx;
  const knobs = KNOBS[app.posture];
  if (!r.chance(knobs.diagnostics)) return null;
  const nonProd = app.spec.env === 'dev' || app.spec.env === 'sbx';
  const europe = app.region.utcOffsetHours >= -1 && app.region.utcOffsetHours <= 3;
  const fitting = workspaces.filter((w) => w.nonProd === nonProd && (nonProd || w.europe === europe));
  const list = fitting.length > 0 ? fitting : workspaces;
  return r.pick(list);
}

export function newNode(
  ctx: BuildCtx,
  partial: Omit<AiNode, 'lid' | 'app' | 'utcOffsetHours' | 'createdMs' | 'deployments' | 'linked'> &
    Partial<Pick<AiNode, 'linked'>>,
): AiNode {
  const node: AiNode = {
    ...partial,
    lid: partial.id.toLowerCase(),
    app: ctx.app,
    utcOffsetHours: ctx.app.region.utcOffsetHours,
    createdMs: ctx.app.createdMs,
    deployments: [],
    linked: partial.linked ?? {},
  };
  ctx.app.nodes.push(node);
  ctx.ai.push(node);
  return node;
}
