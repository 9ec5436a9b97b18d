// Azure Web PubSub: in Azure it is the client edge the local Relay stands in for.
// Its hub event handler points at Functions (configured after deploy, once the URL is known).
param location string
param tags object
param name string

@allowed([ 'Free_F1', 'Standard_S1', 'Premium_P1' ])
param sku string = 'Standard_S1'
param capacity int = 1

resource webPubSub 'Microsoft.SignalRService/webPubSub@2024-03-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: sku
    capacity: capacity
  }
  properties: {
    // Access keys sign client tokens and upstream requests, as AppHost's development key does locally.
    disableLocalAuth: false
    publicNetworkAccess: 'Enabled'
  }
}

output name string = webPubSub.name
output endpoint string = 'https://${webPubSub.properties.hostName}'
