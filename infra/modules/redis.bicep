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

@secure()
@description('A StackExchange.Redis connection string, the form ConnectionStrings__redis takes locally.')
output connectionString string = '${cluster.properties.hostName}:10000,password=${database.listKeys().primaryKey},ssl=True,abortConnect=False'
