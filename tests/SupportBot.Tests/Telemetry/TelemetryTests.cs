using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using SupportBot.Agents;
using SupportBot.Conversations;
using SupportBot.Telemetry;
using SupportBot.Tests.Conversations;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Telemetry;

// Meters and activity sources are seen process-wide: alone, the counts are this test's own.
[CollectionDefinition(nameof(TelemetryTests), DisableParallelization = true)]
public sealed class TelemetryRunsAlone;

/// What an OpenTelemetry exporter receives from the host: a span per turn with its decision, and the turn,
/// latency, escalation and queue metrics.
[Collection(nameof(TelemetryTests))]
public sealed class TelemetryTests
{
    [Fact]
    public async Task AnExporterSeesEachTurnAsASpanAndInTheMetrics()
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        using var factory = new SupportBotFactory
        {
            TestServices = services =>
            {
                // An exporter of the host's own starts the providers, with everything the product records.
                services.AddOpenTelemetry()
                    .WithTracing(tracing => tracing.AddInMemoryExporter(spans))
                    .WithMetrics(meters => meters.AddInMemoryExporter(metrics));
            },
        };
        _ = factory.Server;
        factory.Services.GetRequiredService<AgentPresence>().Seen("agent-on-duty");
        var sender = new RecordingSender();
        var conversation = Guid.NewGuid().ToString("N");

        var dispatcher = factory.Services.GetRequiredService<TurnDispatcher>();
        await dispatcher.DispatchAsync(CustomerMessages.Message(conversation, "q1", "How do I reset my password?"), sender, CancellationToken.None);
        await dispatcher.DispatchAsync(CustomerMessages.Message(conversation, "q2", "I want to talk to a person"), sender, CancellationToken.None);
        await factory.Services.GetRequiredService<ConversationLanes>().DrainAsync();
        await factory.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<HandoffQueueSampler>().Single().SampleAsync(CancellationToken.None);
        factory.Services.GetRequiredService<TracerProvider>().ForceFlush();
        factory.Services.GetRequiredService<MeterProvider>().ForceFlush();

        var turns = spans.Where(s => s.Source.Name == TurnTelemetry.Name && (string?)s.GetTagItem("supportbot.conversation_id") == conversation).ToList();
        Assert.Equal(["answer", "escalate"], turns.Select(s => (string?)s.GetTagItem("supportbot.decision")));
        Assert.All(turns, s => Assert.Equal("turn message", s.DisplayName));
        Assert.Equal("customer_asked", turns[1].GetTagItem("supportbot.escalation_reason"));

        Assert.Equal(2, Sum(metrics, "supportbot.turns", ("supportbot.channel", "test"), ("supportbot.outcome", "handled")));
        Assert.Equal(2, Count(metrics, "supportbot.turn.duration", ("supportbot.channel", "test")));
        Assert.Equal(1, Sum(metrics, "supportbot.escalations", ("supportbot.reason", "customer_asked")));
        Assert.Equal(1, Sum(metrics, "supportbot.handoff.queue.length"));
    }

    [Fact]
    public void With_nothing_to_export_to_no_span_or_metric_is_recorded()
    {
        using var factory = new SupportBotFactory();
        _ = factory.Server;

        Assert.Null(factory.Services.GetService<TracerProvider>());
        Assert.Null(factory.Services.GetService<MeterProvider>());
        Assert.False(TurnTelemetry.Source.HasListeners());
    }

    [Fact]
    public void A_configured_collector_starts_the_tracer_and_meter_providers()
    {
        using var factory = new SupportBotFactory();
        // Nothing listens there: the exporter only fails in the background, which is all a test may cause.
        factory.Settings["OpenTelemetry:Endpoint"] = "http://127.0.0.1:9";
        _ = factory.Server;

        Assert.NotNull(factory.Services.GetService<TracerProvider>());
        Assert.NotNull(factory.Services.GetService<MeterProvider>());
        Assert.True(TurnTelemetry.Source.HasListeners());
    }

    // The latest export of a metric: the points whose tags include the given ones.
    private static List<MetricPoint> Points(List<Metric> exported, string name, (string Key, string Value)[] tags)
    {
        var metric = exported.Last(m => m.Name == name);
        var points = new List<MetricPoint>();
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            var pointTags = new Dictionary<string, object?>();
            foreach (var tag in point.Tags)
            {
                pointTags[tag.Key] = tag.Value;
            }
            if (tags.All(t => Equals(pointTags.GetValueOrDefault(t.Key), t.Value)))
            {
                points.Add(point);
            }
        }
        return points;
    }

    private static long Sum(List<Metric> exported, string name, params (string Key, string Value)[] tags)
        => Points(exported, name, tags).Sum(p => exported.Last(m => m.Name == name).MetricType == MetricType.LongGauge ? p.GetGaugeLastValueLong() : p.GetSumLong());

    private static long Count(List<Metric> exported, string name, params (string Key, string Value)[] tags)
        => Points(exported, name, tags).Sum(p => p.GetHistogramCount());
}
