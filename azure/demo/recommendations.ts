// Defender for Cloud AI recommendations used by the demo: the keys Microsoft
// publishes (REFERENCE.md) and a few made-up demo keys (`demoKey: true`) for
// recommendations Defender has but whose keys are not public.

export type Severity = 'High' | 'Medium' | 'Low';

/** What an assessment is about: decides which resources it applies to. */
export type RecTarget =
  | 'ai-account'
  | 'ai-account-deployments'
  | 'foundry-project'
  | 'ml'
  | 'ml-models'
  | 'bedrock'
  | 'sagemaker'
  | 'vertex';

export interface Recommendation {
  key: string;
  displayName: string;
  severity: Severity;
  categories: string[];
  threats: string[];
  description: string;
  remediationDescription: string;
  userImpact: 'Low' | 'Moderate' | 'High';
  implementationEffort: 'Low' | 'Moderate' | 'High';
  target: RecTarget;
  source: 'Azure' | 'Aws' | 'Gcp';
  /** True when the key is invented for the demo (Defender has such a recommendation but its key is not public). */
  demoKey: boolean;
  /** AI-SPM recommendations need Defender CSPM on the subscription; foundational ones do not. */
  requiresCspm: boolean;
}

export const REC = {
  localAuth: '13b10b36-aa99-4db6-b00c-dcf87c4761e6',
  networkAccess: 'f738efb8-005f-680d-3d43-b3db762d6243',
  privateLink: '54f53ddf-6ebd-461e-a247-394c542bc5d1',
  cmk: '18bf29b3-a844-e170-2826-4e95d0ba4dc9',
  diagnostics: 'dea5192e-1bb3-101b-b70c-4646546f5e1e',
  bedrockPrivateLink: 'dd55620f-09f2-4d4b-9d6b-adcee7479a64',
  // Demo keys (made up): Defender has recommendations like these but their keys are not public.
  contentFilter: '7c1f3a52-9e4b-4d0a-8b21-5f6e2d9a0c13',
  agentGuardrails: 'b4e8d2c1-6a3f-4f79-9c05-2e1d7a8b6f40',
  foundryNetwork: '3a9d6e27-1c84-4b5f-a0e2-8f4c1b7d9e65',
  entraAuth: 'e2c7b9f4-5d13-4a86-9b0e-6f2a8c4d1e37',
  mlModelFindings: '9f5a1e83-2b6c-47d0-8e94-1c3b5a7f2d08',
  mlPublicAccess: '61d4c8a2-7e3b-4f15-a9c6-0b8e2d5f7a94',
  sagemakerNetwork: 'c8b2e5d7-3f41-4a69-8d0c-7e9a1b4f6c25',
  vertexPublic: '4d7f0a9e-8c25-4b3e-b61a-2f9c5e8d0a73',
} as const;

export const RECOMMENDATIONS: readonly Recommendation[] = [
  {
    key: REC.localAuth,
    displayName: 'Azure AI Services resources should have key access disabled (disable local authentication)',
    severity: 'Medium',
    categories: ['IdentityAndAccess'],
    threats: ['AccountBreach', 'DataExfiltration'],
    description:
      'Key access (local authentication) should be disabled for security. Keys can be leaked or shared; Microsoft Entra ID authentication provides auditable, revocable access.',
    remediationDescription:
      'Set disableLocalAuth to true on the account and move callers to Microsoft Entra ID tokens.',
    userImpact: 'Moderate',
    implementationEffort: 'Moderate',
    target: 'ai-account',
    source: 'Azure',
    demoKey: false,
    requiresCspm: false,
  },
  {
    key: REC.networkAccess,
    displayName: 'Azure AI Services resources should restrict network access',
    severity: 'Medium',
    categories: ['Networking'],
    threats: ['DataExfiltration', 'MaliciousInsider'],
    description:
      'Restricting network access ensures that only allowed networks can reach the service, by configuring network rules or private endpoints.',
    remediationDescription:
      'Set the network ACL default action to Deny and allow only the required IP ranges or virtual networks.',
    userImpact: 'Moderate',
    implementationEffort: 'Low',
    target: 'ai-account',
    source: 'Azure',
    demoKey: false,
    requiresCspm: false,
  },
  {
    key: REC.privateLink,
    displayName: 'Azure AI Services resources should use Azure Private Link',
    severity: 'Medium',
    categories: ['Networking'],
    threats: ['DataExfiltration'],
    description:
      'Azure Private Link lets virtual networks reach Azure AI Services without crossing the public internet, reducing the risk of data leakage.',
    remediationDescription: 'Create a private endpoint for the account and disable public network access.',
    userImpact: 'Moderate',
    implementationEffort: 'Moderate',
    target: 'ai-account',
    source: 'Azure',
    demoKey: false,
    requiresCspm: false,
  },
  {
    key: REC.cmk,
    displayName:
      '(Enable if required) Azure AI Services resources should encrypt data at rest with a customer-managed key (CMK)',
    severity: 'Low',
    categories: ['Data'],
    threats: ['DataExfiltration'],
    description:
      'Customer-managed keys give full control over the key lifecycle for data at rest. Needed only where compliance requires it.',
    remediationDescription: 'Configure encryption with a key in Azure Key Vault (keySource Microsoft.KeyVault).',
    userImpact: 'Low',
    implementationEffort: 'Moderate',
    target: 'ai-account',
    source: 'Azure',
    demoKey: false,
    requiresCspm: false,
  },
  {
    key: REC.diagnostics,
    displayName: 'Diagnostic logs in Azure AI services resources should be enabled',
    severity: 'Low',
    categories: ['Data'],
    threats: ['DataExfiltration'],
    description:
      'Diagnostic logs recreate activity trails for investigations when a security incident occurs or the service is compromised.',
    remediationDescription:
      'Add a diagnostic setting that sends RequestResponse and Audit logs to a Log Analytics workspace.',
    userImpact: 'Low',
    implementationEffort: 'Low',
    target: 'ai-account',
    source: 'Azure',
    demoKey: false,
    requiresCspm: false,
  },
  {
    key: REC.bedrockPrivateLink,
    displayName: 'AWS Bedrock should use AWS PrivateLink',
    severity: 'Medium',
    categories: ['Networking'],
    threats: ['DataExfiltration'],
    description:
      'AWS PrivateLink keeps traffic between your VPC and Amazon Bedrock on the AWS network instead of the public internet.',
    remediationDescription:
      'Create an interface VPC endpoint for bedrock-runtime and bedrock-agent-runtime and route callers through it.',
    userImpact: 'Low',
    implementationEffort: 'Moderate',
    target: 'bedrock',
    source: 'Aws',
    demoKey: false,
    requiresCspm: true,
  },
  {
    key: REC.contentFilter,
    displayName: 'Azure OpenAI model deployments should have content filtering enabled',
    severity: 'High',
    categories: ['AI'],
    threats: ['DataExfiltration', 'ThreatResistance'],
    description:
      'A model deployment without a content filter (RAI policy) does not screen prompts and completions for harmful content or jailbreak attempts.',
    remediationDescription: 'Attach a content filter policy (for example Microsoft.DefaultV2) to every deployment.',
    userImpact: 'Low',
    implementationEffort: 'Low',
    target: 'ai-account-deployments',
    source: 'Azure',
    demoKey: true,
    requiresCspm: true,
  },
  {
    key: REC.agentGuardrails,
    displayName: 'Azure AI Foundry agents should have guardrails configured',
    severity: 'Medium',
    categories: ['AI'],
    threats: ['ThreatResistance', 'DataExfiltration'],
    description:
      'Agents without guardrails (prompt shields, tool-call restrictions) can be steered by indirect prompt injection to misuse their tools.',
    remediationDescription: 'Enable prompt shields and a guardrail policy on every agent in the project.',
    userImpact: 'Low',
    implementationEffort: 'Low',
    target: 'foundry-project',
    source: 'Azure',
    demoKey: true,
    requiresCspm: true,
  },
  {
    key: REC.foundryNetwork,
    displayName: 'Network access to Azure AI Foundry projects should be limited',
    severity: 'Medium',
    categories: ['Networking', 'AI'],
    threats: ['DataExfiltration'],
    description: 'Foundry projects reachable from any network expose agents, connections and data to the internet.',
    remediationDescription:
      'Disable public network access on the hub or account and use private endpoints or network isolation.',
    userImpact: 'Moderate',
    implementationEffort: 'Moderate',
    target: 'foundry-project',
    source: 'Azure',
    demoKey: true,
    requiresCspm: true,
  },
  {
    key: REC.entraAuth,
    displayName: 'Azure AI Foundry project connections should use Microsoft Entra ID authentication',
    severity: 'Medium',
    categories: ['IdentityAndAccess', 'AI'],
    threats: ['AccountBreach'],
    description: 'Connections authenticated with stored API keys can be misused if the project is compromised.',
    remediationDescription: 'Switch connections to Microsoft Entra ID (AAD) authentication with the project identity.',
    userImpact: 'Low',
    implementationEffort: 'Low',
    target: 'foundry-project',
    source: 'Azure',
    demoKey: true,
    requiresCspm: true,
  },
  {
    key: REC.mlModelFindings,
    displayName: 'Azure Machine Learning models should have security findings resolved',
    severity: 'High',
    categories: ['AI'],
    threats: ['MaliciousInsider', 'ThreatResistance'],
    description:
      'Model scanning found unsafe serialisation or embedded code in registered models that could run arbitrary code when loaded.',
    remediationDescription:
      'Review the flagged models, rebuild them from trusted sources and use safe formats (safetensors, ONNX).',
    userImpact: 'Low',
    implementationEffort: 'Moderate',
    target: 'ml-models',
    source: 'Azure',
    demoKey: true,
    requiresCspm: true,
  },
  {
    key: REC.mlPublicAccess,
    displayName: 'Azure Machine Learning workspaces should disable public network access',
    severity: 'Medium',
    categories: ['Networking'],
    threats: ['DataExfiltration'],
    description: 'Disabling public network access keeps workspaces reachable only from approved private networks.',
    remediationDescription: 'Set publicNetworkAccess to Disabled and configure private endpoints or a managed network.',
    userImpact: 'Moderate',
    implementationEffort: 'Moderate',
    target: 'ml',
    source: 'Azure',
    demoKey: true,
    requiresCspm: false,
  },
  {
    key: REC.sagemakerNetwork,
    displayName: 'Amazon SageMaker endpoints should run inside a VPC',
    severity: 'Medium',
    categories: ['Networking'],
    threats: ['DataExfiltration'],
    description: 'Endpoints outside a VPC send inference traffic and model artifacts over the public internet.',
    remediationDescription: 'Redeploy the endpoint with a VpcConfig and network isolation enabled.',
    userImpact: 'Moderate',
    implementationEffort: 'Moderate',
    target: 'sagemaker',
    source: 'Aws',
    demoKey: true,
    requiresCspm: true,
  },
  {
    key: REC.vertexPublic,
    displayName: 'GCP Vertex AI endpoints should not be publicly accessible',
    severity: 'High',
    categories: ['Networking', 'AI'],
    threats: ['DataExfiltration'],
    description:
      'A public Vertex AI endpoint can be called from anywhere by any identity holding a token for the project.',
    remediationDescription: 'Use a private endpoint (Private Service Connect) and restrict IAM on the endpoint.',
    userImpact: 'Moderate',
    implementationEffort: 'Moderate',
    target: 'vertex',
    source: 'Gcp',
    demoKey: true,
    requiresCspm: true,
  },
];

export const RECOMMENDATION_BY_KEY: ReadonlyMap<string, Recommendation> = new Map(
  RECOMMENDATIONS.map((r) => [r.key, r]),
);

/** The assessment keys published by Microsoft (REFERENCE.md), as opposed to the demo keys. */
export const REAL_ASSESSMENT_KEYS: readonly string[] = RECOMMENDATIONS.filter((r) => !r.demoKey).map((r) => r.key);
