// One AgentPlatform service as a container app. Tagged azd-service-name so `azd deploy` finds it.
param name string
@description('The name in azure.yaml (registry, functions, relay, dashboard).')
param serviceName string
param location string
param tags object
@description('True once azd has deployed an image: re-provisioning keeps it.')
param exists bool
param environmentId string
param registryServer string
param identityId string
param external bool
param minReplicas int = 1
param maxReplicas int = 3
@description('Web PubSub resource whose connection string becomes the secret "webpubsub"; empty for none.')
param webPubSubName string = ''
@description('Azure Managed Redis cluster whose connection string becomes the secret "redis"; empty for none.')
param redisName string = ''
@description('Function App whose host key becomes the secret "functions-key"; empty for none.')
param functionAppName string = ''
@secure()
@description('Secrets, name to value; a secure object so the values stay out of deployment history.')
param secrets object = {}
param env array = []
@description('Image for the first provision, before azd has pushed one of ours (any public HTTP container).')
param placeholderImage string

resource existingApp 'Microsoft.App/containerApps@2024-03-01' existing = if (exists) {
  name: name
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

resource functionApp 'Microsoft.Web/sites@2024-11-01' existing = if (!empty(functionAppName)) {
  name: functionAppName
}

var givenSecrets = [for secret in items(secrets): { name: secret.key, value: secret.value }]
// Secrets are read here, next to their one consumer, so none of them travels as a module output.
var webPubSubSecret = empty(webPubSubName) ? [] : [ { name: 'webpubsub', value: webPubSub!.listKeys().primaryConnectionString } ]
var redisSecret = empty(redisName) ? [] : [
  {
    name: 'redis'
    value: '${redis!.properties.hostName}:10000,password=${redis::database!.listKeys().primaryKey},ssl=True,abortConnect=False'
  }
]
var functionsKeySecret = empty(functionAppName) ? [] : [
  { name: 'functions-key', value: listKeys('${functionApp!.id}/host/default', '2024-11-01').functionKeys.default }
]
var image = exists ? existingApp!.properties.template.containers[0].image : placeholderImage

resource app 'Microsoft.App/containerApps@2024-03-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    managedEnvironmentId: environmentId
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: external
        targetPort: 8080
        transport: 'auto'
        allowInsecure: !external
      }
      registries: [
        {
          server: registryServer
          identity: identityId
        }
      ]
      secrets: concat(givenSecrets, webPubSubSecret, redisSecret, functionsKeySecret)
    }
    template: {
      containers: [
        {
          name: serviceName
          image: image
          env: concat(env, [
            { name: 'ASPNETCORE_URLS', value: 'http://+:8080' }
            { name: 'OTEL_SERVICE_NAME', value: serviceName }
          ])
          resources: {
            cpu: json('0.5')
            memory: '1Gi'
          }
          probes: [
            {
              type: 'Liveness'
              httpGet: { path: '/alive', port: 8080 }
            }
            {
              type: 'Readiness'
              httpGet: { path: '/health', port: 8080 }
            }
          ]
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
      }
    }
  }
}

output uri string = external ? 'https://${app.properties.configuration.ingress.fqdn}' : 'http://${app.name}'
output name string = app.name
