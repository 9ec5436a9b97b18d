// Azure Managed Redis (Microsoft.Cache/redisEnterprise): scale-out stores and the Relay backplane.
// Azure Cache for Redis is being retired; this is its replacement.
param location string
param tags object
param name string
param skuName string = 'Balanced_B0'

resource cluster 'Microsoft.Cache/redisEnterprise@2024-10-01' = {
  name: name
  location: location
  tags: tags
  sku: { name: skuName }
  properties: {
    minimumTlsVersion: '1.2'
  }
}

resource database 'Microsoft.Cache/redisEnterprise/databases@2024-10-01' = {
  parent: cluster
  name: 'default'
  properties: {
    clientProtocol: 'Encrypted'
    port: 10000
    clusteringPolicy: 'EnterpriseCluster'
    evictionPolicy: 'NoEviction'
  }
}

// Consumers read the access key themselves (listKeys next to the app that needs it), so no secret is an output.
output name string = cluster.name
