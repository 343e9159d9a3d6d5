// Attack paths that end at the demo's AI resources or their data. Each row
// carries both the documented shape (displayName, graphComponent,
// entryPointEntityInternalID, …) and the shape seen on live tenants
// (riskLevel, entryPoint, target, attackPathSteps, attackStory, …). Entry
// points that are not AI resources (VMs, web apps, EC2 / GCE instances) are
// added to the inventory so every entity resolves to a row.

import { riskLevelOf, type Slot } from './findings.js';
import type { AiNode, AppNode, Inventory } from './inventory.js';
import { Rng } from './random.js';
import type { ArgRow } from './types.js';

interface Hop {
  id: string;
  name: string;
  entityType: string;
  principalOid?: string;
  nativeId?: string | null;
  node?: AiNode;
}

interface PathSpec {
  app: AppNode;
  template: string;
  displayName: string;
  description: string;
  potentialImpact: string;
  riskCategories: string[];
  riskFactors: string[];
  mitre: string[];
  remediation: string[];
  hops: Hop[];
  links: string[];
  insights: { hop: number; name: string }[];
}

export interface AttackPathBuild {
  rows: ArgRow[];
  entryResources: ArgRow[];
}

const subPath = (app: AppNode, provider: string, rest: string) =>
  `/subscriptions/${app.sub.subscriptionId}/resourceGroups/${app.rg}/providers/${provider}/${rest}`;

export function buildAttackPaths(inv: Inventory, slots: readonly Slot[], seed: number): AttackPathBuild {
  const r = Rng.for(seed, 'attack-paths');
  const entryResources: ArgRow[] = [];
  const specs: PathSpec[] = [];
  const tenantId = inv.tenantId;
  const slotsByNode = new Map<string, Slot[]>();
  for (const s of slots) {
    const list = slotsByNode.get(s.node.lid) ?? [];
    list.push(s);
    slotsByNode.set(s.node.lid, list);
  }

  const uaiHop = (app: AppNode, node: AiNode): Hop | null => {
    const id = node.linked.uai;
    if (!id) return null;
    return { id, name: id.split('/').pop() ?? id, entityType: 'managedidentity', principalOid: app.callerPrincipalId };
  };
  const linkedHop = (id: string | undefined, entityType: string): Hop | null =>
    id ? { id, name: id.split('/').pop() ?? id, entityType } : null;
  const aiHop = (node: AiNode, entityType: string): Hop => ({
    id: node.id,
    name: node.name,
    entityType,
    nativeId: node.nativeId,
    node,
  });

  const vmEntry = (app: AppNode, uai: Hop): Hop => {
    const name = `vm-${app.spec.bu}-jump-${String(app.copy).padStart(2, '0')}${app.spec.archetype === 'openai' ? '' : `-${app.spec.archetype}`}-${app.region.short}`;
    const id = subPath(app, 'Microsoft.Compute', `virtualMachines/${name}`);
    entryResources.push({
      id,
      name,
      type: 'microsoft.compute/virtualmachines',
      tenantId,
      subscriptionId: app.sub.subscriptionId,
      resourceGroup: app.rg,
      location: app.region.name,
      tags: { environment: 'Production', role: 'jumpbox' },
      identity: { type: 'UserAssigned', userAssignedIdentities: { [uai.id]: { principalId: uai.principalOid } } },
      properties: {
        provisioningState: 'Succeeded',
        vmId: r.guid(),
        hardwareProfile: { vmSize: 'Standard_D2s_v5' },
        storageProfile: {
          osDisk: { osType: 'Linux' },
          imageReference: {
            publisher: 'Canonical',
            offer: '0001-com-ubuntu-server-jammy',
            sku: '22_04-lts-gen2',
            version: 'latest',
          },
        },
        networkProfile: {
          networkInterfaces: [{ id: subPath(app, 'Microsoft.Network', `networkInterfaces/${name}-nic`) }],
        },
      },
    });
    return { id, name, entityType: 'virtualmachine' };
  };

  const webEntry = (app: AppNode, uai: Hop): Hop => {
    const name = `app-${app.spec.bu}-assistant-${app.spec.env}-${app.region.short}${app.copy === 1 ? '' : `-${String(app.copy).padStart(2, '0')}`}`;
    const id = subPath(app, 'Microsoft.Web', `sites/${name}`);
    entryResources.push({
      id,
      name,
      type: 'microsoft.web/sites',
      kind: 'app,linux',
      tenantId,
      subscriptionId: app.sub.subscriptionId,
      resourceGroup: app.rg,
      location: app.region.name,
      tags: { environment: 'Production' },
      identity: { type: 'UserAssigned', userAssignedIdentities: { [uai.id]: { principalId: uai.principalOid } } },
      properties: {
        state: 'Running',
        defaultHostName: `${name}.azurewebsites.net`,
        httpsOnly: true,
        publicNetworkAccess: 'Enabled',
      },
    });
    return { id, name, entityType: 'appservice' };
  };

  const cloudEntry = (app: AppNode, target: AiNode, aws: boolean): Hop => {
    const instance = aws ? `i-0${r.hex(16)}` : `gce-${app.spec.bu}-batch-${r.hex(4)}`;
    const provider = aws ? 'Microsoft.AwsConnector' : 'Microsoft.GcpConnector';
    const id = subPath(app, provider, `${aws ? 'ec2Instances' : 'computeInstances'}/${instance}`);
    const nativeRegion = target.location.replace(/^(aws|gcp)-/, '');
    const nativeId = aws
      ? `arn:aws:ec2:${nativeRegion}:${target.nativeId?.split(':')[4] ?? '000000000000'}:instance/${instance}`
      : `projects/contoso-ml-prod/zones/${nativeRegion}-a/instances/${instance}`;
    entryResources.push({
      id,
      name: instance,
      type: aws ? 'microsoft.awsconnector/ec2instances' : 'microsoft.gcpconnector/computeinstances',
      tenantId,
      subscriptionId: app.sub.subscriptionId,
      resourceGroup: app.rg,
      location: target.location,
      tags: {},
      properties: {
        [aws ? 'arn' : 'resourceName']: nativeId,
        connectorId: target.connectorId,
        publicIpAddress: `${r.int(3, 54)}.${r.int(1, 254)}.${r.int(1, 254)}.${r.int(1, 254)}`,
      },
    });
    return { id, name: instance, entityType: aws ? 'awsec2instance' : 'gcpcomputeinstance', nativeId };
  };

  const accountOf = (app: AppNode) => app.nodes.find((n) => n.kind === 'openai' || n.kind === 'ai-services');

  for (const app of inv.apps) {
    if (!app.sub.cspm) continue;
    const acc = accountOf(app);
    switch (app.spec.archetype) {
      case 'openai': {
        if (!acc) break;
        const search = linkedHop(acc.linked.search, 'searchservice');
        if (acc.publicNetwork && acc.aclAllow && acc.localAuth && search && r.chance(0.85)) {
          specs.push({
            app,
            template: 'ExposedOpenAIKeyAccessToGroundingData',
            displayName:
              'Internet exposed Azure OpenAI account with key access enabled can read sensitive grounding data',
            description: `${acc.name} accepts API keys from any network and is connected to the search index ${search.name}, which holds sensitive documents used for grounding.`,
            potentialImpact:
              'An attacker holding a leaked key can query the model and pull sensitive grounding documents out through it.',
            riskCategories: ['Data exposure'],
            riskFactors: ['Internet exposure', 'Sensitive data', 'Key-based access'],
            mitre: [
              'Initial Access (T1078)',
              'Credential Access (T1552)',
              'Collection (T1213)',
              'Exfiltration (T1567)',
            ],
            remediation: [
              `Disable local authentication on ${acc.name}.`,
              `Set the network default action of ${acc.name} to Deny.`,
              `Rotate the keys of ${acc.name}.`,
            ],
            hops: [aiHop(acc, 'cognitiveservicesaccount'), search],
            links: ['can read data from'],
            insights: [
              { hop: 0, name: 'Exposed to the internet' },
              { hop: 0, name: 'Key-based authentication enabled' },
              { hop: 1, name: 'Contains sensitive data' },
            ],
          });
        } else if ((acc.localAuth || r.chance(0.3)) && r.chance(0.6)) {
          const uai = uaiHop(app, acc);
          if (!uai) break;
          specs.push(vmPath(app, acc, uai, vmEntry(app, uai)));
        }
        break;
      }
      case 'foundry': {
        const project = app.nodes.find((n) => n.kind === 'foundry-project' && (n.apiKeyConnections || !n.guardrails));
        if (acc && project && r.chance(0.75)) {
          const uai = uaiHop(app, acc);
          const data =
            linkedHop(project.linked.search, 'searchservice') ?? linkedHop(project.linked.storage, 'storageaccount');
          if (!uai || !data) break;
          specs.push({
            app,
            template: 'ExposedWebAppToFoundryProjectData',
            displayName:
              'Internet exposed App Service with a managed identity can run agents in an Azure AI Foundry project with access to sensitive data',
            description: `The web app's identity ${uai.name} holds the Azure AI User role on ${project.name}, whose connection to ${data.name} ${project.apiKeyConnections ? 'uses a stored API key' : 'exposes grounding data'}.`,
            potentialImpact:
              'A compromised web app can drive the project’s agents and read or exfiltrate the connected data.',
            riskCategories: ['Data exposure', 'Lateral movement'],
            riskFactors: ['Internet exposure', 'Sensitive data', 'Lateral movement'],
            mitre: [
              'Initial Access (T1190)',
              'Privilege Escalation (T1078.004)',
              'Collection (T1530)',
              'Exfiltration (T1567)',
            ],
            remediation: [
              `Restrict inbound traffic to the web app.`,
              `Scope the role of ${uai.name} on ${project.name} to what the app needs.`,
              project.guardrails
                ? `Switch the project's connections to Entra ID authentication.`
                : `Configure guardrails on the agents of ${project.name}.`,
            ],
            hops: [webEntry(app, uai), uai, aiHop(project, 'foundryproject'), data],
            links: ['runs as', 'has permissions to', 'can read data from'],
            insights: [
              { hop: 0, name: 'Exposed to the internet' },
              { hop: 2, name: project.guardrails ? 'Connections use API keys' : 'Agents without guardrails' },
              { hop: 3, name: 'Contains sensitive data' },
            ],
          });
        } else if (acc?.localAuth && r.chance(0.4)) {
          const uai = uaiHop(app, acc);
          if (uai) specs.push(vmPath(app, acc, uai, vmEntry(app, uai)));
        }
        break;
      }
      case 'hub':
      case 'mlw': {
        const ml = app.nodes.find((n) => (n.kind === 'ml-project' || n.kind === 'ml-workspace') && n.publicNetwork);
        const storage = ml ? linkedHop(ml.linked.storage, 'storageaccount') : null;
        if (ml && storage && r.chance(0.6)) {
          specs.push({
            app,
            template: 'ExposedMLWorkspaceToTrainingData',
            displayName:
              'Internet exposed Azure Machine Learning workspace with vulnerable models can access training data',
            description: `${ml.name} is reachable from the internet${ml.modelFindings ? ', hosts models with unsafe serialisation,' : ''} and its identity can read the training data in ${storage.name}.`,
            potentialImpact: 'Training data and registered models can be read or tampered with (data poisoning).',
            riskCategories: ['Data exposure'],
            riskFactors: ml.modelFindings
              ? ['Internet exposure', 'Vulnerabilities', 'Sensitive data']
              : ['Internet exposure', 'Sensitive data'],
            mitre: ['Initial Access (T1190)', 'Execution (T1059)', 'Collection (T1530)', 'Impact (T1565)'],
            remediation: [
              `Disable public network access on ${ml.name}.`,
              `Remove or rebuild the flagged models.`,
              `Limit the workspace identity on ${storage.name} to the containers it needs.`,
            ],
            hops: [aiHop(ml, 'machinelearningworkspace'), storage],
            links: ['can read data from'],
            insights: [
              { hop: 0, name: 'Exposed to the internet' },
              ...(ml.modelFindings ? [{ hop: 0, name: 'Model with security findings' }] : []),
              { hop: 1, name: 'Contains sensitive data' },
            ],
          });
        }
        break;
      }
      case 'bedrock':
      case 'vertex': {
        const aws = app.spec.archetype === 'bedrock';
        const target = app.nodes[0];
        if (!target) break;
        const entry = cloudEntry(app, target, aws);
        const role: Hop = aws
          ? {
              id: '',
              name: `${target.name}-invoker-role`,
              entityType: 'awsiamrole',
              nativeId: `arn:aws:iam::${target.nativeId?.split(':')[4] ?? ''}:role/${target.name}-invoker-role`,
            }
          : {
              id: '',
              name: `sa-${target.name}@contoso-ml-prod.iam.gserviceaccount.com`,
              entityType: 'gcpserviceaccount',
            };
        specs.push({
          app,
          template: aws ? 'ExposedEC2ToBedrockAgent' : 'ExposedGCEToVertexEndpoint',
          displayName: aws
            ? 'Internet exposed EC2 instance with high severity vulnerabilities can invoke an Amazon Bedrock agent with access to sensitive data'
            : 'Internet exposed GCE VM instance with high severity vulnerabilities can call a Vertex AI endpoint serving sensitive data',
          description: aws
            ? `${entry.name} is reachable from the internet, has exploitable vulnerabilities and an instance role that can invoke ${target.name}, whose knowledge base holds customer documents.`
            : `${entry.name} is reachable from the internet and runs as a service account allowed to call ${target.name}.`,
          potentialImpact: 'An attacker on the instance can use the AI workload to reach sensitive data.',
          riskCategories: ['Data exposure', 'Lateral movement'],
          riskFactors: ['Internet exposure', 'Vulnerabilities', 'Sensitive data'],
          mitre: ['Initial Access (T1190)', 'Credential Access (T1552.005)', 'Collection (T1530)'],
          remediation: [
            `Patch and restrict inbound access to ${entry.name}.`,
            `Narrow the permissions of ${role.name}.`,
            aws ? 'Use AWS PrivateLink for Bedrock.' : 'Use a private endpoint for Vertex AI.',
          ],
          hops: [entry, role, aiHop(target, aws ? 'bedrockagent' : 'vertexaiendpoint')],
          links: ['runs as', 'can invoke'],
          insights: [
            { hop: 0, name: 'Exposed to the internet' },
            { hop: 0, name: 'Has high severity vulnerabilities' },
            { hop: 2, name: 'Contains sensitive data' },
          ],
        });
        break;
      }
      default:
        break;
    }
  }
  if (!specs.some((s) => s.template === 'VMToAIAccountKeys')) {
    const acc = inv.ai.find((n) => n.kind === 'openai' && n.app.sub.cspm && n.linked.uai && n.app.copy === 1);
    if (acc) {
      const uai = uaiHop(acc.app, acc);
      if (uai) specs.push(vmPath(acc.app, acc, uai, vmEntry(acc.app, uai)));
    }
  }

  const rows = specs.map((spec) => pathRow(spec, r, tenantId, slotsByNode));
  return { rows, entryResources };
}

function vmPath(app: AppNode, acc: AiNode, uai: Hop, vm: Hop): PathSpec {
  return {
    app,
    template: 'VMToAIAccountKeys',
    displayName:
      'Internet exposed VM with high severity vulnerabilities has permissions to list the keys of an Azure AI Services account',
    description: `${vm.name} is reachable from the internet, has high severity vulnerabilities, and runs as ${uai.name}, which holds the Cognitive Services Contributor role on ${acc.name}${acc.localAuth ? ' where key access is enabled' : ''}.`,
    potentialImpact:
      'An attacker who compromises the VM can list the account keys and use the models and their connected data from anywhere.',
    riskCategories: ['Lateral movement', 'Data exposure'],
    riskFactors: ['Internet exposure', 'Vulnerabilities', 'High permissions'],
    mitre: [
      'Initial Access (T1190)',
      'Credential Access (T1552.005)',
      'Lateral Movement (T1550.001)',
      'Exfiltration (T1567)',
    ],
    remediation: [
      `Remediate the vulnerabilities on ${vm.name} and close its public management ports.`,
      `Replace the Cognitive Services Contributor assignment of ${uai.name} with Cognitive Services OpenAI User.`,
      `Disable local authentication on ${acc.name}.`,
    ],
    hops: [vm, uai, { id: acc.id, name: acc.name, entityType: 'cognitiveservicesaccount', node: acc }],
    links: ['runs as', 'has permissions to'],
    insights: [
      { hop: 0, name: 'Exposed to the internet' },
      { hop: 0, name: 'Has high severity vulnerabilities' },
      { hop: 1, name: 'Has permissions to list keys' },
      { hop: 2, name: acc.localAuth ? 'Key-based authentication enabled' : 'Contains sensitive data' },
    ],
  };
}

function pathRow(spec: PathSpec, r: Rng, tenantId: string, slotsByNode: Map<string, Slot[]>): ArgRow {
  const pathId = r.guid();
  const subId = spec.app.sub.subscriptionId;
  const internal = spec.hops.map((h) => `${h.entityType}:${r.hex(24)}`);
  const entities = spec.hops.map((h, i) => {
    const identifiers: Record<string, string> = {};
    if (h.id) identifiers.azureResourceId = h.id;
    if (h.principalOid) identifiers.principalOid = h.principalOid;
    if (h.nativeId) identifiers[h.nativeId.startsWith('arn:') ? 'awsResourceArn' : 'gcpResourceName'] = h.nativeId;
    return {
      entityInternalID: internal[i],
      entityName: h.name,
      entityType: h.entityType,
      entityIdentifiers: identifiers,
    };
  });
  const connections = spec.links.map((title, i) => ({
    sourceEntityInternalID: internal[i],
    targetEntityInternalID: internal[i + 1],
    title,
  }));
  const insights = spec.insights.map((ins) => ({
    id: `insight:${r.hex(16)}`,
    name: ins.name,
    entityInternalID: internal[ins.hop],
  }));
  // Unhealthy assessments on AI entities of the path: referenced both ways.
  const assessments: { entityInternalID: string | undefined; assessmentKeys: string[]; assessmentIds: string[] }[] = [];
  spec.hops.forEach((h, i) => {
    if (!h.node) return;
    const open = (slotsByNode.get(h.node.lid) ?? []).filter((s) => s.code === 'Unhealthy');
    if (open.length === 0) return;
    assessments.push({
      entityInternalID: internal[i],
      assessmentKeys: open.map((s) => s.rec.key),
      assessmentIds: open.map((s) => s.id),
    });
    for (const s of open) {
      s.attackPathIds.push(pathId);
      if (s.riskLevel !== null || s.node.app.sub.cspm) {
        for (const f of spec.riskFactors) if (!s.riskFactors.includes(f)) s.riskFactors = [...s.riskFactors, f];
        s.riskLevel = riskLevelOf(s.rec, s.riskFactors, true);
      }
    }
  });
  const first = spec.hops[0] as Hop;
  const last = spec.hops[spec.hops.length - 1] as Hop;
  const riskLevel = spec.riskFactors.length >= 3 ? 'Critical' : 'High';
  const steps = spec.hops.slice(1).map((h, i) => `${spec.hops[i]?.name} ${spec.links[i]} ${h.name}`);
  return {
    id: `/subscriptions/${subId}/providers/Microsoft.Security/attackPaths/${pathId}`,
    name: pathId,
    type: 'microsoft.security/attackpaths',
    tenantId,
    subscriptionId: subId,
    properties: {
      // Documented shape
      displayName: spec.displayName,
      description: spec.description,
      attackPathType: spec.template,
      manualRemediationSteps: spec.remediation.map((s, i) => `${i + 1}. ${s}`).join('\n'),
      refreshInterval: 'P1D',
      potentialImpact: spec.potentialImpact,
      riskCategories: spec.riskCategories,
      entryPointEntityInternalID: internal[0],
      targetEntityInternalID: internal[internal.length - 1],
      assessments,
      graphComponent: { insights, entities, connections },
      AttackPathID: pathId,
      // Shape seen on live tenants (Exposure Management)
      riskLevel,
      riskFactors: spec.riskFactors,
      entryPoint: first.name,
      target: last.name,
      attackPathSteps: steps,
      mITRETacticsAndTechniques: spec.mitre,
      attackStory: `${spec.description} ${spec.potentialImpact}`,
      isPartialAttackPath: false,
    },
  };
}
