using Microsoft.Extensions.Options;
using SupportBot.Answering;
using SupportBot.BotFramework.Schema;
using SupportBot.Customers;
using SupportBot.Localization;
using SupportBot.Touchpoints;

namespace SupportBot.Handoff;

/// The agents' side of a handoff: what the console and the agent API do with a conversation people have (claim,
/// reply, send a file or the typing indicator, transfer, resolve). Only the agent holding it (or a supervisor) acts
/// on it. The customer's side is CustomerHandoff; the queue and the messages to the customer, HandoffQueue.
internal sealed partial class HandoffService(
    HandoffStore store,
    TouchpointStore touchpoints,
    IActivitySenderSource senders,
    HandoffQueue queue,
    IAgentLookup directory,
    IHandoffEvents notifier,
    RoutingSignal routingSignal,
    IOptions<HandoffOptions> options,
    TimeProvider time,
    ILogger<HandoffService> logger)
{
    // Agents' messages to one conversation go out one at a time, in the order they were sent. A fixed set of gates
    // picked by the conversation's hash, not one per conversation: those would be kept for every conversation an
    // agent ever answered. Two conversations sharing a gate only wait on each other's sends.
    private readonly SemaphoreSlim[] _outgoing = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    public async Task<IReadOnlyList<HandoffRecord>> ListOpenAsync(CancellationToken cancellationToken) => await store.ListOpenAsync(cancellationToken);

    public Task<HandoffRecord?> FindLatestAsync(string conversationId, CancellationToken cancellationToken) => store.FindLatestAsync(conversationId, cancellationToken);

    public async Task<HandoffResult> ClaimAsync(string conversationId, AgentIdentity agent, CancellationToken cancellationToken)
    {
        var handoff = await OpenHandoffAsync(conversationId, cancellationToken);
        if (handoff is null)
        {
            return HandoffResult.NotFound(conversationId);
        }
        var now = time.GetUtcNow();
        if (!await store.TryClaimAsync(handoff.Id, agent.Id, now, cancellationToken))
        {
            var current = await store.GetAsync(handoff.Id, cancellationToken) ?? handoff;
            return current.AgentId == agent.Id && current.State == HandoffStates.WithAgent
                ? HandoffResult.Done(current)
                : HandoffResult.Conflict(current, current.AgentId is null ? "The conversation is no longer waiting." : $"Agent '{current.AgentId}' already has the conversation.");
        }
        return HandoffResult.Done(await queue.AnnounceTakenAsync(handoff, agent, now, null, cancellationToken));
    }

    /// Round robin (HandoffQueue.AssignWaitingAsync): run by the router and on every instance's sweep.
    public Task<int> AssignWaitingAsync(CancellationToken cancellationToken) => queue.AssignWaitingAsync(cancellationToken);

    /// An agent's reply, delivered through the customer's channel in the order agents send them.
    public async Task<HandoffResult> SendAsync(string conversationId, AgentIdentity agent, string text, CancellationToken cancellationToken)
    {
        var handoff = await OpenHandoffAsync(conversationId, cancellationToken);
        if (Refusal(handoff, conversationId, agent) is { } refused)
        {
            return refused;
        }
        var gate = _outgoing[(int)((uint)StringComparer.Ordinal.GetHashCode($"{handoff!.Channel}/{conversationId}") % (uint)_outgoing.Length)];
        await gate.WaitAsync(cancellationToken);
        try
        {
            var activityId = await SendToCustomerAsync(handoff, text, agent.Name, cancellationToken);
            if (activityId is null && handoff.Route == HandoffRoutes.DirectLine)
            {
                return new HandoffResult(HandoffStatus.Unreachable, handoff, "The customer's conversation could not be reached.");
            }
            var now = time.GetUtcNow();
            var first = await store.MarkFirstReplyAsync(handoff.Id, now, cancellationToken);
            await touchpoints.AppendAsync(
                Touchpoint(handoff, TouchpointKind.AgentReply, text) with
                {
                    AgentId = agent.Id,
                    ActivityId = activityId,
                    // The first reply carries the first response time, from the claim.
                    DurationMs = first && handoff.ClaimedAt is { } claimed ? (now - claimed).TotalMilliseconds : null,
                },
                cancellationToken);
            notifier.PushAgentMessage(conversationId, agent, text, now);
            return HandoffResult.Done(handoff);
        }
        finally
        {
            gate.Release();
        }
    }

    /// To another agent (who holds it at once) or back into a queue (waiting for a claim); either must exist.
    public async Task<HandoffResult> TransferAsync(string conversationId, AgentIdentity agent, string? toAgent, string? toQueue, CancellationToken cancellationToken)
    {
        var handoff = await OpenHandoffAsync(conversationId, cancellationToken);
        if (Refusal(handoff, conversationId, agent) is { } refused)
        {
            return refused;
        }
        var holder = handoff!.AgentId!;
        string where;
        string notice;
        var messages = BotMessages.For(handoff.Locale);
        if (!string.IsNullOrWhiteSpace(toAgent))
        {
            if (await directory.FindAsync(toAgent, cancellationToken) is not { } target)
            {
                LogUnknownTarget(logger, conversationId, agent.Id, $"agent:{toAgent}");
                return HandoffResult.UnknownTarget(handoff, $"There is no agent '{toAgent}': name a console account, an API key's agent or an agent signed in now.");
            }
            if (!await store.TryReassignAsync(handoff.Id, holder, target.Id, cancellationToken))
            {
                return HandoffResult.Conflict(handoff, "The conversation changed hands meanwhile.");
            }
            // The customer learns who takes over by name, never by an id that may be a sign-in name (UPN).
            var shown = string.IsNullOrWhiteSpace(target.Name) || target.Name == target.Id ? messages.TransferredToAnotherAgent : messages.TransferredToAgent(target.Name);
            (where, notice) = ($"agent:{target.Id}", shown);
            handoff = handoff with { AgentId = target.Id };
        }
        else
        {
            var queue = string.IsNullOrWhiteSpace(toQueue) ? options.Value.DefaultQueue : toQueue.Trim();
            if (!options.Value.AllQueues.Contains(queue, StringComparer.Ordinal))
            {
                LogUnknownTarget(logger, conversationId, agent.Id, $"queue:{queue}");
                return HandoffResult.UnknownTarget(handoff, $"There is no queue '{queue}'. Queues: {string.Join(", ", options.Value.AllQueues)}.");
            }
            if (!await store.TryRequeueAsync(handoff.Id, holder, queue, cancellationToken))
            {
                return HandoffResult.Conflict(handoff, "The conversation changed hands meanwhile.");
            }
            (where, notice) = ($"queue:{queue}", messages.TransferredToQueue(queue));
            handoff = handoff with { State = HandoffStates.Queued, AgentId = null, Queue = queue };
        }
        await touchpoints.AppendAsync(Touchpoint(handoff, TouchpointKind.Transfer, where) with { AgentId = agent.Id }, cancellationToken);
        LogTransferred(logger, conversationId, agent.Id, where);
        notifier.PushQueueChanged(handoff);
        routingSignal.Poke();
        await SendToCustomerAsync(handoff, notice, null, cancellationToken);
        return HandoffResult.Done(handoff);
    }

    /// Hands the conversation back to the bot and asks the customer how it went.
    public async Task<HandoffResult> ResolveAsync(string conversationId, AgentIdentity agent, CancellationToken cancellationToken)
    {
        var handoff = await OpenHandoffAsync(conversationId, cancellationToken);
        if (Refusal(handoff, conversationId, agent) is { } refused)
        {
            return refused;
        }
        var now = time.GetUtcNow();
        if (!await store.TryCloseAsync(handoff!.Id, HandoffStates.Resolved, now, cancellationToken))
        {
            return HandoffResult.Conflict(handoff, "The conversation was closed meanwhile.");
        }
        var resolved = handoff with { State = HandoffStates.Resolved, ClosedAt = now };
        await touchpoints.AppendAsync(
            Touchpoint(resolved, TouchpointKind.Resolution, null) with { AgentId = agent.Id, DurationMs = (now - (handoff.ClaimedAt ?? handoff.QueuedAt)).TotalMilliseconds },
            cancellationToken);
        LogResolved(logger, conversationId, agent.Id);
        notifier.PushQueueChanged(resolved);
        routingSignal.Poke();
        var messages = BotMessages.For(resolved.Locale);
        await SendToCustomerAsync(resolved, messages.HandedBack(agent.Name), null, cancellationToken);
        await SendToCustomerAsync(resolved, null, null, cancellationToken, SurveyCard.Create(resolved.Id, messages));
        return HandoffResult.Done(resolved);
    }

    private Task<HandoffRecord?> OpenHandoffAsync(string conversationId, CancellationToken cancellationToken)
        => queue.FindOpenAsync(conversationId, cancellationToken);

    // Only the agent holding a conversation (or a supervisor) acts on it.
    private static HandoffResult? Refusal(HandoffRecord? handoff, string conversationId, AgentIdentity agent)
    {
        if (handoff is null)
        {
            return HandoffResult.NotFound(conversationId);
        }
        if (handoff.State != HandoffStates.WithAgent)
        {
            return HandoffResult.Conflict(handoff, "The conversation is waiting in the queue: claim it first.");
        }
        return handoff.AgentId == agent.Id || agent.IsSupervisor
            ? null
            : HandoffResult.Forbidden(handoff, $"Agent '{handoff.AgentId}' has this conversation.");
    }

    private Task<string?> SendToCustomerAsync(HandoffRecord handoff, string? text, string? fromName, CancellationToken cancellationToken, Attachment? attachment = null)
        => queue.SendToCustomerAsync(handoff, text, fromName, cancellationToken, attachment);

    private Touchpoint Touchpoint(HandoffRecord handoff, string kind, string? text) => queue.Touchpoint(handoff, kind, text);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {AgentId} transferred conversation {ConversationId} to {Target}")]
    private static partial void LogTransferred(ILogger logger, string conversationId, string agentId, string target);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {AgentId} tried to transfer conversation {ConversationId} to {Target}, which does not exist")]
    private static partial void LogUnknownTarget(ILogger logger, string conversationId, string agentId, string target);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {AgentId} resolved conversation {ConversationId}")]
    private static partial void LogResolved(ILogger logger, string conversationId, string agentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {ConversationId} could not be reached to deliver a message")]
    private static partial void LogUnreachable(ILogger logger, string conversationId);
}
