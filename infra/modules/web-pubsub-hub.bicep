// The Web PubSub hub whose event handler is Functions. The handler URL carries the Function App's host key as
// `code=` (the Functions host checks it before any function runs); the key never leaves this deployment as an output.
param functionAppName string
@description('Web PubSub resource whose hub gets the event handler.')
param webPubSubName string
@description('Hub the clients connect to (the Relay\'s default hub locally).')
param hubName string = 'agents'
@description('Path of Functions\' CloudEvents handler (docs/protocol), with {hub} and {event}.')
param handlerPath string = '/api/webpubsub/hubs/{hub}/{event}'

resource functionApp 'Microsoft.Web/sites@2024-11-01' existing = {
  name: functionAppName
}

resource webPubSub 'Microsoft.SignalRService/webPubSub@2024-03-01' existing = {
  name: webPubSubName

  resource hub 'hubs' = {
    name: hubName
    properties: {
      anonymousConnectPolicy: 'deny'
      eventHandlers: [
        {
          urlTemplate: 'https://${functionApp.properties.defaultHostName}${handlerPath}?code=${listKeys('${functionApp.id}/host/default', '2024-11-01').functionKeys.default}'
          userEventPattern: '*'
          systemEvents: [ 'connect', 'connected', 'disconnected' ]
        }
      ]
    }
  }
}
