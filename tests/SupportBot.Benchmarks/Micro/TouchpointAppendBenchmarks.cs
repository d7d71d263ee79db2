using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Benchmarks.Load;
using SupportBot.Storage;
using SupportBot.Touchpoints;

namespace SupportBot.Benchmarks.Micro;

/// Appending one answer touchpoint to the default SQLite store (WAL, synchronous=NORMAL), as every turn does twice, and
/// the part of it every store call pays: taking a pooled connection and setting its per-connection pragmas.
[MemoryDiagnoser]
public class TouchpointAppendBenchmarks
{
    private InProcessSupportBot _host = null!;
    private TouchpointStore _store = null!;
    private Database _database = null!;
    private Touchpoint _touchpoint = null!;

    [GlobalSetup]
    public void Setup()
    {
        _host = InProcessSupportBot.WithoutServer();
        _store = _host.Services.GetRequiredService<TouchpointStore>();
        _database = _host.Services.GetRequiredService<Database>();
        _touchpoint = new Touchpoint
        {
            OccurredAt = DateTimeOffset.UtcNow,
            ConversationId = "benchmark-conversation",
            Channel = "msteams",
            CustomerId = "29:benchmark-customer",
            Kind = TouchpointKind.BotAnswer,
            Text = "To reset your password, open the app and tap Forgot password on the sign-in screen.",
            CitedArticleIds = ["account/reset-password"],
            Confidence = 0.82,
            LatencyMs = 1.4,
            ActivityId = "1700000000001",
        };
    }

    [GlobalCleanup]
    public void Cleanup() => _host.Dispose();

    [Benchmark]
    public Task Append() => _store.AppendAsync(_touchpoint);

    [Benchmark]
    public async Task OpenConnection()
    {
        await using var connection = await _database.OpenAsync();
    }
}
