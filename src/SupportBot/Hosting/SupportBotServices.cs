using Microsoft.Extensions.Options;
using SupportBot.Agents;
using SupportBot.Analytics;
using SupportBot.Answering;
using SupportBot.BotFramework;
using SupportBot.BotFramework.Authentication;
using SupportBot.BotFramework.Connector;
using SupportBot.Channels;
using SupportBot.Channels.BotFramework;
using SupportBot.Channels.DirectLine;
using SupportBot.Channels.Teams;
using SupportBot.Conversations;
using SupportBot.Credentials;
using SupportBot.Customers;
using SupportBot.Doctor;
using SupportBot.Handoff;
using SupportBot.Knowledge;
using SupportBot.Llm;
using SupportBot.Redis;
using SupportBot.Settings;
using SupportBot.Storage;
using SupportBot.Telemetry;
using SupportBot.Touchpoints;
using SupportBot.Touchpoints.External;
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
        services.AddTelemetry(builder.Configuration);
        // How long a stopping instance lets accepted turns finish (TurnDrain) before it cancels them.
        services.Configure<HostOptions>(options =>
            options.ShutdownTimeout = TimeSpan.FromSeconds(builder.Configuration.GetValue("Hosting:ShutdownTimeoutSeconds", 30)));

        services.AddSettings<StorageOptions>(StorageOptions.Section);
        services.AddSettings<KnowledgeOptions>(KnowledgeOptions.Section);
        services.AddSettings<AnsweringOptions>(AnsweringOptions.Section);
        services.AddSettings<WebOptions>(WebOptions.Section)
            .Validate(o => o.PublicBaseUrl.Length == 0 || (Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"),
                "Web:PublicBaseUrl must be an absolute http(s) URL such as https://support.example.com/, or empty.");
        services.AddSettings<BotFrameworkOptions>(BotFrameworkOptions.Section);
        if (builder.Environment.IsDevelopment())
        {
            // A developer's machine: the Emulator and test channels post without a token and listen on plain http.
            services.PostConfigure<BotFrameworkOptions>(bot =>
            {
                bot.AllowUnauthenticatedMessages = true;
                bot.AllowHttpOnLoopback = true;
            });
        }
        services.AddSettings<TeamsAppOptions>(TeamsAppOptions.Section);
        services.AddSettings<DoctorOptions>(DoctorOptions.Section);
        services.AddSingleton<DeploymentDoctor>();
        services.AddHostedService<DoctorAtStart>();
        services.AddSettings<TeamsFilesOptions>(TeamsFilesOptions.Section);
        services.AddSettings<DirectLineOptions>(DirectLineOptions.Section);

        // Storage
        services.AddSingleton(sp => new Database(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value, sp.GetRequiredService<IHostEnvironment>().ContentRootPath, sp.GetRequiredService<ILogger<Database>>()));
        services.AddSingleton<Migrator>();
        services.AddHostedService<StoreProbe>();
        services.AddExceptionHandler<StoreUnavailableHandler>();

        // Knowledge and answering
        services.AddSingleton<KnowledgeStore>();
        services.AddSingleton<KnowledgeIndex>();
        services.AddSingleton<SectionVectorStore>();
        services.AddSingleton<SectionEmbedder>();
        services.AddSingleton<KnowledgeIngestor>();
        services.AddSingleton<QueryBuilder>();
        services.AddSingleton(sp => HandoffTopics.Load(BesideKnowledge(sp, sp.GetRequiredService<IOptions<AnsweringOptions>>().Value.HandoffTopics)));
        services.AddSingleton(sp => Glossary.Load(BesideKnowledge(sp, sp.GetRequiredService<IOptions<AnsweringOptions>>().Value.Glossary)));
        services.AddSingleton<SectionSentences>();
        services.AddSingleton<HandoffTopicMatcher>();
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
        services.AddCustomers();
        services.AddExternalTouchpoints();
        services.AddSettings<InboxOptions>(InboxOptions.Section)
            .Validate(o => o.RecoveryInterval * 2 <= o.Lease, "Conversations:Inbox:RecoveryInterval must be at most half the Lease, so leases are renewed in time.");
        services.AddSingleton<InboundActivities>();
        services.AddSingleton<PendingTurns>();
        services.AddSingleton<FeedbackRecorder>();
        services.AddSingleton<TurnStartReader>();
        services.AddSingleton<EarlierRun>();
        services.AddSingleton<TurnHandler>();
        services.AddActivityHandlers();
        services.AddAnalytics();

        // Handoff to people
        services.AddSettings<HandoffOptions>(HandoffOptions.Section);
        services.AddSingleton<HandoffStore>();
        services.AddSingleton<HandoffSummarizer>();
        services.AddSingleton<ConversationSenders>();
        services.AddSingleton<IActivitySenderSource>(sp => sp.GetRequiredService<ConversationSenders>());
        services.AddSingleton<ITurnSenders>(sp => sp.GetRequiredService<ConversationSenders>());
        services.AddSingleton<ConversationDepartures>();
        services.AddSingleton<MessageLifecycle>();
        services.AddSingleton<CustomerMessageChanges>();
        services.AddSingleton<HandoffQueue>();
        services.AddSingleton<HandoffService>();
        services.AddSingleton<CustomerHandoff>();
        services.AddHandoffRouting();

        // Agents: the API (API keys or the console's sign-in), the console's accounts and its live hub
        services.AddAgents(builder.Configuration);
        services.AddRedis(builder.Configuration);
        if (builder.Configuration.GetSection(RedisOptions.Section).Get<RedisOptions>()?.IsConfigured == true)
        {
            // A conversation's turns run on one instance at a time, in arrival order, under a lock in Redis.
            services.AddSingleton<ConversationLocks>();
            services.AddSingleton<ConversationRunner>();
        }
        services.AddOpenApi();
        services.AddSingleton<ConversationLanes>();
        services.AddSingleton<TurnDispatcher>();
        services.AddHostedService<InboundActivityPruning>();

        // Direct Line channel
        services.AddSingleton(sp => new DirectLineTokens(
            SigningKeyFile.Resolve(
                sp.GetRequiredService<IOptions<DirectLineOptions>>().Value,
                sp.GetRequiredService<Database>().DataDirectory),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<DirectLineAuthenticator>();
        services.AddSingleton<RevocationStore>();
        services.AddSingleton<RevocationList>();
        services.AddSingleton<TokenRevocations>();
        services.AddSingleton<UserTokenValidator>();
        services.AddDirectLineCors();
        services.AddSingleton<DirectLineFanOut>();
        services.AddSingleton<DirectLineStore>();
        services.AddHostedService<DirectLineRelay>();
        services.AddSingleton<DirectLineAttachments>();
        services.AddSingleton<UploadQuotas>();
        services.AddSingleton<PublicAddress>();
        services.AddSingleton<DirectLineRequests>();
        services.AddSingleton<DirectLineTokenIssuer>();
        services.AddSingleton<DirectLineChannel>();
        // Erasure and retention close a customer's conversations through Direct Line (IErasedConversations).
        services.AddSingleton<ForgottenConversations>();
        services.AddHostedService(sp => sp.GetRequiredService<ForgottenConversations>());
        services.AddSingleton<IErasedConversations, DirectLineErasure>();
        services.AddSingleton<DirectLineUploads>();
        services.AddHostedService<DirectLineEviction>();

        // Bot Framework channel (Azure Bot Service, Teams): /api/messages in, the connector out
        services.AddHttpClient<SigningKeyCache>().AddStandardResilienceHandler();
        // Redirects are not followed: a trusted host's answer must not send the bot (or its token) anywhere else.
        services.AddHttpClient(TeamsFiles.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddSingleton<TeamsFiles>();
        services.AddSingleton<IInboundFiles>(sp => sp.GetRequiredService<TeamsFiles>());
        services.AddSingleton<BotAuthenticator>();
        services.AddBotFrameworkConnector();
        services.AddSingleton<ISharedSendBudget, SharedSendBudget>();
        services.AddSettings<OutboxOptions>(OutboxOptions.Section);
        services.AddSingleton<ConnectorOutbox>();
        services.AddSingleton<BotFrameworkSender>();
        services.AddSingleton<TeamsFileOffers>();
        services.AddSingleton<TeamsFileAnswers>();
        services.AddSingleton<TeamsFileConsent>();
        services.AddSingleton<IAgentFileDelivery, TeamsAgentFileDelivery>();
        services.AddSingleton<ITeamsFileOfferListener>(sp => sp.GetRequiredService<HandoffNotifier>());
        services.AddSingleton<TeamsInvokes>();
        services.AddTeamsMembersAndUploads();
        services.AddTeamsSignIn();
        services.AddSingleton<BotMessagesEndpoint>();

        services.AddHostedService<StoreInitializer>();
        // After the migration that creates its table.
        services.AddHostedService<AgentAccountSeeder>();
        // Hosted services start in registration order: the outbox is read only once the store is migrated.
        services.AddHostedService<ConnectorOutboxDrain>();
        services.AddHostedService(sp => sp.GetRequiredService<TeamsFileUploads>());
        // Takes over the turns an instance accepted but did not finish; it reads the store, so starts after migration.
        services.AddHostedService<InboundRecovery>();
        services.AddHostedService(sp => sp.GetRequiredService<TouchpointRetention>());
        // Its first sample reads the handoffs table, so it starts once the store is migrated.
        services.AddHostedService<HandoffQueueSampler>();
        // Registered last so that it stops first, while what the turns use is still running.
        services.AddHostedService<TurnDrain>();
        return builder;
    }

    // The operator's answering files (handoff topics, the glossary) live beside the knowledge base they go with.
    private static string BesideKnowledge(IServiceProvider services, string file) => Path.Combine(
        ContentPaths.Resolve(services.GetRequiredService<IOptions<KnowledgeOptions>>().Value.Path, services.GetRequiredService<IHostEnvironment>().ContentRootPath),
        file);
}
