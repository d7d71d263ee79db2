using System.Text.Json;
using System.Text.Json.Serialization;

namespace SupportBot.Answering;

/// One "always a person for these" topic an operator wrote: a name, the escalation reason it carries, and a few
/// ways customers put it.
internal sealed record HandoffTopic(
    [property: JsonPropertyName("topic")] string Name,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("examples")] IReadOnlyList<string> Examples);

/// The operator's handoff topics, read from a JSON-lines file beside the knowledge base
/// (`Answering:HandoffTopics`). No file means no topics: the bot then relies on its built-in signals alone.
internal sealed class HandoffTopics(IReadOnlyList<HandoffTopic> topics)
{
    public static readonly HandoffTopics None = new([]);

    public IReadOnlyList<HandoffTopic> Topics { get; } = topics;

    public static HandoffTopics Load(string path)
    {
        if (!File.Exists(path))
        {
            return None;
        }
        var topics = new List<HandoffTopic>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            var topic = JsonSerializer.Deserialize<HandoffTopic>(line)
                ?? throw new InvalidDataException($"{path}:{number}: expected a topic object.");
            if (string.IsNullOrWhiteSpace(topic.Name) || topic.Examples is not { Count: > 0 })
            {
                throw new InvalidDataException($"{path}:{number}: a topic needs a \"topic\" name and at least one example.");
            }
            topics.Add(topic);
        }
        return new HandoffTopics(topics);
    }
}
