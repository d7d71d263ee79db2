using System.Text.Json.Nodes;

namespace SupportBot.Tests.BotFramework;

internal static class JsonAssert
{
    // Semantic comparison: property order and string escaping don't matter, values do.
    public static void Equivalent(string expected, string actual) =>
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)),
            $"JSON differs.{Environment.NewLine}Expected: {expected}{Environment.NewLine}Actual:   {actual}");

    public static JsonObject ParseObject(string json) =>
        JsonNode.Parse(json) as JsonObject ?? throw new InvalidOperationException("Not a JSON object: " + json);
}
