using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using SupportBot.Agents;
using SupportBot.Answering;
using SupportBot.BotFramework.Schema;
using SupportBot.Conversations;
using SupportBot.Customers;
using SupportBot.Localization;
using SupportBot.Touchpoints;

namespace SupportBot.Handoff;

/// The handoff state machine: bot → queued → with an agent → resolved (survey) → bot, or queued → cancelled →
/// bot; when nobody can take the conversation (outside business hours, no agent online), bot → leaving a
/// message → ticket → bot. In external mode a contact-centre takes the conversation through the Bot Framework
/// handoff events instead of the console. Turns call it on their conversation's lane; agents call it from the
/// API. Every step is a touchpoint, and every message to the customer goes through the channel the customer uses.
internal sealed partial class HandoffService(
    HandoffStore store,
    TouchpointStore touchpoints,
    CustomerStore customers,
    CustomerVerifications verifications,
    ICustomerProfileLookup profiles,
    ConversationSenders senders,
    HandoffSummarizer summarizer,
    AgentDirectory directory,
    HandoffNotifier notifier,
    AgentAvailability availability,
    AssignmentStore assignments,
    RoutingSignal routingSignal,
    TicketService tickets,
    IOptions<RoutingOptions> routing,
    IOptions<HandoffOptions> options,
    TimeProvider time,
    ILogger<HandoffService> logger)
{
    /// The queue name external handoffs are kept under, and the agent id their touchpoints carry.
    public const string ExternalQueue = "external";

    // Agents' messages to one conversation go out one at a time, in the order they were sent. A fixed set of gates
    // picked by the conversation's hash, not one per conversation: those would be kept for every conversation an
    // agent ever answered. Two conversations sharing a gate only wait on each other's sends.
    private readonly SemaphoreSlim[] _outgoing = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    /// Escalations that bring a person in at once; the others (not sure, out of scope, an account action) offer
    /// one, and the customer's "yes" is a request for a person.
    public static bool BringsInPerson(AnswerResult answer)
        => answer.Decision == AnswerDecision.Escalate
           && answer.EscalationReason is EscalationReasons.CustomerAsked or EscalationReasons.NegativeSentiment or EscalationReasons.RepeatedFailure;

    // The brief opens with who the customer proved to be, so the agent can act on their account.
    private static string VerifiedLine(VerifiedIdentity? verified)
        => verified is null ? string.Empty : $"Verified as {verified.Display} (signed in on {verified.Channel}).\n\n";

    // Who the channel says the customer is (Teams' roster), for agents to find their account by.
    private static string ProfileLine(CustomerProfile? profile)
        => profile is null ? string.Empty : $"Teams profile: {profile.Display}.\n\n";

    public static bool IsCancel(string text) => CancelPattern().IsMatch(text.Trim());

    public Task<HandoffRecord?> FindOpenAsync(Activity activity, CancellationToken cancellationToken)
        => store.FindOpenAsync(activity.ChannelId ?? string.Empty, activity.Conversation?.Id ?? string.Empty, cancellationToken);

    /// Hands the turn's conversation to people: queued for the console (the customer is told their place and
    /// wait), handed to an external contact-centre, or, when nobody can take it, a message left for the team.
    public async Task OpenAsync(InboundTurn turn, AnswerResult answer, string customerId, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        var conversationId = activity.Conversation!.Id!;
        var transcript = await touchpoints.GetConversationAsync(conversationId, cancellationToken);
        var reason = answer.EscalationReason ?? EscalationReasons.CustomerAsked;
        var now = time.GetUtcNow();
        var settings = options.Value;
        var messages = BotMessages.For(answer.Language);
        var available = settings.IsExternal || (settings.Hours.IsOpen(now) && await availability.AnyAvailableAsync(cancellationToken));
        var (handoff, created) = await store.OpenAsync(
            new HandoffRecord
            {
                Channel = activity.ChannelId ?? "unknown",
                ConversationId = conversationId,
                CustomerId = customerId,
                State = available ? HandoffStates.Queued : HandoffStates.LeavingMessage,
                Reason = reason,
                Summary = VerifiedLine(await verifications.FindAsync(customerId, cancellationToken))
                    + ProfileLine(await profiles.FindOrLookUpAsync(activity, customerId, cancellationToken))
                    + await summarizer.SummarizeAsync(transcript, reason, cancellationToken),
                Queue = settings.IsExternal ? ExternalQueue : settings.DefaultQueue,
                Reference = activity.GetConversationReference(),
                Route = ConversationSenders.RouteOf(turn.Sender),
                Locale = answer.Language,
                QueuedAt = now,
            },
            cancellationToken);
        if (!created)
        {
            return;
        }
        await touchpoints.AppendAsync(Touchpoint(handoff, TouchpointKind.Queued, handoff.Summary) with { Reason = reason }, cancellationToken);
        LogQueued(logger, conversationId, handoff.Queue, reason);
        notifier.PushQueueChanged(handoff);
        if (handoff.State == HandoffStates.LeavingMessage)
        {
            var offline = settings.Hours.IsOpen(now) ? messages.OfflineNoAgents : messages.OutsideHours(settings.Hours.Describe(messages.Culture));
            await turn.Sender.SendAsync(activity.CreateReply(offline), cancellationToken);
        }
        else if (settings.IsExternal)
        {
            await turn.Sender.SendAsync(ExternalHandoff.Initiate(activity, handoff, transcript), cancellationToken);
        }
        else if (!await TryAssignAsync(handoff, cancellationToken))
        {
            var (position, minutes) = await PlaceOfAsync(handoff, cancellationToken);
            await turn.Sender.SendAsync(activity.CreateReply(messages.QueuePosition(position, minutes)), cancellationToken);
        }
    }

    /// A customer message while people have the conversation: never answered by the bot. "cancel" hands the
    /// conversation back to the bot; while leaving a message, the message is kept as a ticket.
    public async Task HandleCustomerMessageAsync(InboundTurn turn, HandoffRecord handoff, string text, CancellationToken cancellationToken)
    {
        var messages = BotMessages.For(handoff.Locale);
        if (IsCancel(text))
        {
            if (await store.TryCloseAsync(handoff.Id, HandoffStates.Cancelled, time.GetUtcNow(), cancellationToken))
            {
                await touchpoints.AppendAsync(Touchpoint(handoff, TouchpointKind.HandoffCancelled, text), cancellationToken);
                LogCancelled(logger, handoff.ConversationId);
                notifier.PushQueueChanged(handoff with { State = HandoffStates.Cancelled });
                routingSignal.Poke();
                await turn.Sender.SendAsync(turn.Activity.CreateReply(messages.HandoffCancelled), cancellationToken);
                await UpdateWaitingAsync(handoff, cancellationToken);
            }
            return;
        }
        if (handoff.State == HandoffStates.LeavingMessage
            && await store.TryCloseAsync(handoff.Id, HandoffStates.Ticket, time.GetUtcNow(), cancellationToken))
        {
            var contact = ContactDetails.Find(text);
            await touchpoints.AppendAsync(Touchpoint(handoff, TouchpointKind.Ticket, text) with { Reason = contact, ActivityId = turn.Activity.Id }, cancellationToken);
            LogTicket(logger, handoff.ConversationId);
            await tickets.CreateAsync(handoff, text, cancellationToken);
            await turn.Sender.SendAsync(turn.Activity.CreateReply(contact is null ? messages.TicketSavedInChat : messages.TicketSaved(contact)), cancellationToken);
        }
    }

    /// The external contact-centre's handoff.status: accepted (an agent has the conversation), completed (back to
    /// the bot) or failed (back to the bot, with an apology). Only in external mode, and only from the centre.
    public async Task HandleExternalStatusAsync(InboundTurn turn, string state, string? message, CancellationToken cancellationToken)
    {
        if (!options.Value.IsExternal)
        {
            LogStatusInConsoleMode(logger, turn.Activity.Conversation?.Id, state);
            return;
        }
        if (!ContactCentre.Sent(turn.Activity, options.Value))
        {
            LogStatusNotFromCentre(logger, turn.Activity.Conversation?.Id, state, turn.Activity.ChannelId, turn.Activity.CallerId ?? "none");
            return;
        }
        var handoff = await FindOpenAsync(turn.Activity, cancellationToken);
        if (handoff is null)
        {
            LogStatusIgnored(logger, turn.Activity.Conversation?.Id, state);
            return;
        }
        var now = time.GetUtcNow();
        switch (state)
        {
            case ExternalHandoff.Accepted when await store.TryAcceptExternallyAsync(handoff.Id, now, cancellationToken):
                await touchpoints.AppendAsync(
                    Touchpoint(handoff, TouchpointKind.Claimed, message) with { AgentId = ExternalQueue, DurationMs = (now - handoff.QueuedAt).TotalMilliseconds },
                    cancellationToken);
                break;
            case ExternalHandoff.Completed when await store.TryCloseAsync(handoff.Id, HandoffStates.Resolved, now, cancellationToken):
                await touchpoints.AppendAsync(
                    Touchpoint(handoff, TouchpointKind.Resolution, message) with { AgentId = ExternalQueue, DurationMs = (now - (handoff.ClaimedAt ?? handoff.QueuedAt)).TotalMilliseconds },
                    cancellationToken);
                break;
            case ExternalHandoff.Failed when await store.TryCloseAsync(handoff.Id, HandoffStates.Cancelled, now, cancellationToken):
                await touchpoints.AppendAsync(Touchpoint(handoff, TouchpointKind.HandoffCancelled, message) with { Reason = "external_failed" }, cancellationToken);
                await turn.Sender.SendAsync(turn.Activity.CreateReply(BotMessages.For(handoff.Locale).HandoffFailed), cancellationToken);
                break;
            default:
                LogStatusIgnored(logger, handoff.ConversationId, state);
                break;
        }
    }

    /// The customer's survey answer. Each resolved handoff of the conversation counts one, the first: the card
    /// stays clickable, and a second press (or a later change of heart) must not count twice in the agent's score,
    /// nor rewrite, long after, what the customer said when the conversation ended. Either way the customer is thanked.
    public async Task RecordSurveyAsync(InboundTurn turn, long handoffId, int rating, string? comment, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        var handoff = await store.GetAsync(handoffId, cancellationToken);
        if (await store.TryMarkSurveyedAsync(handoffId, activity.ChannelId ?? string.Empty, activity.Conversation?.Id ?? string.Empty, time.GetUtcNow(), cancellationToken))
        {
            await AppendSurveyAsync(activity, handoff!, rating, comment, cancellationToken);
        }
        else
        {
            LogSurveyIgnored(logger, activity.Conversation?.Id, handoffId);
        }
        await turn.Sender.SendAsync(activity.CreateReply(BotMessages.For(Languages.FromLocale(activity.Locale) ?? handoff?.Locale).SurveyThanks), cancellationToken);
    }

    private async Task AppendSurveyAsync(Activity activity, HandoffRecord handoff, int rating, string? comment, CancellationToken cancellationToken)
        => await touchpoints.AppendAsync(
            new Touchpoint
            {
                OccurredAt = time.GetUtcNow(),
                ConversationId = activity.Conversation?.Id ?? string.Empty,
                Channel = activity.ChannelId ?? "unknown",
                CustomerId = await customers.ResolveAsync(activity, cancellationToken: cancellationToken),
                Kind = TouchpointKind.Survey,
                Text = comment is null ? null : PersonalData.Redact(comment),
                Confidence = rating,
                AgentId = handoff.AgentId,
                ActivityId = activity.Id,
            },
            cancellationToken);

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
        return HandoffResult.Done(await AnnounceTakenAsync(handoff, agent, now, null, cancellationToken));
    }

    // A queued handoff is the agent's now (claimed, or assigned by round robin): logged, pushed, told to the customer
    // and to those waiting behind.
    private async Task<HandoffRecord> AnnounceTakenAsync(HandoffRecord handoff, AgentIdentity agent, DateTimeOffset now, string? how, CancellationToken cancellationToken)
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

    private async Task<bool> TryAssignAsync(HandoffRecord handoff, CancellationToken cancellationToken)
        => IsRoundRobin(handoff)
           && await TryAssignAsync(handoff, await availability.ListAsync(await store.ListOpenAsync(cancellationToken), cancellationToken), cancellationToken) is not null;

    // The candidates in turn until the store accepts one: another instance may have filled a seat meanwhile.
    private async Task<AgentState?> TryAssignAsync(HandoffRecord handoff, IReadOnlyList<AgentState> agents, CancellationToken cancellationToken)
    {
        foreach (var candidate in AgentAvailability.Candidates(agents, handoff.Queue, routing.Value))
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

    /// Where a queued handoff stands: its place in its queue and the wait to tell the customer.
    public async Task<(int Position, int Minutes)> PlaceOfAsync(HandoffRecord handoff, CancellationToken cancellationToken)
    {
        var queued = (await store.ListOpenAsync(cancellationToken)).Where(h => h.State == HandoffStates.Queued && h.Queue == handoff.Queue).ToList();
        var position = Math.Max(1, queued.FindIndex(h => h.Id == handoff.Id) + 1);
        return (position, position * options.Value.MinutesPerCustomer);
    }

    // Someone left the queue: everyone who waited behind them moves up, and is told so.
    private async Task UpdateWaitingAsync(HandoffRecord left, CancellationToken cancellationToken)
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

    private async Task<HandoffRecord?> OpenHandoffAsync(string conversationId, CancellationToken cancellationToken)
        => await store.FindLatestAsync(conversationId, cancellationToken) is { IsOpen: true } open ? open : null;

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

    private async Task<string?> SendToCustomerAsync(HandoffRecord handoff, string? text, string? fromName, CancellationToken cancellationToken, Attachment? attachment = null)
    {
        var sender = await senders.ForAsync(handoff, cancellationToken);
        if (sender is null)
        {
            LogUnreachable(logger, handoff.ConversationId);
            return null;
        }
        ReplyCustomer.Current = handoff.CustomerId;
        var message = ConversationSenders.Message(handoff.Reference, text ?? string.Empty, fromName);
        if (attachment is not null)
        {
            message = message with { Text = null, TextFormat = null, Attachments = [attachment] };
        }
        return await sender.SendAsync(message, cancellationToken);
    }

    private Touchpoint Touchpoint(HandoffRecord handoff, string kind, string? text) => new()
    {
        OccurredAt = time.GetUtcNow(),
        ConversationId = handoff.ConversationId,
        Channel = handoff.Channel,
        CustomerId = handoff.CustomerId,
        Kind = kind,
        Text = text,
    };

    [GeneratedRegex(@"^(cancel|stop waiting|never ?mind|back to (the )?(bot|assistant)|batal|batalkan|gak jadi|nggak jadi|tidak jadi|kembali ke (bot|asisten))[.!]*$", RegexOptions.IgnoreCase)]
    private static partial Regex CancelPattern();

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {ConversationId} queued for {Queue} ({Reason})")]
    private static partial void LogQueued(ILogger logger, string conversationId, string queue, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The customer in conversation {ConversationId} left the queue")]
    private static partial void LogCancelled(ILogger logger, string conversationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {AgentId} claimed conversation {ConversationId}")]
    private static partial void LogClaimed(ILogger logger, string conversationId, string agentId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {AgentId} transferred conversation {ConversationId} to {Target}")]
    private static partial void LogTransferred(ILogger logger, string conversationId, string agentId, string target);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {AgentId} tried to transfer conversation {ConversationId} to {Target}, which does not exist")]
    private static partial void LogUnknownTarget(ILogger logger, string conversationId, string agentId, string target);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {AgentId} resolved conversation {ConversationId}")]
    private static partial void LogResolved(ILogger logger, string conversationId, string agentId);

    [LoggerMessage(Level = LogLevel.Information, Message = "The customer in conversation {ConversationId} left a message for the team")]
    private static partial void LogTicket(ILogger logger, string conversationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored handoff.status '{State}' for conversation {ConversationId}, which has no open handoff in that state")]
    private static partial void LogStatusIgnored(ILogger logger, string? conversationId, string state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a handoff.status '{State}' in conversation {ConversationId}: Handoff:Mode is not \"external\", so no contact-centre takes conversations")]
    private static partial void LogStatusInConsoleMode(ILogger logger, string? conversationId, string state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a handoff.status '{State}' in conversation {ConversationId}: not sent by the contact-centre (channel {ChannelId}, caller {CallerId}; see Handoff:ContactCentreChannels)")]
    private static partial void LogStatusNotFromCentre(ILogger logger, string? conversationId, string state, string? channelId, string callerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Did not count a survey answer in conversation {ConversationId} for handoff {HandoffId}: answered already, or not a resolved handoff of that conversation")]
    private static partial void LogSurveyIgnored(ILogger logger, string? conversationId, long handoffId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {ConversationId} could not be reached to deliver a message")]
    private static partial void LogUnreachable(ILogger logger, string conversationId);
}
