using SupportBot.FakeOpenAi;

namespace SupportBot.Benchmarks.Load;

/// What the fake model says in a load run, so that the LLM path is the one a good model takes: a neutral
/// question when asked to classify, the message itself when asked to rewrite, and the first sentence of the
/// best section, cited, when asked to answer (grounded, so the guard lets it through).
internal static class FakeModelAnswers
{
    public static string Respond(FakeOpenAiServer.RecordedRequest request)
    {
        var system = request.Messages.Count > 0 ? request.Messages[0].Content : string.Empty;
        if (system.StartsWith("Classify the customer's last message", StringComparison.Ordinal))
        {
            return """{"intent": "question", "sentiment": "neutral"}""";
        }
        if (system.StartsWith("Rewrite the customer's last message", StringComparison.Ordinal))
        {
            return Between(request.AllText, "---BEGIN LAST MESSAGE---\n", "\n---END LAST MESSAGE---") ?? "help";
        }
        var section = Between(request.AllText, "<kb_section id=\"S1\">", "</kb_section>") ?? string.Empty;
        var text = section[(section.IndexOf('\n', StringComparison.Ordinal) + 1)..];
        var end = text.IndexOf(". ", StringComparison.Ordinal);
        return $"{(end > 0 ? text[..end] : text.TrimEnd('.'))} [S1].";
    }

    private static string? Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        if (from < 0)
        {
            return null;
        }
        from += start.Length;
        var to = text.IndexOf(end, from, StringComparison.Ordinal);
        return to < 0 ? null : text[from..to];
    }
}
