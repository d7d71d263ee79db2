using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using SupportBot.BotFramework.ManagedIdentity;
using SupportBot.Settings;

namespace SupportBot.Llm;

internal static class LlmServices
{
    /// The language model and its HTTP pipeline: every chat and embedding call retries 429 (after Retry-After),
    /// 5xx, timeouts and network errors with jittered exponential backoff, each attempt under a timeout, behind a
    /// circuit breaker, all under a total timeout. What still fails is the caller's to handle: it answers
    /// extractively or hands over to a person.
    public static IServiceCollection AddLanguageModel(this IServiceCollection services)
    {
        services.AddSettings<LlmOptions>(LlmOptions.Section);
        services.AddHttpClient(LanguageModel.HttpClientName)
            .AddResilienceHandler(LanguageModel.HttpClientName, (pipeline, context) =>
            {
                var settings = context.ServiceProvider.GetRequiredService<IOptions<LlmOptions>>().Value;
                pipeline.AddTimeout(TimeSpan.FromSeconds(settings.TotalTimeoutSeconds));
                if (settings.MaxRetryAttempts > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = settings.MaxRetryAttempts,
                        Delay = TimeSpan.FromSeconds(settings.RetryBaseDelaySeconds),
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        ShouldRetryAfterHeader = true,
                        ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                    });
                }
                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = settings.CircuitFailureRatio,
                    MinimumThroughput = settings.CircuitMinimumThroughput,
                    SamplingDuration = TimeSpan.FromSeconds(30),
                    BreakDuration = TimeSpan.FromSeconds(settings.CircuitBreakSeconds),
                    ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                });
                pipeline.AddTimeout(TimeSpan.FromSeconds(settings.AttemptTimeoutSeconds));
            });
        // Its own client: the LLM's circuit breaker must not open on the identity endpoint's failures, nor its retries hide them.
        services.AddHttpClient(LanguageModel.IdentityHttpClientName).AddStandardResilienceHandler();
        services.TryAddSingleton(sp => ManagedIdentityEnvironment.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<LanguageModel>();
        return services;
    }

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome)
        => outcome.Exception is HttpRequestException or Polly.Timeout.TimeoutRejectedException
           || outcome.Result?.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout or >= HttpStatusCode.InternalServerError;
}
