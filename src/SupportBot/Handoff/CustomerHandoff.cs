using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using SupportBot.Answering;
using SupportBot.BotFramework.Schema;
using SupportBot.Customers;
using SupportBot.Localization;
using SupportBot.Replies;
using SupportBot.Touchpoints;

namespace SupportBot.Handoff;

/// The customer's side of a handoff, run by the customer's turns on their conversation's lane: the handoff state
/// machine bot → queued → with an agent → resolved (survey) → bot, or queued → cancelled → bot; when nobody can take
/// the conversation (outside business hours, no agent online), bot → leaving a message → ticket → bot. In external
/// mode a contact-centre takes the conversation through the Bot Framework handoff events instead of the console.
/// Every step is a touchpoint, and every message to the customer goes through the channel the customer uses.
internal sealed partial class CustomerHandoff(
    HandoffStore store,
    TouchpointStore touchpoints,
    CustomerStore customers,
    CustomerVerifications verifications,
    ICustomerProfileLookup profiles,
    HandoffSummarizer summarizer,
    HandoffQueue queue,
    IActivitySenderSource senders,
    IHandoffEvents notifier,
    IAgentAvailability availability,
    RoutingSignal routingSignal,
    TicketService tickets,
    IOptions<HandoffOptions> options,
    TimeProvider time,
    ILogger<CustomerHandoff> logger)
{
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
    public async Task OpenAsync(Activity activity, IActivitySender sender, AnswerResult answer, string customerId, CancellationToken cancellationToken)
    {
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
                Queue = settings.IsExternal ? HandoffQueue.ExternalQueue : settings.DefaultQueue,
                Reference = activity.GetConversationReference(),
                Route = senders.RouteOf(sender),
                Locale = answer.Language,
                QueuedAt = now,
            },
            cancellationToken);
        if (!created)
        {
            return;
        }
        await touchpoints.AppendAsync(queue.Touchpoint(handoff, TouchpointKind.Queued, handoff.Summary) with { Reason = reason }, cancellationToken);
        LogQueued(logger, conversationId, handoff.Queue, reason);
        notifier.PushQueueChanged(handoff);
        if (handoff.State == HandoffStates.LeavingMessage)
        {
            var offline = settings.Hours.IsOpen(now) ? messages.OfflineNoAgents : messages.OutsideHours(settings.Hours.Describe(messages.Culture));
            await sender.SendAsync(activity.CreateReply(offline), cancellationToken);
        }
        else if (settings.IsExternal)
        {
            await sender.SendAsync(ExternalHandoff.Initiate(activity, handoff, transcript), cancellationToken);
        }
        else if (!await queue.TryAssignAsync(handoff, cancellationToken))
        {
            var (position, minutes) = await queue.PlaceOfAsync(handoff, cancellationToken);
            await sender.SendAsync(activity.CreateReply(messages.QueuePosition(position, minutes)), cancellationToken);
        }
    }

    /// A customer message while people have the conversation: never answered by the bot. "cancel" hands the
    /// conversation back to the bot; while leaving a message, the message is kept as a ticket.
    public async Task HandleCustomerMessageAsync(Activity activity, IActivitySender sender, HandoffRecord handoff, string text, CancellationToken cancellationToken)
    {
        var messages = BotMessages.For(handoff.Locale);
        if (IsCancel(text))
        {
            if (await store.TryCloseAsync(handoff.Id, HandoffStates.Cancelled, time.GetUtcNow(), cancellationToken))
            {
                await touchpoints.AppendAsync(queue.Touchpoint(handoff, TouchpointKind.HandoffCancelled, text), cancellationToken);
                LogCancelled(logger, handoff.ConversationId);
                notifier.PushQueueChanged(handoff with { State = HandoffStates.Cancelled });
                routingSignal.Poke();
                await sender.SendAsync(activity.CreateReply(messages.HandoffCancelled), cancellationToken);
                await queue.UpdateWaitingAsync(handoff, cancellationToken);
            }
            return;
        }
        if (handoff.State == HandoffStates.LeavingMessage
            && await store.TryCloseAsync(handoff.Id, HandoffStates.Ticket, time.GetUtcNow(), cancellationToken))
        {
            var contact = ContactDetails.Find(text);
            await touchpoints.AppendAsync(queue.Touchpoint(handoff, TouchpointKind.Ticket, text) with { Reason = contact, ActivityId = activity.Id }, cancellationToken);
            LogTicket(logger, handoff.ConversationId);
            await tickets.CreateAsync(handoff, text, cancellationToken);
            await sender.SendAsync(activity.CreateReply(contact is null ? messages.TicketSavedInChat : messages.TicketSaved(contact)), cancellationToken);
        }
    }

    /// The external contact-centre's handoff.status: accepted (an agent has the conversation), completed (back to
    /// the bot) or failed (back to the bot, with an apology). Only in external mode, and only from the centre.
    public async Task HandleExternalStatusAsync(Activity activity, IActivitySender sender, string state, string? message, CancellationToken cancellationToken)
    {
        if (!options.Value.IsExternal)
        {
            LogStatusInConsoleMode(logger, activity.Conversation?.Id, state);
            return;
        }
        if (!ContactCentre.Sent(activity, options.Value))
        {
            LogStatusNotFromCentre(logger, activity.Conversation?.Id, state, activity.ChannelId, activity.CallerId ?? "none");
            return;
        }
        var handoff = await FindOpenAsync(activity, cancellationToken);
        if (handoff is null)
        {
            LogStatusIgnored(logger, activity.Conversation?.Id, state);
            return;
        }
        var now = time.GetUtcNow();
        switch (state)
        {
            case ExternalHandoff.Accepted when await store.TryAcceptExternallyAsync(handoff.Id, now, cancellationToken):
                await touchpoints.AppendAsync(
                    queue.Touchpoint(handoff, TouchpointKind.Claimed, message) with { AgentId = HandoffQueue.ExternalQueue, DurationMs = (now - handoff.QueuedAt).TotalMilliseconds },
                    cancellationToken);
                break;
            case ExternalHandoff.Completed when await store.TryCloseAsync(handoff.Id, HandoffStates.Resolved, now, cancellationToken):
                await touchpoints.AppendAsync(
                    queue.Touchpoint(handoff, TouchpointKind.Resolution, message) with { AgentId = HandoffQueue.ExternalQueue, DurationMs = (now - (handoff.ClaimedAt ?? handoff.QueuedAt)).TotalMilliseconds },
                    cancellationToken);
                break;
            case ExternalHandoff.Failed when await store.TryCloseAsync(handoff.Id, HandoffStates.Cancelled, now, cancellationToken):
                await touchpoints.AppendAsync(queue.Touchpoint(handoff, TouchpointKind.HandoffCancelled, message) with { Reason = "external_failed" }, cancellationToken);
                await sender.SendAsync(activity.CreateReply(BotMessages.For(handoff.Locale).HandoffFailed), cancellationToken);
                break;
            default:
                LogStatusIgnored(logger, handoff.ConversationId, state);
                break;
        }
    }

    /// The customer's survey answer. Each resolved handoff of the conversation counts one, the first: the card
    /// stays clickable, and a second press (or a later change of heart) must not count twice in the agent's score,
    /// nor rewrite, long after, what the customer said when the conversation ended. Either way the customer is thanked.
    public async Task RecordSurveyAsync(Activity activity, IActivitySender sender, long handoffId, int rating, string? comment, CancellationToken cancellationToken)
    {
        var handoff = await store.GetAsync(handoffId, cancellationToken);
        if (await store.TryMarkSurveyedAsync(handoffId, activity.ChannelId ?? string.Empty, activity.Conversation?.Id ?? string.Empty, time.GetUtcNow(), cancellationToken))
        {
            await AppendSurveyAsync(activity, handoff!, rating, comment, cancellationToken);
        }
        else
        {
            LogSurveyIgnored(logger, activity.Conversation?.Id, handoffId);
        }
        await sender.SendAsync(activity.CreateReply(BotMessages.For(Languages.FromLocale(activity.Locale) ?? handoff?.Locale).SurveyThanks), cancellationToken);
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

    [GeneratedRegex(@"^(cancel|stop waiting|never ?mind|back to (the )?(bot|assistant)|batal|batalkan|gak jadi|nggak jadi|tidak jadi|kembali ke (bot|asisten))[.!]*$", RegexOptions.IgnoreCase)]
    private static partial Regex CancelPattern();

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {ConversationId} queued for {Queue} ({Reason})")]
    private static partial void LogQueued(ILogger logger, string conversationId, string queue, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The customer in conversation {ConversationId} left the queue")]
    private static partial void LogCancelled(ILogger logger, string conversationId);

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
}
