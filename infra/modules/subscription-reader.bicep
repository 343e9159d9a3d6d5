// Reader and Security Reader for Vigil's identity on one subscription: enough for Resource Graph (inventory,
// assessments, attack paths, governance assignments), Microsoft.Security (plans, secure scores) and nothing more.

targetScope = 'subscription'

@description('Object (principal) id of Vigil\'s managed identity.')
param principalId string

var roles = [
  'acdd72a7-3385-48ef-bd42-f606fba81ae7' // Reader
  '39bc4728-0917-49c7-9d2c-d95423bc2eb4' // Security Reader
]

resource assignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in roles: {
    name: guid(subscription().id, principalId, role)
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
      principalId: principalId
      principalType: 'ServicePrincipal'
    }
  }
]
