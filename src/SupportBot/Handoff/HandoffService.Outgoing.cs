using SupportBot.BotFramework.Schema;
using SupportBot.Replies;
using SupportBot.Touchpoints;

namespace SupportBot.Handoff;

/// What an agent sends besides text: a file, through the channel's delivery (AgentFileDelivery), and the typing
/// indicator while they write.
internal sealed partial class HandoffService
{
    /// At most one typing activity per conversation this often, however fast consoles report keystrokes.
    public static readonly TimeSpan TypingInterval = TimeSpan.FromSeconds(3);

    // When each conversation was last told the agent is typing: a fixed set of slots picked by the conversation's
    // hash, like the outgoing gates, so nothing grows with the conversations ever answered. Two conversations sharing
    // a slot only throttle each other's indicator.
    private readonly long[] _typingSentAt = new long[256];

    public async Task<HandoffResult> SendFileAsync(string conversationId, AgentIdentity agent, AgentFile file, IAgentFileDelivery delivery, CancellationToken cancellationToken)
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
            ReplyCustomer.Current = handoff.CustomerId;
            var activityId = await delivery.DeliverAsync(handoff, agent.Name, file, senders, cancellationToken);
            if (activityId is null && handoff.Route == HandoffRoutes.DirectLine)
            {
                LogUnreachable(logger, conversationId);
                return new HandoffResult(HandoffStatus.Unreachable, handoff, "The customer's conversation could not be reached.");
            }
            var now = time.GetUtcNow();
            var first = await store.MarkFirstReplyAsync(handoff.Id, now, cancellationToken);
            var text = FileLine(file);
            await touchpoints.AppendAsync(
                Touchpoint(handoff, TouchpointKind.AgentReply, text) with
                {
                    AgentId = agent.Id,
                    ActivityId = activityId,
                    Reason = "file",
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

    /// Shows the customer that the agent holding the conversation is typing (Web Chat, Teams). False when the last
    /// indicator went out less than TypingInterval ago, so nothing was sent.
    public async Task<(HandoffResult Result, bool Sent)> SendTypingAsync(string conversationId, AgentIdentity agent, CancellationToken cancellationToken)
    {
        var handoff = await OpenHandoffAsync(conversationId, cancellationToken);
        if (Refusal(handoff, conversationId, agent) is { } refused)
        {
            return (refused, false);
        }
        var slot = (int)((uint)StringComparer.Ordinal.GetHashCode($"{handoff!.Channel}/{conversationId}") % (uint)_typingSentAt.Length);
        var now = time.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref _typingSentAt[slot]);
        if (now - last < TypingInterval.Ticks || Interlocked.CompareExchange(ref _typingSentAt[slot], now, last) != last)
        {
            return (HandoffResult.Done(handoff), false);
        }
        if (await senders.ForAsync(handoff, cancellationToken) is not { } sender)
        {
            return (new HandoffResult(HandoffStatus.Unreachable, handoff, "The customer's conversation could not be reached."), false);
        }
        var typing = HandoffActivities.Message(handoff.Reference, string.Empty, agent.Name) with { Type = ActivityTypes.Typing, Text = null, TextFormat = null };
        await sender.SendAsync(typing, cancellationToken);
        return (HandoffResult.Done(handoff), true);
    }

    /// The transcript's line for a file: a link the console renders (site-relative, so it opens on this host).
    public static string FileLine(AgentFile file)
    {
        var name = new string([.. file.Name.Where(c => c is not ('[' or ']' or '(' or ')' or '*' or '`'))]);
        var path = Uri.TryCreate(file.ContentUrl, UriKind.Absolute, out var url) ? url.PathAndQuery : file.ContentUrl;
        return $"📎 [{(name.Length > 0 ? name : "file")}]({path})";
    }
}
