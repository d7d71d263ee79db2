using System.Globalization;
using Dapper;
using Microsoft.Extensions.Options;
using SupportBot.Storage;
using SupportBot.Touchpoints;

namespace SupportBot.Handoff;

/// Records SLA breaches: every half minute each instance checks the open handoffs (and those of the last two days)
/// against their targets; a breach is written once, by whichever instance inserts it first, with an sla_breach
/// touchpoint for the agent who held the conversation.
internal sealed partial class SlaMonitor(
    HandoffStore handoffs, SlaClock clock, Database database, TouchpointStore touchpoints, IOptions<SlaOptions> options, TimeProvider time, ILogger<SlaMonitor> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Lookback = TimeSpan.FromDays(2);

    // One sweep at a time on this instance: a sweep that starts while another runs waits for it, so when it returns
    // every breach seen so far has its touchpoint.
    private readonly SemaphoreSlim _sweeping = new(1, 1);

    /// Records the breaches not recorded yet; returns how many this sweep recorded.
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        await _sweeping.WaitAsync(cancellationToken);
        try
        {
            return await SweepOnceAsync(cancellationToken);
        }
        finally
        {
            _sweeping.Release();
        }
    }

    public override void Dispose()
    {
        _sweeping.Dispose();
        base.Dispose();
    }

    private async Task<int> SweepOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var recorded = 0;
        foreach (var handoff in await handoffs.ListOpenOrSinceAsync(now - Lookback, cancellationToken))
        {
            foreach (var (target, at) in clock.Breaches(handoff, now))
            {
                if (await RecordAsync(handoff, target, at, cancellationToken))
                {
                    recorded++;
                    await touchpoints.AppendAsync(
                        new Touchpoint
                        {
                            OccurredAt = at,
                            ConversationId = handoff.ConversationId,
                            Channel = handoff.Channel,
                            CustomerId = handoff.CustomerId,
                            Kind = TouchpointKind.SlaBreach,
                            Reason = target,
                            Text = handoff.Queue,
                            AgentId = handoff.AgentId,
                        },
                        cancellationToken);
                    LogBreach(logger, handoff.ConversationId, target, handoff.Queue, handoff.AgentId);
                }
            }
        }
        return recorded;
    }

    private async Task<bool> RecordAsync(HandoffRecord handoff, string target, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO sla_breaches (handoff_id, target, queue, agent_id, breached_at) VALUES (@Id, @target, @Queue, @AgentId, @at)
            ON CONFLICT (handoff_id, target) DO NOTHING
            """,
            new { handoff.Id, target, handoff.Queue, handoff.AgentId, at = at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) },
            cancellationToken: cancellationToken)) == 1;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value is { FirstResponseMinutes: <= 0, ResolutionMinutes: <= 0, Queues.Count: 0 })
        {
            return;
        }
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SLA breach: conversation {ConversationId} missed its {Target} target in queue {Queue} (agent {AgentId})")]
    private static partial void LogBreach(ILogger logger, string conversationId, string target, string queue, string? agentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check SLA targets; the next sweep tries again")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
