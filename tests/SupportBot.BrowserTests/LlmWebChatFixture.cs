using System.Globalization;
using SupportBot.FakeOpenAi;

namespace SupportBot.BrowserTests;

/// Web Chat against the host in LLM mode, whose language model is the fake OpenAI-compatible server on loopback.
/// One host and one model for the class: each test says what the model answers and opens its own conversation.
public sealed class LlmWebChatFixture : IAsyncLifetime
{
    public const string ChatModel = "browser-test-chat";

    /// How often the host tries one model call: the first attempt and Llm:MaxRetryAttempts retries.
    public const int AttemptsPerCall = 3;

    /// Per attempt; an answer the fake delays longer than this is a timeout. Loopback answers take milliseconds, but
    /// Chromium shares the machine.
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(3);

    private FakeOpenAiServer? _model;

    public WebChatFixture WebChat { get; } = new();

    public FakeOpenAiServer Model => _model ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync()
    {
        // The model runs first: the host reads its address from the settings when it starts.
        _model = await FakeOpenAiServer.StartAsync();
        var settings = WebChat.Server.Settings;
        settings["Llm:Endpoint"] = _model.Endpoint;
        settings["Llm:ApiKey"] = FakeOpenAiServer.ApiKey;
        settings["Llm:ChatModel"] = ChatModel;
        settings["Llm:MaxRetryAttempts"] = (AttemptsPerCall - 1).ToString(CultureInfo.InvariantCulture);
        settings["Llm:AttemptTimeoutSeconds"] = AttemptTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture);
        // A failing model then costs a test seconds, not the production backoff.
        settings["Llm:RetryBaseDelaySeconds"] = "0.01";
        // The failures one test injects must not open the circuit breaker on the next test's calls.
        settings["Llm:CircuitMinimumThroughput"] = "1000";
        // The tests count the answer's calls; message classification has its own tests.
        settings["Llm:ClassifyMessages"] = "false";
        await WebChat.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await WebChat.DisposeAsync();
        if (_model is not null)
        {
            await _model.DisposeAsync();
        }
    }
}
