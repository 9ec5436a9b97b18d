// AgentPlatform on Azure Container Apps, provisioned by `azd up`.
// The services get the same environment contract AppHost gives them locally
// (docs/operations/configuration.md), so none of them can tell where it runs.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; every resource name derives from it.')
param environmentName string

@minLength(1)
@description('Primary location for all resources.')
@metadata({ azd: { type: 'location' } })
param location string

@description('Object id of the deploying user or principal (AcrPush for image pushes).')
param principalId string = ''

@secure()
@description('Bearer key for registry writes (AgentPlatform__Keys__Registry).')
param registryKey string

@secure()
@description('Bearer key for the read-only admin APIs (AgentPlatform__Keys__Admin).')
param adminKey string

@secure()
@description('Token presented on the asp-v1 upgrade (AgentPlatform__Keys__AgentSocket).')
param agentSocketKey string

@description('Deploy Azure Managed Redis for scale-out stores and the Relay backplane.')
param deployRedis bool = false

param registryExists bool = false
param relayExists bool = false
param dashboardExists bool = false

@description('Public container image used only until azd deploys ours (first provision). Set AGENTPLATFORM_PLACEHOLDER_IMAGE.')
param placeholderImage string

var abbrs = loadJsonContent('./abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module monitoring './modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    location: location
    tags: tags
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
  }
}

module environment './modules/container-apps-environment.bicep' = {
  name: 'container-apps-environment'
  scope: rg
  params: {
    location: location
    tags: tags
    environmentName: '${abbrs.appManagedEnvironments}${resourceToken}'
    registryName: '${abbrs.containerRegistryRegistries}${resourceToken}'
    identityName: '${abbrs.managedIdentityUserAssignedIdentities}${resourceToken}'
    logAnalyticsWorkspaceName: monitoring.outputs.logAnalyticsWorkspaceName
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    principalId: principalId
  }
}

module webPubSub './modules/web-pubsub.bicep' = {
  name: 'web-pubsub'
  scope: rg
  params: {
    location: location
    tags: tags
    name: '${abbrs.signalRServiceWebPubSub}${resourceToken}'
  }
}

module redis './modules/redis.bicep' = if (deployRedis) {
  name: 'redis'
  scope: rg
  params: {
    location: location
    tags: tags
    name: '${abbrs.cacheRedisEnterprise}${resourceToken}'
  }
}

// Container apps reach each other by app name inside the environment. Functions runs outside it (a Function App),
// so the Registry it registers with has external ingress (writes need the registry key, admin reads the admin key).
var names = {
  registry: '${abbrs.appContainerApps}registry-${resourceToken}'
  functions: '${abbrs.webSitesFunctions}functions-${resourceToken}'
  relay: '${abbrs.appContainerApps}relay-${resourceToken}'
  dashboard: '${abbrs.appContainerApps}dashboard-${resourceToken}'
}
var urls = {
  relay: 'http://${names.relay}'
  // The Function App's default host name; the Relay calls it with the host key (x-functions-key).
  functions: 'https://${names.functions}.azurewebsites.net'
}
// OTEL_EXPORTER_OTLP_ENDPOINT is injected by the environment's managed OpenTelemetry agent.
var commonEnv = [
  { name: 'AgentPlatform__DataDir', value: '/tmp/agentplatform' }
]
var redisName = deployRedis ? redis!.outputs.name : ''
var redisEnv = deployRedis ? [ { name: 'ConnectionStrings__redis', secretRef: 'redis' } ] : []
var keySecrets = {
  'registry-key': registryKey
  'admin-key': adminKey
  'agent-socket-key': agentSocketKey
}

module registryApp './modules/container-app.bicep' = {
  name: 'registry'
  scope: rg
  params: {
    name: names.registry
    serviceName: 'registry'
    location: location
    tags: tags
    exists: registryExists
    placeholderImage: placeholderImage
    environmentId: environment.outputs.environmentId
    registryServer: environment.outputs.registryLoginServer
    identityId: environment.outputs.identityId
    external: true
    redisName: redisName
    secrets: keySecrets
    env: concat(commonEnv, redisEnv, [
      { name: 'AgentPlatform__Keys__Registry', secretRef: 'registry-key' }
      { name: 'AgentPlatform__Keys__Admin', secretRef: 'admin-key' }
    ])
  }
}

module functionsApp './modules/function-app.bicep' = {
  name: 'functions'
  scope: rg
  params: {
    name: names.functions
    serviceName: 'functions'
    location: location
    tags: tags
    planName: '${abbrs.webServerFarms}functions-${resourceToken}'
    storageAccountName: '${abbrs.storageStorageAccounts}${resourceToken}'
    identityName: '${abbrs.managedIdentityUserAssignedIdentities}functions-${resourceToken}'
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    webPubSubName: webPubSub.outputs.name
    redisName: redisName
    appSettings: [
      { name: 'AgentPlatform__DataDir', value: '/tmp/agentplatform' }
      // RegistrationService reads services:registry:http:0; the value is the Registry's public https URL.
      { name: 'services__registry__http__0', value: registryApp.outputs.uri }
      { name: 'Functions__Registration__PublicUrl', value: urls.functions }
    ]
    secretAppSettings: {
      AgentPlatform__Keys__Registry: registryKey
      AgentPlatform__Keys__AgentSocket: agentSocketKey
    }
  }
}

// Azure Web PubSub calls Functions' CloudEvents handler with the host key in the URL.
module webPubSubHub './modules/web-pubsub-hub.bicep' = {
  name: 'web-pubsub-hub'
  scope: rg
  params: {
    webPubSubName: webPubSub.outputs.name
    functionAppName: functionsApp.outputs.name
  }
}

module relayApp './modules/container-app.bicep' = {
  name: 'relay'
  scope: rg
  params: {
    name: names.relay
    serviceName: 'relay'
    location: location
    tags: tags
    exists: relayExists
    placeholderImage: placeholderImage
    environmentId: environment.outputs.environmentId
    registryServer: environment.outputs.registryLoginServer
    identityId: environment.outputs.identityId
    external: true
    minReplicas: 1
    webPubSubName: webPubSub.outputs.name
    redisName: redisName
    functionAppName: functionsApp.outputs.name
    secrets: keySecrets
    env: concat(commonEnv, redisEnv, [
      { name: 'services__registry__http__0', value: registryApp.outputs.uri }
      // Not services__functions__…: that would also make the Relay's local Web PubSub face call Functions, which
      // Azure Web PubSub does here. Every call to Functions carries the host key.
      { name: 'Relay__Functions__Url', value: urls.functions }
      { name: 'Relay__Functions__Key', secretRef: 'functions-key' }
      { name: 'ConnectionStrings__webpubsub', secretRef: 'webpubsub' }
      { name: 'AgentPlatform__Keys__Registry', secretRef: 'registry-key' }
      { name: 'AgentPlatform__Keys__Admin', secretRef: 'admin-key' }
      { name: 'AgentPlatform__Keys__AgentSocket', secretRef: 'agent-socket-key' }
    ])
  }
}

module dashboardApp './modules/container-app.bicep' = {
  name: 'dashboard'
  scope: rg
  params: {
    name: names.dashboard
    serviceName: 'dashboard'
    location: location
    tags: tags
    exists: dashboardExists
    placeholderImage: placeholderImage
    environmentId: environment.outputs.environmentId
    registryServer: environment.outputs.registryLoginServer
    identityId: environment.outputs.identityId
    external: true
    redisName: redisName
    secrets: keySecrets
    env: concat(commonEnv, redisEnv, [
      { name: 'services__registry__http__0', value: registryApp.outputs.uri }
      { name: 'services__relay__http__0', value: urls.relay }
      { name: 'services__functions__https__0', value: urls.functions }
      { name: 'AgentPlatform__Keys__Registry', secretRef: 'registry-key' }
      { name: 'AgentPlatform__Keys__Admin', secretRef: 'admin-key' }
    ])
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = environment.outputs.registryLoginServer
output AZURE_CONTAINER_APPS_ENVIRONMENT_ID string = environment.outputs.environmentId
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.applicationInsightsConnectionString
output AZURE_WEBPUBSUB_ENDPOINT string = webPubSub.outputs.endpoint
output SERVICE_REGISTRY_URI string = registryApp.outputs.uri
output SERVICE_FUNCTIONS_URI string = functionsApp.outputs.uri
output SERVICE_RELAY_URI string = relayApp.outputs.uri
output SERVICE_DASHBOARD_URI string = dashboardApp.outputs.uri
