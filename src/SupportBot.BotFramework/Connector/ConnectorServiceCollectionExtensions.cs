using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using SupportBot.BotFramework.ManagedIdentity;

namespace SupportBot.BotFramework.Connector;

public static class ConnectorServiceCollectionExtensions
{
    /// Registers ConnectorClient and OutboundTokens with their HTTP pipelines. Channel calls retry on 429
    /// (after Retry-After), 412, 5xx, timeouts and network errors with jittered exponential backoff, each
    /// attempt under a timeout, behind a circuit breaker; what still fails is the caller's to keep (outbox).
    public static IServiceCollection AddBotFrameworkConnector(this IServiceCollection services)
    {
        services.AddOptions<ConnectorResilienceOptions>().BindConfiguration(ConnectorResilienceOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        // Without the factory's own request logging: it opens a logging scope for every reply, and what fails is
        // logged by the caller with the conversation it belongs to (traces still time every call).
        // The host's configuration holds the process environment, and lets a test give one host its own.
        services.TryAddSingleton(sp => sp.GetService<IConfiguration>() is { } configuration
            ? ManagedIdentityEnvironment.From(configuration)
            : ManagedIdentityEnvironment.FromProcess());
        services.AddHttpClient<OutboundTokens>()
            .RemoveAllLoggers()
            .AddStandardResilienceHandler();

        // The token service answers inside an invoke's 15-second budget, or not at all: one quick retry.
        services.AddHttpClient<UserTokens.UserTokenClient>()
            .RemoveAllLoggers()
            .AddStandardResilienceHandler(o =>
            {
                o.Retry.MaxRetryAttempts = 1;
                o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(5);
                o.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(11);
            });

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new ConversationPacing(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<BotSendBudget>();
        services.AddTransient<ConversationPacingHandler>();

        var connector = services.AddHttpClient<ConnectorClient>()
            .RemoveAllLoggers();
        connector.AddResilienceHandler("connector", (pipeline, context) =>
            {
                var settings = context.ServiceProvider.GetRequiredService<IOptions<ConnectorResilienceOptions>>().Value;
                pipeline.AddTimeout(settings.TotalTimeout);
                // Polly refuses a retry strategy with no retries; zero means "leave failures to the outbox".
                if (settings.MaxRetryAttempts > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = settings.MaxRetryAttempts,
                        Delay = settings.RetryBaseDelay,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        ShouldRetryAfterHeader = true,
                        // A Retry-After longer than the bot will wait ends the retries: the outbox takes over.
                        ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)
                            && !(args.Outcome.Result?.Headers.RetryAfter?.Delta > settings.MaxRetryAfter)),
                    });
                }
                // A 429 is one conversation over its limit, not a failing host: it pauses that conversation only.
                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = settings.CircuitFailureRatio,
                    MinimumThroughput = settings.CircuitMinimumThroughput,
                    SamplingDuration = settings.CircuitSamplingDuration,
                    BreakDuration = settings.CircuitBreakDuration,
                    ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome) && args.Outcome.Result?.StatusCode != HttpStatusCode.TooManyRequests),
                });
                pipeline.AddTimeout(settings.AttemptTimeout);
            })
            // One pipeline, and so one circuit breaker, per serviceUrl host: a failing region must not stop the others.
            .SelectPipelineByAuthority();
        // Inside the pipeline: each attempt, retries included, waits its conversation's turn and the bot's budget.
        connector.AddHttpMessageHandler<ConversationPacingHandler>();
        return services;
    }

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome)
        => outcome.Exception is HttpRequestException or Polly.Timeout.TimeoutRejectedException
           || outcome.Result?.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.PreconditionFailed or HttpStatusCode.RequestTimeout
               or >= HttpStatusCode.InternalServerError;
}
