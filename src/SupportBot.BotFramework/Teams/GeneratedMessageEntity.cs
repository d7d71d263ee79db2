using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.BotFramework.Schema;

namespace SupportBot.BotFramework.Teams;

/// A source a Teams message cites; Position is the [n] marker the message text uses for it.
public sealed record MessageCitation(int Position, string Name, string Url, string Abstract);

/// The one schema.org Message entity Teams allows per activity (a second one is a 400): it carries the
/// "AI generated" label and the citations together.
public static class GeneratedMessageEntity
{
    public const string EntityType = "https://schema.org/Message";

    // Teams' limits: at most 20 citations, names of 80 characters, abstracts of 160.
    private static readonly string[] AiGeneratedType = ["AIGeneratedContent"];
    private const int MaxCitations = 20;
    private const int MaxName = 80;
    private const int MaxAbstract = 160;

    public static Entity Create(bool aiGenerated, IReadOnlyList<MessageCitation> citations)
    {
        ArgumentNullException.ThrowIfNull(citations);
        var data = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
        {
            ["@type"] = JsonSerializer.SerializeToElement("Message"),
            ["@context"] = JsonSerializer.SerializeToElement("https://schema.org"),
            ["@id"] = JsonSerializer.SerializeToElement(string.Empty),
        };
        if (aiGenerated)
        {
            data["additionalType"] = JsonSerializer.SerializeToElement(AiGeneratedType);
        }
        if (citations.Count > 0)
        {
            var claims = new JsonArray();
            foreach (var citation in citations.Take(MaxCitations))
            {
                claims.Add(new JsonObject
                {
                    ["@type"] = "Claim",
                    ["position"] = citation.Position,
                    ["appearance"] = new JsonObject
                    {
                        ["@type"] = "DigitalDocument",
                        ["name"] = Truncate(citation.Name, MaxName),
                        ["url"] = citation.Url,
                        ["abstract"] = Truncate(citation.Abstract, MaxAbstract),
                    },
                });
            }
            data["citation"] = JsonSerializer.SerializeToElement(claims);
        }
        return new Entity { Type = EntityType, ExtensionData = data };
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
