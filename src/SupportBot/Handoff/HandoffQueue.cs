using Microsoft.Extensions.Options;
using SupportBot.BotFramework.Schema;
using SupportBot.Localization;
using SupportBot.Replies;
using SupportBot.Touchpoints;

namespace SupportBot.Handoff;

/// What both sides of a handoff share: the queue (a customer's place in it, those behind told when someone leaves),
/// round robin's assignments, and the messages the customer gets from people through their own channel. The customer's
/// side (CustomerHandoff) and the agents' (HandoffService) both move handoffs through it.
internal sealed partial class HandoffQueue(
    HandoffStore store,
    TouchpointStore touchpoints,
    IActivitySenderSource senders,
    IAgentLookup directory,
    IHandoffEvents notifier,
    IAgentAvailability availability,
    AssignmentStore assignments,
    RoutingSignal routingSignal,
    IOptions<RoutingOptions> routing,
    IOptions<HandoffOptions> options,
    TimeProvider time,
    ILogger<HandoffQueue> logger)
{
    /// The queue name external handoffs are kept under, and the agent id their touchpoints carry.
    public const string ExternalQueue = "external";

    public async Task<HandoffRecord?> FindOpenAsync(string conversationId, CancellationToken cancellationToken)
        => await store.FindLatestAsync(conversationId, cancellationToken) is { IsOpen: true } open ? open : null;

    // A queued handoff is the agent's now (claimed, or assigned by round robin): logged, pushed, told to the customer
    // and to those waiting behind.
    public async Task<HandoffRecord> AnnounceTakenAsync(HandoffRecord handoff, AgentIdentity agent, DateTimeOffset now, string? how, CancellationToken cancellationToken)
    {
        var taken = handoff with { State = HandoffStates.WithAgent, AgentId = agent.Id, ClaimedAt = handoff.ClaimedAt ?? now };
        await touchpoints.AppendAsync(
            Touchpoint(taken, TouchpointKind.Claimed, null) with { AgentId = agent.Id, Reason = how, DurationMs = (now - handoff.QueuedAt).TotalMilliseconds },
            cancellationToken);
        LogClaimed(logger, handoff.ConversationId, agent.Id);
        notifier.PushQueueChanged(taken);
        await SendToCustomerAsync(taken, BotMessages.For(taken.Locale).AgentJoined(agent.Name), null, cancellationToken);
        await UpdateWaitingAsync(handoff, cancellationToken);
        return taken;
    }

    /// Round robin: every queued handoff of a round-robin queue, oldest first, to the available agent with a free
    /// seat who waited longest. Run when a seat may have freed or an agent arrived, and on every instance's sweep;
    /// the store decides each assignment, so instances running it at once never assign a handoff or a seat twice.
    public Task<int> AssignWaitingAsync(CancellationToken cancellationToken)
        => routingSignal.ExclusiveAsync(() => AssignAllWaitingAsync(cancellationToken), cancellationToken);

    private async Task<int> AssignAllWaitingAsync(CancellationToken cancellationToken)
    {
        var open = await store.ListOpenAsync(cancellationToken);
        var waiting = open.Where(IsRoundRobin).ToList();
        if (waiting.Count == 0)
        {
            return 0;
        }
        var agents = await availability.ListAsync(open, cancellationToken);
        var assigned = 0;
        foreach (var handoff in waiting)
        {
            if (await TryAssignAsync(handoff, agents, cancellationToken) is not { } agent)
            {
                continue;
            }
            assigned++;
            agents = [.. agents.Select(a => a.AgentId == agent.AgentId ? a with { Load = a.Load + 1, LastAssignedAt = time.GetUtcNow() } : a)];
        }
        return assigned;
    }

    private bool IsRoundRobin(HandoffRecord handoff)
        => handoff.State == HandoffStates.Queued && handoff.Queue != ExternalQueue && routing.Value.ModeOf(handoff.Queue) == RoutingOptions.RoundRobin;

    /// A handoff just queued goes to an agent at once when its queue is round robin and a seat is free.
    public async Task<bool> TryAssignAsync(HandoffRecord handoff, CancellationToken cancellationToken)
        => IsRoundRobin(handoff)
           && await TryAssignAsync(handoff, await availability.ListAsync(await store.ListOpenAsync(cancellationToken), cancellationToken), cancellationToken) is not null;

    // The candidates in turn until the store accepts one: another instance may have filled a seat meanwhile.
    private async Task<AgentState?> TryAssignAsync(HandoffRecord handoff, IReadOnlyList<AgentState> agents, CancellationToken cancellationToken)
    {
        foreach (var candidate in availability.CandidatesFor(agents, handoff.Queue, routing.Value))
        {
            var now = time.GetUtcNow();
            if (!await assignments.TryAssignAsync(handoff.Id, candidate.AgentId, candidate.Capacity, now, cancellationToken))
            {
                if (await store.GetAsync(handoff.Id, cancellationToken) is not { State: HandoffStates.Queued })
                {
                    return null;
                }
                continue;
            }
            var found = await directory.FindAsync(candidate.AgentId, cancellationToken);
            var agent = new AgentIdentity(candidate.AgentId, string.IsNullOrWhiteSpace(found?.Name) ? candidate.AgentId : found.Name, found?.Role ?? AgentIdentity.AgentRole);
            var taken = await AnnounceTakenAsync(handoff, agent, now, "round_robin", cancellationToken);
            notifier.PushAssigned(agent.Id, taken);
            return candidate;
        }
        return null;
    }

    /// Where a queued handoff stands: its place in its queue and the wait to tell the customer.
    public async Task<(int Position, int Minutes)> PlaceOfAsync(HandoffRecord handoff, CancellationToken cancellationToken)
    {
        var queued = (await store.ListOpenAsync(cancellationToken)).Where(h => h.State == HandoffStates.Queued && h.Queue == handoff.Queue).ToList();
        var position = Math.Max(1, queued.FindIndex(h => h.Id == handoff.Id) + 1);
        return (position, position * options.Value.MinutesPerCustomer);
    }

    /// Someone left the queue: everyone who waited behind them moves up, and is told so.
    public async Task UpdateWaitingAsync(HandoffRecord left, CancellationToken cancellationToken)
    {
        if (left.State != HandoffStates.Queued || left.Queue == ExternalQueue)
        {
            return;
        }
        var behind = (await store.ListOpenAsync(cancellationToken))
            .Where(h => h.State == HandoffStates.Queued && h.Queue == left.Queue && h.QueuedAt >= left.QueuedAt && h.Id != left.Id)
            .ToList();
        foreach (var waiting in behind)
        {
            var (position, minutes) = await PlaceOfAsync(waiting, cancellationToken);
            await SendToCustomerAsync(waiting, BotMessages.For(waiting.Locale).QueuePosition(position, minutes), null, cancellationToken);
        }
    }

    /// A message from people to the customer, through the channel the customer uses; null when it cannot be reached.
    public async Task<string?> SendToCustomerAsync(HandoffRecord handoff, string? text, string? fromName, CancellationToken cancellationToken, Attachment? attachment = null)
    {
        var sender = await senders.ForAsync(handoff, cancellationToken);
        if (sender is null)
        {
            LogUnreachable(logger, handoff.ConversationId);
            return null;
        }
        ReplyCustomer.Current = handoff.CustomerId;
        var message = HandoffActivities.Message(handoff.Reference, text ?? string.Empty, fromName);
        if (attachment is not null)
        {
            message = message with { Text = null, TextFormat = null, Attachments = [attachment] };
        }
        return await sender.SendAsync(message, cancellationToken);
    }

    /// A touchpoint of the handoff's conversation, at the time it is logged.
    public Touchpoint Touchpoint(HandoffRecord handoff, string kind, string? text) => new()
    {
        OccurredAt = time.GetUtcNow(),
        ConversationId = handoff.ConversationId,
        Channel = handoff.Channel,
        CustomerId = handoff.CustomerId,
        Kind = kind,
        Text = text,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {AgentId} claimed conversation {ConversationId}")]
    private static partial void LogClaimed(ILogger logger, string conversationId, string agentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {ConversationId} could not be reached to deliver a message")]
    private static partial void LogUnreachable(ILogger logger, string conversationId);
}
