using SupportBot.Knowledge;

namespace SupportBot.Tests.Knowledge;

/// A small knowledge base organised by subject, as a hospitality or multi-product help center is: each article's
/// front matter names the place it is about and its category.
internal static class SubjectKnowledge
{
    public static IReadOnlyList<KnowledgeSection> Sections()
    {
        string[][] articles =
        [
            ["harbour-pets", "The Harbour View Inn", "hotel", "Can I bring my dog?", "Dogs are welcome at the Harbour View Inn for a small cleaning fee."],
            ["harbour-parking", "The Harbour View Inn", "hotel", "Is there parking?", "Guests park free of charge in the lot behind the inn."],
            ["harbour-review", "The Harbour View Inn", "hotel", "Guest review", "Our room at the Harbour View had a lovely sea view and the staff were friendly."],
            ["cedar-pets", "Cedar Lodge Guest House", "hotel", "Are pets allowed?", "Pets cannot stay at Cedar Lodge Guest House."],
            ["cedar-breakfast", "Cedar Lodge Guest House", "hotel", "Is breakfast included?", "A full breakfast is included with every room."],
            ["lantern-seating", "Blue Lantern Noodle Bar", "restaurant", "Do you have outdoor seating?", "Yes, there is a garden terrace with outdoor seating for twenty."],
            ["lantern-pets", "Blue Lantern Noodle Bar", "restaurant", "Are dogs allowed?", "Only assistance dogs are allowed inside the noodle bar."],
            ["rosas-parking", "Rosa's Kitchen & Bar", "restaurant", "Is there parking nearby?", "Street parking is free after six in the evening."],
            ["city-centre-review", "Blue Lantern Noodle Bar", "restaurant", "Guest review", "Blue Lantern is easy to find in the city centre, near the market."],
        ];
        return [.. articles.Select((a, i) => new KnowledgeSection($"{a[0]}#top", a[0], $"{a[1]}: {a[3]}", "top", $"{a[1]}: {a[3]}", a[4], 0, a[1], a[2]))];
    }
}
