using Microsoft.Extensions.Options;
using SupportBot.Agents;
using SupportBot.Analytics;
using SupportBot.Answering;
using SupportBot.BotFramework;
using SupportBot.BotFramework.Authentication;
using SupportBot.BotFramework.Connector;
using SupportBot.Channels.BotFramework;
using SupportBot.Channels.DirectLine;
using SupportBot.Channels.Teams;
using SupportBot.Conversations;
using SupportBot.Handoff;
using SupportBot.Knowledge;
using SupportBot.Llm;
using SupportBot.Storage;
using SupportBot.Touchpoints;
using SupportBot.Web;

namespace SupportBot.Hosting;

internal static class SupportBotServices
{
    public static WebApplicationBuilder AddSupportBot(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddProblemDetails();
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store", tags: [StoreHealthCheck.ReadyTag]);

        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<KnowledgeOptions>().BindConfiguration(KnowledgeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AnsweringOptions>().BindConfiguration(AnsweringOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WebOptions>().BindConfiguration(WebOptions.Section);
        services.AddOptions<BotFrameworkOptions>().BindConfiguration(BotFrameworkOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TeamsAppOptions>().BindConfiguration(TeamsAppOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DirectLineOptions>().BindConfiguration(DirectLineOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        // Storage
        services.AddSingleton(sp => new SqliteDatabase(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString, sp.GetRequiredService<IHostEnvironment>().ContentRootPath));
        services.AddSingleton<SqliteMigrator>();

        // Knowledge and answering
        services.AddSingleton<KnowledgeStore>();
        services.AddSingleton<KnowledgeIndex>();
        services.AddSingleton<SectionVectorStore>();
        services.AddSingleton<SectionEmbedder>();
        services.AddSingleton<KnowledgeIngestor>();
        services.AddSingleton<QueryBuilder>();
        services.AddSingleton<Answerer>();
        services.AddSingleton<SuggestionFinder>();
        services.AddLanguageModel();
        services.AddSingleton<QueryRewriter>();
        services.AddSingleton<MessageClassifier>();
        services.AddSingleton<AnswerGuard>();
        services.AddSingleton<QuestionEmbedder>();
        services.AddSingleton<GroundedAnswerer>();
        services.AddSingleton<AnswerPipeline>();

        // Conversations and touchpoints
        services.AddSingleton<TouchpointStore>();
        services.AddSingleton<ActivityDeduplicator>();
        services.AddSingleton<FeedbackRecorder>();
        services.AddSingleton<TurnHandler>();
        services.AddAnalytics();

        // Handoff to people
        services.AddOptions<HandoffOptions>().BindConfiguration(HandoffOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<HandoffStore>();
        services.AddSingleton<HandoffSummarizer>();
        services.AddSingleton<ConversationSenders>();
        services.AddSingleton<HandoffService>();

        // Agents: the API (API keys or the console's sign-in), the console's accounts and its live hub
        services.AddAgents(builder.Configuration);
        services.AddOpenApi();
        services.AddSingleton<ConversationLanes>();
        services.AddSingleton<TurnDispatcher>();
        services.AddHostedService<InboundActivityPruning>();

        // Direct Line channel
        services.AddSingleton(sp => new DirectLineTokens(
            SigningKeyFile.Resolve(
                sp.GetRequiredService<IOptions<DirectLineOptions>>().Value,
                Path.GetDirectoryName(sp.GetRequiredService<SqliteDatabase>().FilePath) ?? sp.GetRequiredService<IHostEnvironment>().ContentRootPath),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<DirectLineAuthenticator>();
        services.AddSingleton<DirectLineStore>();
        services.AddSingleton<DirectLineAttachments>();
        services.AddSingleton<DirectLineChannel>();
        services.AddHostedService<DirectLineEviction>();

        // Bot Framework channel (Azure Bot Service, Teams): /api/messages in, the connector out
        services.AddHttpClient<SigningKeyCache>().AddStandardResilienceHandler();
        services.AddSingleton<BotAuthenticator>();
        services.AddBotFrameworkConnector();
        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ConnectorOutbox>();
        services.AddSingleton<BotFrameworkSender>();
        services.AddSingleton<TeamsInvokes>();
        services.AddSingleton<BotMessagesEndpoint>();

        services.AddHostedService<StoreInitializer>();
        // After the migration that creates its table.
        services.AddHostedService<AgentAccountSeeder>();
        // Hosted services start in registration order: the outbox is read only once the store is migrated.
        services.AddHostedService<ConnectorOutboxDrain>();
        return builder;
    }
}
