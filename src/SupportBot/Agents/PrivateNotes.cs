using System.Text.RegularExpressions;
using SupportBot.Handoff;
using SupportBot.Touchpoints;

namespace SupportBot.Agents;

/// Agents' private notes on a conversation: kept in the touchpoint log (kind agent_note, reason "private"), shown in
/// every console's transcript, and never sent to the customer: nothing here reaches a channel's sender, and the
/// history a model or summary reads lists the kinds it takes, which do not include notes. An @id in the note names
/// a colleague, whose consoles are told.
internal sealed partial class PrivateNotes(HandoffService handoffs, TouchpointStore touchpoints, AgentDirectory directory, HandoffNotifier notifier, MentionInbox inbox, TimeProvider time)
{
    public const string PrivateReason = "private";

    /// The note as stored, or why it was refused.
    public async Task<(AgentNoteView? Note, NoteRefusal? Refusal)> AddAsync(string conversationId, AgentIdentity author, string text, CancellationToken cancellationToken)
    {
        var handoff = await handoffs.FindLatestAsync(conversationId, cancellationToken);
        if (handoff is null)
        {
            return (null, new NoteRefusal(StatusCodes.Status404NotFound, "Unknown conversation", $"Conversation '{conversationId}' was never handed to an agent."));
        }
        var mentioned = new List<AgentIdentity>();
        foreach (var id in Mentions(text))
        {
            if (await directory.FindAsync(id, cancellationToken) is not { } colleague)
            {
                return (null, new NoteRefusal(StatusCodes.Status400BadRequest, "Unknown colleague", $"No enabled agent '@{id}' to mention."));
            }
            if (!mentioned.Any(m => string.Equals(m.Id, colleague.Id, StringComparison.OrdinalIgnoreCase)))
            {
                mentioned.Add(colleague);
            }
        }
        var now = time.GetUtcNow();
        await touchpoints.AppendAsync(
            new Touchpoint
            {
                OccurredAt = now,
                ConversationId = conversationId,
                Channel = handoff.Channel,
                CustomerId = handoff.CustomerId,
                Kind = TouchpointKind.AgentNote,
                Text = text,
                Reason = PrivateReason,
                AgentId = author.Id,
            },
            cancellationToken);
        var ids = mentioned.Select(m => m.Id).ToList();
        notifier.PushAgentNote(conversationId, author, text, ids, now);
        var others = ids.Where(id => !string.Equals(id, author.Id, StringComparison.OrdinalIgnoreCase)).ToList();
        if (others.Count > 0)
        {
            await inbox.AddAsync(others, conversationId, author.Id, now, cancellationToken);
            notifier.PushMentioned(others, conversationId, author, text, now);
        }
        return (new AgentNoteView(conversationId, author.Id, text, ids, now), null);
    }

    /// The ids after an @ that starts a word; a trailing full stop or comma ends the sentence, not the id.
    public static IReadOnlyList<string> Mentions(string text)
        => [.. MentionPattern().Matches(text).Select(m => m.Groups[1].Value.TrimEnd('.', ',', '-')).Where(AgentAccount.IsValidId).Distinct(StringComparer.OrdinalIgnoreCase)];

    [GeneratedRegex(@"(?<![\w@.])@([A-Za-z0-9._@-]+)")]
    private static partial Regex MentionPattern();
}

internal sealed record AgentNoteRequest(string? Text);

internal sealed record AgentNoteView(string ConversationId, string AgentId, string Text, IReadOnlyList<string> Mentioned, DateTimeOffset At);

internal sealed record NoteRefusal(int Status, string Title, string Detail);
