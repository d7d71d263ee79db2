using System.Text.Json;

namespace SupportBot.BotFramework.Schema;

public sealed record InnerHttpError
{
    public int StatusCode { get; init; }

    public JsonElement? Body { get; init; }
}
