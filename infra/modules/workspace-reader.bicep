// Log Analytics Reader for Vigil's identity on one workspace holding the Azure OpenAI / AI Services request logs:
// it may run KQL there (one prompt-volume query per cycle) and read nothing else.

targetScope = 'resourceGroup'

@description('Name of the Log Analytics workspace, in this module\'s resource group.')
param workspaceName string

@description('Object (principal) id of Vigil\'s managed identity.')
param principalId string

var logAnalyticsReader = '73c42c96-874c-492b-b04d-ab87d138a893' // Log Analytics Reader

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: workspaceName
}

resource assignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(workspace.id, principalId, logAnalyticsReader)
  scope: workspace
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', logAnalyticsReader)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}
