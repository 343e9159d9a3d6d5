// AI resources in AWS and GCP as Defender sees them through multi-cloud
// connectors: Bedrock agents, SageMaker endpoints, Vertex AI endpoints.

import { MULTICLOUD_AI_TYPES } from '../queries.js';
import { type BuildCtx, newNode, providerPath, resourceTags } from './build-context.js';
import type { AiKind } from './nodes.js';

const FOUNDATION_MODELS = [
  'anthropic.claude-3-5-sonnet-20240620-v1:0',
  'anthropic.claude-3-haiku-20240307-v1:0',
  'amazon.nova-pro-v1:0',
  'meta.llama3-1-70b-instruct-v1:0',
];

export function buildMultiCloud(ctx: BuildCtx): void {
  const { app, r, push, tenantId } = ctx;
  const archetype = app.spec.archetype;
  const aws = archetype !== 'vertex';
  const connector = aws ? ctx.awsConnector : ctx.gcpConnector;
  const rows = app.spec.items ?? [];
  for (const [base, nativeRegion] of rows) {
    const name = `${base}${ctx.sfx}`;
    const kind: AiKind = archetype === 'bedrock' ? 'bedrock' : archetype === 'sagemaker' ? 'sagemaker' : 'vertex-ai';
    const type =
      archetype === 'bedrock'
        ? MULTICLOUD_AI_TYPES.bedrock
        : archetype === 'sagemaker'
          ? MULTICLOUD_AI_TYPES.sagemaker
          : MULTICLOUD_AI_TYPES.vertex;
    const armType =
      archetype === 'bedrock'
        ? 'Microsoft.AwsConnector/bedrockAgents'
        : archetype === 'sagemaker'
          ? 'Microsoft.AwsConnector/sageMakerEndpoints'
          : 'Microsoft.GcpConnector/vertexAiEndpoints';
    const provider = aws ? 'Microsoft.AwsConnector' : 'Microsoft.GcpConnector';
    const id = providerPath(app.sub.subscriptionId, app.rg, provider, `${armType.split('/')[1]}/${name}`);
    const location = `${aws ? 'aws' : 'gcp'}-${nativeRegion}`;
    let nativeId: string;
    let props: Record<string, unknown>;
    const nativePrivate = r.chance(0.45);
    if (archetype === 'bedrock') {
      const agentId = r.hex(10).toUpperCase();
      nativeId = `arn:aws:bedrock:${nativeRegion}:${connector.hierarchyId}:agent/${agentId}`;
      props = {
        arn: nativeId,
        agentId,
        agentName: name,
        agentStatus: 'PREPARED',
        foundationModel: r.pick(FOUNDATION_MODELS),
        guardrailConfiguration: r.chance(0.6) ? { guardrailIdentifier: r.hex(12), guardrailVersion: '1' } : null,
        knowledgeBases: [
          {
            knowledgeBaseArn: `arn:aws:bedrock:${nativeRegion}:${connector.hierarchyId}:knowledge-base/${r.hex(10).toUpperCase()}`,
          },
        ],
        vpcEndpointConfigured: nativePrivate,
      };
    } else if (archetype === 'sagemaker') {
      nativeId = `arn:aws:sagemaker:${nativeRegion}:${connector.hierarchyId}:endpoint/${name}`;
      props = {
        arn: nativeId,
        endpointName: name,
        endpointStatus: 'InService',
        productionVariants: [
          {
            variantName: 'AllTraffic',
            modelName: `${base}-model`,
            instanceType: r.pick(['ml.m5.xlarge', 'ml.g5.2xlarge', 'ml.c5.2xlarge']),
          },
        ],
        vpcConfig: nativePrivate ? { subnets: [`subnet-${r.hex(8)}`], securityGroupIds: [`sg-${r.hex(8)}`] } : null,
      };
    } else {
      const endpointNumber = String(r.int(1_000_000_000, 9_999_999_999));
      nativeId = `projects/${connector.hierarchyId}/locations/${nativeRegion}/endpoints/${endpointNumber}`;
      props = {
        resourceName: nativeId,
        displayName: name,
        deployedModels: [
          {
            model: r.pick(['gemini-2.0-flash', 'gemini-1.5-pro', 'text-embedding-005', 'custom-tabular-v3']),
            displayName: `${base}-model`,
          },
        ],
        privateServiceConnectConfig: nativePrivate ? { enablePrivateServiceConnect: true } : null,
      };
    }
    props.connectorId = connector.id;
    props.provisioningState = 'Succeeded';
    const node = newNode(ctx, {
      id,
      name,
      kind,
      type,
      armType,
      provider,
      cloud: aws ? 'AWS' : 'GCP',
      parent: null,
      rg: app.rg,
      location,
      rowIndex: -1,
      publicNetwork: !nativePrivate,
      aclAllow: !nativePrivate,
      localAuth: false,
      privateEndpoint: nativePrivate,
      cmk: false,
      workspace: null,
      guardrails: archetype !== 'bedrock' || props.guardrailConfiguration !== null,
      apiKeyConnections: false,
      modelFindings: false,
      nativePrivate,
      ownerTag: app.ownerMode === 'tag' ? app.owner : null,
      peak: 0,
      nativeId,
      connectorId: connector.id,
    });
    node.rowIndex = push({
      id,
      name,
      type,
      tenantId,
      subscriptionId: app.sub.subscriptionId,
      resourceGroup: app.rg,
      location,
      tags: resourceTags(ctx, { [aws ? 'aws-account' : 'gcp-project']: connector.hierarchyId }),
      properties: props,
    });
  }
}
