using Microsoft.Extensions.Options;
using SupportBot.Agents;
using SupportBot.Answering;
using SupportBot.BotFramework.Schema;
using SupportBot.BotFramework.Teams;
using SupportBot.Customers;
using SupportBot.Handoff;
using SupportBot.Localization;
using SupportBot.Replies;
using SupportBot.Storage;
using SupportBot.Telemetry;
using SupportBot.Touchpoints;
using SupportBot.Web;
using Stopwatch = System.Diagnostics.Stopwatch;

namespace SupportBot.Conversations;

/// A customer's message: answered by the bot (with a typing indicator or a stream when it takes a while), or, while
/// people have the conversation, passed to the agents. Every exchange is logged as touchpoints.
internal sealed partial class CustomerMessageHandler(
    AnswerPipeline answerer,
    CustomerHandoff handoffs,
    TicketService tickets,
    HandoffNotifier notifier,
    TouchpointStore touchpoints,
    CustomerStore customers,
    TurnStartReader starts,
    IInboundFiles files,
    ICustomerProfileLookup profiles,
    EarlierRun earlierRun,
    IEnumerable<IMessageGate> gates,
    TurnTelemetry telemetry,
    IOptions<AnsweringOptions> answering,
    IOptions<WebOptions> web,
    TimeProvider time,
    ILogger<CustomerMessageHandler> logger) : IActivityHandler
{
    public IReadOnlyList<string> Types { get; } = [ActivityTypes.Message];

    public bool Matches(Activity activity) => true;

    public Task<AnswerResult?> HandleAsync(InboundTurn turn, CancellationToken cancellationToken) => AnswerAsync(turn, cancellationToken);

    private async Task<AnswerResult?> AnswerAsync(InboundTurn turn, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        // A turn run again after its instance died carries on from what the earlier run logged.
        var earlier = await earlierRun.FindAsync(turn, cancellationToken);
        if (earlier.Answered)
        {
            return null;
        }
        var question = activity.GetMentionFreeText() ?? activity.Text ?? string.Empty;
        var identity = CustomerIdentity.From(activity);
        var start = turn.Start ?? await starts.ReadAsync(activity, cancellationToken);
        var history = History(start.Recent);
        var customer = identity is null ? CustomerStore.Unknown : await customers.ResolveAsync(identity, start.KnownCustomer, cancellationToken);
        ReplyCustomer.Current = customer;
        if (start.KnownCustomer is null && identity is not null)
        {
            // A customer seen for the first time: who their channel says they are is looked up off the turn.
            profiles.FirstSeen(activity, customer);
        }
        // Files are kept once, with the message's first logging; a rerun that finds it logged does not fetch them again.
        var sent = earlier.Logged ? activity.Attachments ?? [] : await files.KeepAsync(activity, cancellationToken);
        var said = TurnTouchpoints.New(activity, customer, TouchpointKind.CustomerMessage, WithFiles(question, sent), activity.Id, time);
        var saidToLog = earlier.Logged ? null : said;
        // While people have the conversation the bot stays out of it: the message is the agent's to answer.
        if (start.OpenHandoff is { } handoff)
        {
            if (saidToLog is not null)
            {
                await touchpoints.AppendAsync(saidToLog, cancellationToken);
            }
            notifier.PushCustomerMessage(handoff.ConversationId, question, time.GetUtcNow());
            await handoffs.HandleCustomerMessageAsync(activity, turn.Sender, handoff, question, cancellationToken);
            return null;
        }
        // The customer writes again after the team answered (or solved) the message they left: the ticket is open again.
        if (saidToLog is not null
            && start.Recent.LastOrDefault(t => t.Kind is TouchpointKind.TicketAnswered or TouchpointKind.TicketSolved or TouchpointKind.TicketReopened)?.Kind
                is TouchpointKind.TicketAnswered or TouchpointKind.TicketSolved)
        {
            await tickets.CustomerWroteAsync(said.ConversationId, said.Channel, customer, cancellationToken);
        }

        foreach (var gate in gates)
        {
            if (await gate.TryHandleAsync(turn, question, customer, saidToLog, cancellationToken))
            {
                return null;
            }
        }

        // The customer's message is logged with the bot's reply, in one statement once the reply is sent (its time
        // is still when it arrived); a turn that fails before then logs it alone.
        var answered = false;
        try
        {
            var answer = await ReplyAsync(turn, question, history, customer, saidToLog, cancellationToken);
            answered = true;
            if (answer.Decision == AnswerDecision.Escalate)
            {
                telemetry.Escalated(answer.EscalationReason ?? "unknown");
            }
            if (CustomerHandoff.BringsInPerson(answer))
            {
                await handoffs.OpenAsync(activity, turn.Sender, answer, customer, cancellationToken);
            }
            return answer;
        }
        finally
        {
            if (!answered && saidToLog is not null)
            {
                await touchpoints.AppendAsync(saidToLog, CancellationToken.None);
            }
        }
    }

    private async Task<AnswerResult> ReplyAsync(
        InboundTurn turn, string question, IReadOnlyList<ConversationTurn> history, string customer, Touchpoint? said, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        var messages = BotMessages.For(Languages.ForMessage(question, activity.Locale));
        // A slow answer is preceded by the Thinking activity, which opens a stream where the channel supports one;
        // a generated answer is shown in it as it is written.
        using var thinking = new ThinkingIndicator(turn, messages, answering.Value.TypingDelay, time, logger, cancellationToken);
        var started = Stopwatch.GetTimestamp();
        AnswerResult answer;
        try
        {
            answer = await answerer.AnswerAsync(question, history, activity.Locale, cancellationToken, thinking.StreamUpdates);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogAnswerFailed(logger, ex, activity.Conversation?.Id);
            answer = new AnswerResult(AnswerDecision.Escalate, messages.SomethingWentWrong, [], 0, EscalationReasons.LowConfidence, []) { Language = messages.Language };
        }
        var latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

        var thinkingId = await thinking.FinishAsync();
        var replyId = await AnswerDelivery.SendAsync(turn, answer, web.Value.PublicBaseUrl, thinkingId, thinking.StreamState, cancellationToken);
        var kind = answer.Decision switch
        {
            AnswerDecision.Answer => TouchpointKind.BotAnswer,
            AnswerDecision.Escalate => TouchpointKind.Escalation,
            _ => TouchpointKind.SmallTalk,
        };
        var reply = TurnTouchpoints.New(activity, customer, kind, answer.Text, replyId, time) with
        {
            CitedArticleIds = answer.Citations.Count == 0 ? [] : [.. answer.Citations.Select(c => c.ArticleId)],
            Confidence = answer.Confidence,
            LatencyMs = latency,
            PromptTokens = answer.Usage?.PromptTokens,
            CompletionTokens = answer.Usage?.CompletionTokens,
            Reason = answer.EscalationReason,
        };
        Touchpoint[] logged = said is null ? [reply] : [said, reply];
        if (turn.InboxArrival is { } arrival && !CustomerHandoff.BringsInPerson(answer))
        {
            // Nothing is left to do: the reply's touchpoints mark the turn done in the same write. A turn that brings
            // in a person still opens the handoff, and is marked done after that.
            await touchpoints.AppendAsync(logged, (InboundActivities.CompleteSql, new PrefixedParameters(1).Add("@arrival", arrival)), cancellationToken);
            turn.Completed = true;
        }
        else
        {
            await touchpoints.AppendAsync(logged, cancellationToken);
        }
        return answer;
    }

    // The conversation so far, as the touchpoint log remembers it: what the customer said and what support
    // answered. The bot's own fallback lines carry no topic and are left out. A handoff that ended starts the
    // bot's part afresh: what people handled is not asked again, nor the subject the bot must carry.
    private static List<ConversationTurn> History(IReadOnlyList<Touchpoint> recent)
    {
        var handedBack = -1;
        for (var i = recent.Count - 1; i >= 0; i--)
        {
            if (recent[i].Kind is TouchpointKind.Resolution or TouchpointKind.HandoffCancelled)
            {
                handedBack = i;
                break;
            }
        }
        var history = new List<ConversationTurn>(recent.Count - handedBack - 1);
        for (var i = handedBack + 1; i < recent.Count; i++)
        {
            var t = recent[i];
            if (t.Text is { Length: > 0 } && t.Kind is TouchpointKind.CustomerMessage or TouchpointKind.BotAnswer or TouchpointKind.AgentReply)
            {
                history.Add(new ConversationTurn(t.Kind == TouchpointKind.CustomerMessage ? Speaker.Customer : Speaker.Support, t.Text));
            }
        }
        return history;
    }

    // Files the customer sent are part of what they said: the transcript links them for the agent.
    private static string WithFiles(string text, IReadOnlyList<Attachment> attachments)
    {
        if (attachments.Count == 0)
        {
            return text;
        }
        var files = attachments.Where(a => a.ContentUrl is { Length: > 0 }).Select(a => $"[{a.Name ?? "file"}]({a.ContentUrl})").ToList();
        return files.Count == 0 ? text : string.Join("\n", files.Prepend(text).Where(t => t.Length > 0));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Answering failed in conversation {ConversationId}")]
    private static partial void LogAnswerFailed(ILogger logger, Exception exception, string? conversationId);
}
