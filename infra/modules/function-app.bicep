// Functions as a Function App on the Flex Consumption plan (.NET isolated), deployed by azd from ./Functions.
// The host reaches its storage and the deployment container with its own user-assigned identity: no storage keys.
param name string
@description('The name in azure.yaml.')
param serviceName string
param location string
param tags object
param planName string
param storageAccountName string
param identityName string
param applicationInsightsConnectionString string
@description('Web PubSub resource whose connection string becomes ConnectionStrings__webpubsub; empty for none.')
param webPubSubName string = ''
@description('Azure Managed Redis cluster whose connection string becomes ConnectionStrings__redis; empty for none.')
param redisName string = ''
@description('App settings beyond the host\'s own (name/value pairs).')
param appSettings array = []
@secure()
@description('Secret app settings, name to value; a secure object so the values stay out of deployment history.')
param secretAppSettings object = {}
@description('Instances kept warm: the registration heartbeats and the context store need at least one.')
param alwaysReadyInstances int = 1
param maximumInstanceCount int = 40
@allowed([ 512, 2048, 4096 ])
param instanceMemoryMB int = 2048

var deploymentContainer = 'app-package'
// Storage Blob Data Owner: the host keeps its keys and leases in blobs; azd uploads the package there.
var blobDataOwnerRole = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b')

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: identityName
  location: location
  tags: tags
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }

  resource blobs 'blobServices' = {
    name: 'default'

    resource packages 'containers' = {
      name: deploymentContainer
    }
  }
}

resource storageOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, blobDataOwnerRole)
  scope: storage
  properties: {
    roleDefinitionId: blobDataOwnerRole
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource webPubSub 'Microsoft.SignalRService/webPubSub@2024-03-01' existing = if (!empty(webPubSubName)) {
  name: webPubSubName
}

resource redis 'Microsoft.Cache/redisEnterprise@2024-10-01' existing = if (!empty(redisName)) {
  name: redisName

  resource database 'databases' existing = {
    name: 'default'
  }
}

var secretSettings = [for setting in items(secretAppSettings): { name: setting.key, value: setting.value }]
var webPubSubSettings = empty(webPubSubName) ? [] : [
  { name: 'ConnectionStrings__webpubsub', value: webPubSub!.listKeys().primaryConnectionString }
]
var redisSettings = empty(redisName) ? [] : [
  {
    name: 'ConnectionStrings__redis'
    value: '${redis!.properties.hostName}:10000,password=${redis::database!.listKeys().primaryKey},ssl=True,abortConnect=False'
  }
]

resource app 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: concat([
        // Flex Consumption takes the runtime from functionAppConfig; FUNCTIONS_WORKER_RUNTIME is not allowed here.
        { name: 'AzureWebJobsStorage__accountName', value: storage.name }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identity.properties.clientId }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: applicationInsightsConnectionString }
        { name: 'OTEL_SERVICE_NAME', value: serviceName }
      ], webPubSubSettings, redisSettings, appSettings, secretSettings)
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainer}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        alwaysReady: [ { name: 'http', instanceCount: alwaysReadyInstances } ]
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
  dependsOn: [ storageOwner ]
}

output name string = app.name
output uri string = 'https://${app.properties.defaultHostName}'
