using SupportBot.Localization;

namespace SupportBot.Analytics;

/// A slice of conversations a supervisor can compare with the rest.
internal sealed record Segment(string Id, string Label, string Description, Func<ConversationJourney, bool> Includes);

/// The segments read from the touchpoint log alone.
internal static class Segments
{
    public static readonly Segment All = new("all", "All customers", "Every conversation.", _ => true);

    public static readonly IReadOnlyList<Segment> List =
    [
        All,
        new("new", "New customers", "The customer's first conversation: no message of theirs before it.", c => !c.Returning),
        new("returning", "Returning customers", "The customer had written before this conversation.", c => c.Returning),
        new("purchasers", "Customers with a purchase", "The customer has a purchase touchpoint.", c => c.Purchaser),
        new("non-purchasers", "Customers without a purchase", "No purchase touchpoint for the customer.", c => !c.Purchaser),
        new("english", "English", "The customer wrote in English (told by their function words).", c => c.Language == Languages.English),
        new("indonesian", "Indonesian", "The customer wrote in Indonesian (told by their function words).", c => c.Language == Languages.Indonesian),
    ];

    public static Segment? Find(string id) => List.FirstOrDefault(s => string.Equals(s.Id, id, StringComparison.OrdinalIgnoreCase));
}
