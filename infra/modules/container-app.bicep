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
param secrets array = []
param env array = []
@description('Image for the first provision, before azd has pushed one of ours (any public HTTP container).')
param placeholderImage string

resource existingApp 'Microsoft.App/containerApps@2024-03-01' existing = if (exists) {
  name: name
}

resource webPubSub 'Microsoft.SignalRService/webPubSub@2024-03-01' existing = if (!empty(webPubSubName)) {
  name: webPubSubName
}

var webPubSubSecret = empty(webPubSubName) ? [] : [ { name: 'webpubsub', value: webPubSub!.listKeys().primaryConnectionString } ]
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
      secrets: concat(secrets, webPubSubSecret)
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
