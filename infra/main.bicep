// SupportBot on Azure: an App Service (Linux, .NET 10) running the bot as a user-assigned managed identity, which is
// also the Azure Bot's identity (msaAppType UserAssignedMSI), so no bot password exists anywhere. The store is
// PostgreSQL Flexible Server, the instances meet in Azure Cache for Redis, secrets live in Key Vault and reach the
// app as Key Vault references, and OpenTelemetry exports to Application Insights. README: "Deploy to Azure".

targetScope = 'resourceGroup'

@description('Short name used in every resource name; letters and digits only.')
@minLength(3)
@maxLength(12)
param name string = 'supportbot'

@description('Region for everything except the Azure Bot, which is global.')
param location string = resourceGroup().location

@description('The name customers see in Teams.')
param botDisplayName string = 'SupportBot'

@description('App Service plan SKU: B1 for a trial, P0v3 or larger for production.')
@allowed(['B1', 'B2', 'B3', 'S1', 'P0v3', 'P1v3', 'P2v3'])
param appServiceSku string = 'B1'

@description('Instances of the app; more than one needs nothing else (PostgreSQL and Redis carry the shared state).')
@minValue(1)
@maxValue(10)
param instanceCount int = 1

@description('PostgreSQL administrator login; the app connects with it.')
param postgresAdminLogin string = 'supportbot'

@description('PostgreSQL administrator password (8-128 characters, three of: upper, lower, digit, symbol).')
@secure()
@minLength(8)
param postgresAdminPassword string

@description('PostgreSQL compute: Standard_B1ms (Burstable) for a trial, Standard_D2ds_v5 (GeneralPurpose) for production.')
param postgresSku string = 'Standard_B1ms'

@description('The tier that goes with postgresSku.')
@allowed(['Burstable', 'GeneralPurpose'])
param postgresTier string = 'Burstable'

@description('Azure Cache for Redis SKU: Basic C0 for a trial, Standard C1 for production (replicated).')
@allowed(['Basic', 'Standard'])
param redisSku string = 'Basic'

@description('Redis capacity (C0 = 0, C1 = 1, ...).')
@minValue(0)
@maxValue(6)
param redisCapacity int = 0

@description('Direct Line secret for server-to-server token requests: at least 32 characters (openssl rand -base64 48).')
@secure()
@minLength(32)
param directLineSecret string

@description('HMAC key that signs Direct Line tokens, the same on every instance: at least 32 bytes (openssl rand -base64 48).')
@secure()
@minLength(32)
param directLineTokenSigningKey string

@description('Password of the first agent-console account, admin (at least 10 characters).')
@secure()
@minLength(10)
param agentAdminPassword string

@description('Optional OpenAI-compatible endpoint with its version path; empty runs without a language model.')
param llmEndpoint string = ''

@description('Chat model (or Azure OpenAI deployment) when llmEndpoint is set.')
param llmChatModel string = ''

@description('API key for llmEndpoint; empty with an endpoint means Entra ID (the managed identity needs a role on the Azure OpenAI resource).')
@secure()
param llmApiKey string = ''

var suffix = uniqueString(resourceGroup().id, name)
var appName = '${name}-${suffix}'
var vaultName = take('kv${name}${suffix}', 24)
var tenantId = tenant().tenantId
var publicBaseUrl = 'https://${appName}.azurewebsites.net'
var useLlm = !empty(llmEndpoint)
var useLlmKey = useLlm && !empty(llmApiKey)
// Built-in role "Key Vault Secrets User": read secret values, nothing else.
var keyVaultSecretsUserRole = '4633458b-17de-408a-b874-0445c86b69e6'

// The bot's identity: the app runs as it, reads Key Vault with it, and the Azure Bot trusts tokens it gets.
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${name}-id-${suffix}'
  location: location
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${name}-logs-${suffix}'
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${name}-ai-${suffix}'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: '${name}-pg-${suffix}'
  location: location
  sku: { name: postgresSku, tier: postgresTier }
  properties: {
    version: '16'
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    storage: { storageSizeGB: 32 }
    backup: { backupRetentionDays: 7, geoRedundantBackup: 'Disabled' }
    highAvailability: { mode: 'Disabled' }
    network: { publicNetworkAccess: 'Enabled' }
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: postgres
  name: 'supportbot'
  properties: { charset: 'UTF8', collation: 'en_US.utf8' }
}

// 0.0.0.0 to 0.0.0.0 is Azure's convention for "services inside Azure", App Service among them; the server still
// requires TLS and the password. A private endpoint closes it further (docs/deploy-azure.md).
resource postgresFromAzure 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = {
  parent: postgres
  name: 'AllowAzureServices'
  properties: { startIpAddress: '0.0.0.0', endIpAddress: '0.0.0.0' }
}

resource redis 'Microsoft.Cache/redis@2024-11-01' = {
  name: '${name}-redis-${suffix}'
  location: location
  properties: {
    sku: { name: redisSku, family: 'C', capacity: redisCapacity }
    enableNonSslPort: false
    minimumTlsVersion: '1.2'
    redisVersion: '6'
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: vaultName
  location: location
  properties: {
    tenantId: tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
  }
}

resource vaultReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, identity.id, keyVaultSecretsUserRole)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRole)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource storageSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'storage-connection-string'
  properties: {
    value: 'Host=${postgres.properties.fullyQualifiedDomainName};Database=${database.name};Username=${postgresAdminLogin};Password=${postgresAdminPassword};SSL Mode=Require'
  }
}

resource redisSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'redis-connection-string'
  properties: {
    value: '${redis.properties.hostName}:${redis.properties.sslPort},password=${redis.listKeys().primaryKey},ssl=True,abortConnect=False'
  }
}

resource directLineSecretValue 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'directline-secret'
  properties: { value: directLineSecret }
}

resource signingKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'directline-token-signing-key'
  properties: { value: directLineTokenSigningKey }
}

resource adminPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'agents-admin-password'
  properties: { value: agentAdminPassword }
}

resource llmKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (useLlmKey) {
  parent: vault
  name: 'llm-api-key'
  properties: { value: llmApiKey }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${name}-plan-${suffix}'
  location: location
  kind: 'linux'
  sku: { name: appServiceSku, capacity: instanceCount }
  properties: { reserved: true }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      linuxFxVersion: 'DOTNETCORE|10.0'
      appCommandLine: 'dotnet SupportBot.dll serve'
      alwaysOn: true
      webSocketsEnabled: true
      healthCheckPath: '/healthz'
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      // The app's own configuration keys with ':' written '__' (README, "Configuration").
      appSettings: [
        { name: 'ASPNETCORE_ENVIRONMENT', value: 'Production' }
        // appsettings.json listens on localhost:5000; App Service forwards to 8080 on every interface.
        { name: 'Urls', value: 'http://0.0.0.0:8080' }
        { name: 'WEBSITES_PORT', value: '8080' }
        { name: 'Web__PublicBaseUrl', value: publicBaseUrl }
        // App Service's front ends reach the app from link-local addresses; trust their X-Forwarded-For / -Proto only.
        { name: 'Hosting__KnownNetworks__0', value: '169.254.0.0/16' }
        { name: 'Storage__Provider', value: 'postgres' }
        { name: 'Storage__ConnectionString', value: '@Microsoft.KeyVault(SecretUri=${storageSecret.properties.secretUri})' }
        { name: 'Redis__ConnectionString', value: '@Microsoft.KeyVault(SecretUri=${redisSecret.properties.secretUri})' }
        { name: 'Bot__MicrosoftAppId', value: identity.properties.clientId }
        { name: 'Bot__MicrosoftAppType', value: 'UserAssignedMSI' }
        { name: 'Bot__MicrosoftAppTenantId', value: tenantId }
        { name: 'DirectLine__Secret', value: '@Microsoft.KeyVault(SecretUri=${directLineSecretValue.properties.secretUri})' }
        { name: 'DirectLine__TokenSigningKey', value: '@Microsoft.KeyVault(SecretUri=${signingKeySecret.properties.secretUri})' }
        { name: 'Agents__Admin__Password', value: '@Microsoft.KeyVault(SecretUri=${adminPasswordSecret.properties.secretUri})' }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        { name: 'OpenTelemetry__ServiceName', value: appName }
        // Empty Llm__Endpoint: no language model. With an endpoint and no key the managed identity signs in (Entra ID).
        { name: 'Llm__Endpoint', value: llmEndpoint }
        { name: 'Llm__ChatModel', value: llmChatModel }
        { name: 'Llm__ApiKey', value: useLlmKey ? '@Microsoft.KeyVault(SecretUri=${llmKeySecret!.properties.secretUri})' : '' }
        { name: 'Llm__UseEntraId', value: string(useLlm && !useLlmKey) }
      ]
    }
  }
  dependsOn: [vaultReader]
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${name}-bot-${suffix}'
  location: 'global'
  kind: 'azurebot'
  sku: { name: 'F0' }
  properties: {
    displayName: botDisplayName
    endpoint: '${publicBaseUrl}/api/messages'
    msaAppId: identity.properties.clientId
    msaAppType: 'UserAssignedMSI'
    msaAppMSIResourceId: identity.id
    msaAppTenantId: tenantId
  }
}

// Teams is the one Azure Bot channel needed: Web Chat talks to the app's own Direct Line (/v3/directline), not to
// the Bot Service's, so no Direct Line channel key exists to leak.
resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: { isEnabled: true }
  }
}

@description('Where Web Chat, the agent console (/agent) and the dashboard are served.')
output appUrl string = publicBaseUrl

@description('The Azure Bot\'s messaging endpoint.')
output botEndpoint string = '${publicBaseUrl}/api/messages'

@description('The App Service to deploy the published app to (az webapp deploy).')
output appName string = app.name

@description('Bot:MicrosoftAppId: the managed identity\'s client id, for teams-manifest.')
output botAppId string = identity.properties.clientId

output botName string = bot.name
output keyVaultName string = vault.name
