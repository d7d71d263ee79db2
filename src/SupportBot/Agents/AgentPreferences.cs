using System.Globalization;
using Dapper;
using SupportBot.Storage;

namespace SupportBot.Agents;

/// How an agent's console notifies them and which language it speaks. Kept on the server so a new browser or a
/// colleague's shared desk finds the same settings. Language null: the browser's.
internal sealed record AgentPreferences(string? Language, bool Sound, bool Desktop, bool TitleBadge)
{
    /// The console's languages (wwwroot/agent/i18n.js has a dictionary for each).
    public static readonly IReadOnlyList<string> Languages = ["en", "id"];

    public static readonly AgentPreferences Default = new(null, Sound: true, Desktop: true, TitleBadge: true);
}

internal sealed record AgentPreferencesRequest(string? Language, bool? Sound, bool? Desktop, bool? TitleBadge);

internal sealed class AgentPreferencesStore(Database database, TimeProvider time)
{
    public async Task<AgentPreferences> GetAsync(string agentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string? Language, long Sound, long Desktop, long TitleBadge)?>(
            "SELECT language, sound, desktop, title_badge FROM agent_preferences WHERE agent_id = @agentId", new { agentId });
        return row is { } r ? new AgentPreferences(r.Language, r.Sound != 0, r.Desktop != 0, r.TitleBadge != 0) : AgentPreferences.Default;
    }

    public async Task SaveAsync(string agentId, AgentPreferences preferences, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            """
            INSERT INTO agent_preferences (agent_id, language, sound, desktop, title_badge, updated_at)
            VALUES (@agentId, @Language, @sound, @desktop, @badge, @at)
            ON CONFLICT (agent_id) DO UPDATE SET language = excluded.language, sound = excluded.sound, desktop = excluded.desktop,
                title_badge = excluded.title_badge, updated_at = excluded.updated_at
            """,
            new
            {
                agentId,
                preferences.Language,
                sound = preferences.Sound ? 1 : 0,
                desktop = preferences.Desktop ? 1 : 0,
                badge = preferences.TitleBadge ? 1 : 0,
                at = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
            });
    }
}
