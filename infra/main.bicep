// Vigil on Azure: one Container App (one replica, SQLite on an Azure Files volume), an Azure Bot connected to
// Teams, a user-assigned managed identity with read-only roles on the estate, a registry for the image, and
// Log Analytics + Application Insights for the app's logs and an availability test. Parameters are documented
// in infra/README.md; outputs use the names m365agents.yml and appPackage/manifest.json expect.

targetScope = 'resourceGroup'

@description('Base name for every resource (lowercase letters, digits and hyphens, 3–16 characters).')
@minLength(3)
@maxLength(16)
param appName string = 'vigil'

@description('Azure region for the resources (the Azure Bot itself is global).')
param location string = resourceGroup().location

@description('Name people see for the bot in the Azure portal; keep it the Teams app name.')
@maxLength(42)
param botDisplayName string = 'Vigil'

@description('How the bot authenticates to the Bot Framework: UserAssignedMSI (the managed identity, no secret) or SingleTenant (an Entra app registration and its secret).')
@allowed([
  'UserAssignedMSI'
  'SingleTenant'
])
param botAppType string = 'UserAssignedMSI'

@description('SingleTenant only: the Entra app registration\'s client id (MicrosoftAppId).')
param botAppId string = ''

@description('SingleTenant only: that app registration\'s client secret (MicrosoftAppPassword), kept as a Container Apps secret.')
@secure()
param botAppPassword string = ''

@description('Azure Bot pricing tier: F0 (free, standard channels such as Teams) or S1.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('Container image to run, e.g. <registry>.azurecr.io/vigil:<tag>. Empty: a placeholder image until the first deploy pushes Vigil\'s.')
param containerImage string = ''

@description('vCPU for the container (0.5 with 1Gi, 1.0 with 2Gi, …: Container Apps takes fixed pairs).')
param containerCpu string = '0.5'

@description('Memory for the container, paired with containerCpu.')
param containerMemory string = '1Gi'

@description('Subscriptions Vigil watches, comma-separated (VIGIL_SUBSCRIPTIONS); the identity gets Reader and Security Reader on each. Empty with no management group: the demo tenant.')
param subscriptionIds string = ''

@description('Or a management group to watch instead (VIGIL_MANAGEMENT_GROUP); grant Reader and Security Reader on it yourself (see infra/README.md).')
param managementGroupId string = ''

@description('Log Analytics workspace ids (GUIDs) holding the Azure OpenAI / AI Services request logs, comma-separated (VIGIL_WORKSPACES).')
param workspaceIds string = ''

@description('The same workspaces as Azure resource ids, comma-separated; the identity gets Log Analytics Reader on each.')
param workspaceResourceIds string = ''

@description('SOC analysts: Entra object ids, UPNs or group:<id>, comma-separated (VIGIL_SOC).')
param socMembers string = ''

@description('Leaders who receive digests and escalations, same forms (VIGIL_LEADERS).')
param leaderMembers string = ''

@description('Vigil admins (routing and settings), same forms (VIGIL_ADMINS).')
param adminMembers string = ''

@description('IANA time zone for times shown in cards (VIGIL_TIME_ZONE).')
param timeZone string = 'UTC'

@description('Days Log Analytics keeps the app\'s logs.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('Tags for every resource.')
param tags object = {}

// Vigil's HTTP port: config/schema.ts's default for PORT and the Dockerfile's EXPOSE.
var port = 3978
var dataPath = '/data'
var suffix = uniqueString(resourceGroup().id, appName)
var compactName = toLower(replace(appName, '-', ''))
// Until the first deploy pushes Vigil's image, a public placeholder keeps the app (and so the bot's endpoint) valid.
var placeholderImage = 'mcr.microsoft.com/k8se/quickstart:latest'
var image = empty(containerImage) ? placeholderImage : containerImage
var runsVigil = !empty(containerImage)

var subscriptionList = filter(split(replace(subscriptionIds, ' ', ''), ','), s => !empty(s))
var workspaceList = filter(split(replace(workspaceIds, ' ', ''), ','), s => !empty(s))
var workspaceResourceList = filter(split(replace(workspaceResourceIds, ' ', ''), ','), s => !empty(s))

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${appName}-id'
  location: location
  tags: tags
}

var botId = botAppType == 'UserAssignedMSI' ? identity.properties.clientId : botAppId

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${appName}-logs'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${appName}-insights'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: take('cr${compactName}${suffix}', 50)
  location: location
  tags: tags
  sku: {
    name: 'Basic'
  }
  properties: {
    adminUserEnabled: false
  }
}

// The app pulls its image with the managed identity: AcrPull on this registry only.
resource registryPull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(registry.id, identity.id, '7f951dda-4ed3-4680-a7ca-43fe172d538d')
  scope: registry
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '7f951dda-4ed3-4680-a7ca-43fe172d538d') // AcrPull
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// SQLite lives on an Azure Files share so it survives restarts and new revisions.
resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: take('st${compactName}${suffix}', 24)
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
  }
}

resource fileService 'Microsoft.Storage/storageAccounts/fileServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource dataShare 'Microsoft.Storage/storageAccounts/fileServices/shares@2023-05-01' = {
  parent: fileService
  name: 'vigil-data'
  properties: {
    shareQuota: 5
  }
}

resource appEnvironment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: '${appName}-env'
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: logs.properties.customerId
        sharedKey: logs.listKeys().primarySharedKey
      }
    }
  }
}

resource environmentData 'Microsoft.App/managedEnvironments/storages@2024-03-01' = {
  parent: appEnvironment
  name: 'vigil-data'
  properties: {
    azureFile: {
      accountName: storage.name
      accountKey: storage.listKeys().keys[0].value
      shareName: dataShare.name
      accessMode: 'ReadWrite'
    }
  }
}

// What Vigil reads (config/load.ts ENV_KEYS), plus AZURE_CLIENT_ID, which DefaultAzureCredential reads to pick
// the user-assigned identity.
var baseEnv = [
  { name: 'PORT', value: string(port) }
  { name: 'VIGIL_DB', value: '${dataPath}/vigil.db' }
  { name: 'MicrosoftAppType', value: botAppType }
  { name: 'MicrosoftAppId', value: botId }
  { name: 'MicrosoftAppTenantId', value: tenant().tenantId }
  { name: 'AZURE_TENANT_ID', value: tenant().tenantId }
  { name: 'AZURE_CLIENT_ID', value: identity.properties.clientId }
  { name: 'VIGIL_TIME_ZONE', value: empty(timeZone) ? 'UTC' : timeZone }
]
var secretEnv = botAppType == 'SingleTenant' ? [{ name: 'MicrosoftAppPassword', secretRef: 'bot-app-password' }] : []
var subscriptionEnv = empty(subscriptionList) ? [] : [{ name: 'VIGIL_SUBSCRIPTIONS', value: join(subscriptionList, ',') }]
var managementGroupEnv = empty(managementGroupId) ? [] : [{ name: 'VIGIL_MANAGEMENT_GROUP', value: managementGroupId }]
var workspaceEnv = empty(workspaceList) ? [] : [{ name: 'VIGIL_WORKSPACES', value: join(workspaceList, ',') }]
var socEnv = empty(socMembers) ? [] : [{ name: 'VIGIL_SOC', value: socMembers }]
var leaderEnv = empty(leaderMembers) ? [] : [{ name: 'VIGIL_LEADERS', value: leaderMembers }]
var adminEnv = empty(adminMembers) ? [] : [{ name: 'VIGIL_ADMINS', value: adminMembers }]
var appEnv = concat(baseEnv, secretEnv, subscriptionEnv, managementGroupEnv, workspaceEnv, socEnv, leaderEnv, adminEnv)

// Startup, liveness and readiness all ask /healthz: with one replica, taking it out of rotation when Azure is
// slow would only silence the bot. /readyz (store and Azure sources) is watched by the availability test below.
var vigilProbes = [
  {
    type: 'Startup'
    httpGet: { path: '/healthz', port: port }
    periodSeconds: 5
    failureThreshold: 24
  }
  {
    type: 'Liveness'
    httpGet: { path: '/healthz', port: port }
    periodSeconds: 30
    failureThreshold: 3
  }
  {
    type: 'Readiness'
    httpGet: { path: '/healthz', port: port }
    periodSeconds: 15
    failureThreshold: 3
  }
]

resource app 'Microsoft.App/containerApps@2024-03-01' = {
  name: '${appName}-app'
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    managedEnvironmentId: appEnvironment.id
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: runsVigil ? port : 80
        transport: 'auto'
        allowInsecure: false
      }
      registries: [
        {
          server: registry.properties.loginServer
          identity: identity.id
        }
      ]
      secrets: botAppType == 'SingleTenant' ? [{ name: 'bot-app-password', value: botAppPassword }] : []
    }
    template: {
      containers: [
        {
          name: 'vigil'
          image: image
          resources: {
            cpu: json(containerCpu)
            memory: containerMemory
          }
          env: appEnv
          probes: runsVigil ? vigilProbes : []
          volumeMounts: [
            {
              volumeName: 'data'
              mountPath: dataPath
            }
          ]
        }
      ]
      // One replica, always on: SQLite has one writer, and the scheduler and outbox must keep running.
      scale: {
        minReplicas: 1
        maxReplicas: 1
      }
      volumes: [
        {
          name: 'data'
          storageType: 'AzureFile'
          storageName: environmentData.name
          // uid/gid 1000 is the image's `node` user; nobrl keeps SQLite's byte-range locks local (SMB rejects them).
          mountOptions: 'uid=1000,gid=1000,dir_mode=0700,file_mode=0600,nobrl,mfsymlinks'
        }
      ]
    }
  }
  dependsOn: [
    registryPull
  ]
}

var fqdn = app.properties.configuration.ingress.fqdn
var botProperties = {
  displayName: botDisplayName
  endpoint: 'https://${fqdn}/api/messages'
  msaAppType: botAppType
  msaAppId: botId
  msaAppTenantId: tenant().tenantId
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${appName}-${suffix}'
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: botSku
  }
  properties: union(botProperties, botAppType == 'UserAssignedMSI' ? { msaAppMSIResourceId: identity.id } : {})
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

// Reader + Security Reader on each watched subscription (a module per subscription: assignments live there).
module subscriptionReaders 'modules/subscription-reader.bicep' = [
  for sub in subscriptionList: {
    name: take('vigil-readers-${sub}', 64)
    scope: subscription(sub)
    params: {
      principalId: identity.properties.principalId
    }
  }
]

// Log Analytics Reader on each workspace with the AI request logs, wherever it lives.
module workspaceReaders 'modules/workspace-reader.bicep' = [
  for id in workspaceResourceList: {
    name: take('vigil-logs-reader-${uniqueString(id)}', 64)
    scope: resourceGroup(split(id, '/')[2], split(id, '/')[4])
    params: {
      workspaceName: last(split(id, '/'))
      principalId: identity.properties.principalId
    }
  }
]

// An availability test on /readyz: it fails when the store or the Azure sources (roles!) do not answer.
resource readiness 'Microsoft.Insights/webtests@2022-06-15' = {
  name: '${appName}-readyz'
  location: location
  tags: union(tags, { 'hidden-link:${insights.id}': 'Resource' })
  kind: 'standard'
  properties: {
    SyntheticMonitorId: '${appName}-readyz'
    Name: '${botDisplayName} /readyz'
    Description: 'Vigil answers /readyz: store open, Azure sources reachable with the identity\'s roles'
    Enabled: runsVigil
    Frequency: 300
    Timeout: 30
    Kind: 'standard'
    RetryEnabled: true
    Locations: [
      { Id: 'emea-nl-ams-azr' }
      { Id: 'us-va-ash-azr' }
      { Id: 'apac-sg-sin-azr' }
    ]
    Request: {
      RequestUrl: 'https://${fqdn}/readyz'
      HttpVerb: 'GET'
      ParseDependentRequests: false
    }
    ValidationRules: {
      ExpectedHttpStatusCode: 200
      SSLCheck: true
      SSLCertRemainingLifetimeCheck: 7
    }
  }
}

// Written to env/.env.<name> by the Agents Toolkit; BOT_ID and BOT_DOMAIN fill appPackage/manifest.json.
@description('The bot\'s Microsoft App ID: the Teams manifest\'s botId, and MicrosoftAppId for `npm run package`.')
output BOT_ID string = botId

@description('The host name Teams reaches the bot on (BOT_DOMAIN); the messaging endpoint is https://<it>/api/messages.')
output BOT_DOMAIN string = fqdn

@description('The Container App to roll new images out to.')
output AZURE_CONTAINER_APP_NAME string = app.name

@description('The registry `az acr build` pushes Vigil\'s image to.')
output AZURE_CONTAINER_REGISTRY_NAME string = registry.name

@description('The registry\'s login server, the prefix of image names.')
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.properties.loginServer

@description('Object id of Vigil\'s managed identity, for role assignments made outside this template (management group).')
output VIGIL_IDENTITY_PRINCIPAL_ID string = identity.properties.principalId
