using System.Globalization;
using Dapper;
using SupportBot.Storage;

namespace SupportBot.Agents;

/// The @mentions an agent has not read yet, kept on the server: the live push (HandoffNotifier.PushMentioned) lights
/// an open console at once, and this list is what a reload, or a console opened later, shows. The console marks a
/// conversation's mentions read when the agent opens it.
internal sealed class MentionInbox(Database database)
{
    /// At most this many unread mentions are listed; older ones still count.
    public const int Listed = 50;

    public async Task AddAsync(IReadOnlyList<string> agentIds, string conversationId, string byAgentId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (agentIds.Count == 0)
        {
            return;
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        var stamp = at.ToString("O", CultureInfo.InvariantCulture);
        await connection.ExecuteAsync(
            "INSERT INTO agent_mentions (agent_id, conversation_id, by_agent_id, at) VALUES (@agentId, @conversationId, @byAgentId, @stamp)",
            agentIds.Select(agentId => new { agentId, conversationId, byAgentId, stamp }));
    }

    public async Task<UnreadMentions> UnreadAsync(string agentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var count = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM agent_mentions WHERE agent_id = @agentId", new { agentId });
        var rows = await connection.QueryAsync<(string ConversationId, string ByAgentId, string At)>(
            $"SELECT conversation_id, by_agent_id, at FROM agent_mentions WHERE agent_id = @agentId ORDER BY id DESC LIMIT {Listed}", new { agentId });
        return new UnreadMentions(
            (int)count,
            [.. rows.Reverse().Select(r => new UnreadMention(r.ConversationId, r.ByAgentId, DateTimeOffset.Parse(r.At, CultureInfo.InvariantCulture)))]);
    }

    /// Marks read the agent's mentions in one conversation, or all of them; how many there were.
    public async Task<int> MarkReadAsync(string agentId, string? conversationId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return conversationId is null
            ? await connection.ExecuteAsync("DELETE FROM agent_mentions WHERE agent_id = @agentId", new { agentId })
            : await connection.ExecuteAsync("DELETE FROM agent_mentions WHERE agent_id = @agentId AND conversation_id = @conversationId", new { agentId, conversationId });
    }
}

internal sealed record UnreadMention(string ConversationId, string ByAgentId, DateTimeOffset At);

internal sealed record UnreadMentions(int Count, IReadOnlyList<UnreadMention> Mentions);

internal sealed record MentionsReadRequest(string? ConversationId);
