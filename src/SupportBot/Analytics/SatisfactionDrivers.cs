using System.Runtime.InteropServices;
using SupportBot.Analytics.Statistics;

namespace SupportBot.Analytics;

/// What goes with lower or higher satisfaction. For every rated conversation, features of the journey (waited
/// long, asked again, the agent, the channel, ...). Each feature gets the raw difference of mean ratings with it
/// and without it (Welch-Satterthwaite t interval) and its adjusted effect from one model of all features at once
/// (AdjustedEffects). A feature needs MinRatings on each side to be tested at all; tested features are called
/// with the Benjamini-Hochberg adjustment at a 5% false discovery rate. What the analysis finds is association:
/// the readings say "goes with", never "causes".
internal static class SatisfactionDrivers
{
    public const int MinRatings = 10;
    private const int MaxCustomersListed = 200;

    public static DriverReport Rank(IReadOnlyList<ConversationJourney> conversations, DriverFeatures features)
        => Rank(RatedConversation.From(features.Facts(conversations)), features);

    /// The drivers over the rated conversations of a range, each its own group.
    public static DriverReport Rank(IReadOnlyList<RatedConversation> rated, DriverFeatures features) => Rank(features.Groups(rated), features);

    /// The drivers over rated conversations grouped by pattern (the store's grouping, or one group each): every
    /// figure comes from the groups' rating sums, so the grouping changes nothing but the work.
    public static DriverReport Rank(IReadOnlyList<RatedGroup> groups, DriverFeatures features)
    {
        var patterns = groups.Select(g => g.Pattern).ToList();
        var ratings = groups.Select(g => g.Ratings).ToList();
        var all = features.For(patterns).ToList();
        var applies = all.Select(f => patterns.Select(f.Applies).ToArray()).ToList();
        var adjusted = AdjustedEffects.Estimate(all, applies, ratings);
        var total = ratings.Aggregate(RatingMoments.None, (sum, r) => sum + r);

        var candidates = new List<(DriverFeature Feature, bool[] Applies, RatingMoments With, RatingMoments Without)>();
        for (var f = 0; f < all.Count; f++)
        {
            var with = RatingMoments.None;
            var without = RatingMoments.None;
            for (var g = 0; g < groups.Count; g++)
            {
                if (applies[f][g])
                {
                    with += ratings[g];
                }
                else
                {
                    without += ratings[g];
                }
            }
            // A feature nobody has, or everybody has, explains nothing.
            if (all[f].Reported && with.Count > 0 && without.Count > 0)
            {
                candidates.Add((all[f], applies[f], with, without));
            }
        }
        var tested = candidates.Where(c => c.With.Count >= MinRatings && c.Without.Count >= MinRatings
            && adjusted.TryGetValue(c.Feature.Id, out var e) && e.P is not null).ToList();
        var qValues = FalseDiscovery.Adjust([.. tested.Select(c => adjusted[c.Feature.Id].P!.Value)]);
        var qOf = tested.Select((c, i) => (c.Feature.Id, Q: qValues[i])).ToDictionary(x => x.Id, x => x.Q, StringComparer.Ordinal);

        var drivers = candidates.Select(c => Describe(c.Feature, c.With, c.Without, Customers(groups, c.Applies),
            adjusted.GetValueOrDefault(c.Feature.Id), qOf.TryGetValue(c.Feature.Id, out var q) ? q : null));
        return new DriverReport(
            (int)total.Count,
            patterns.Select(p => p.CustomerId).Distinct(StringComparer.Ordinal).Count(),
            total.Count == 0 ? null : total.Mean,
            features.WaitMinutes,
            MinRatings,
            FalseDiscovery.Rate,
            [.. drivers.OrderBy(d => ReadingOrder(d.Reading)).ThenByDescending(CertainEffect)
                .ThenByDescending(d => Math.Abs(d.Adjusted?.Effect ?? 0)).ThenBy(d => d.Id, StringComparer.Ordinal)]);
    }

    private static SatisfactionDriver Describe(
        DriverFeature feature, RatingMoments with, RatingMoments without, IReadOnlyList<DriverCustomer> customers, Estimate? adjusted, double? q)
    {
        var raw = WelchDifference.Of(with, without);
        var reading = q is not { } value ? DriverReading.NotEnoughData
            : value > FalseDiscovery.Rate ? DriverReading.NoClearDifference
            : adjusted!.Effect < 0 ? DriverReading.Lower : DriverReading.Higher;
        return new SatisfactionDriver(feature.Id, feature.Label, feature.Factor, (int)with.Count, (int)without.Count,
            with.Mean, without.Mean, raw, adjusted, q, reading, customers);
    }

    // The customers with the feature, lowest mean rating (over their conversations with it) first. Only the first
    // MaxCustomersListed are kept while scanning (a heap whose top is the worst kept), so a feature of ten thousand
    // customers costs a comparison each, not a sort of them all.
    private static List<DriverCustomer> Customers(IReadOnlyList<RatedGroup> groups, bool[] applies)
    {
        var byCustomer = new Dictionary<string, (RatingMoments Ratings, int Conversations)>(StringComparer.Ordinal);
        for (var g = 0; g < groups.Count; g++)
        {
            if (applies[g])
            {
                var pattern = groups[g].Pattern;
                ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(byCustomer, pattern.CustomerId, out var seen);
                entry = ((seen ? entry.Ratings : RatingMoments.None) + groups[g].Ratings, pattern.CustomerConversations);
            }
        }
        var kept = new PriorityQueue<DriverCustomer, DriverCustomer>(MaxCustomersListed + 1, WorstFirst);
        foreach (var (id, (ratings, conversations)) in byCustomer)
        {
            var customer = new DriverCustomer(id, ratings.Mean, conversations);
            if (kept.Count < MaxCustomersListed)
            {
                kept.Enqueue(customer, customer);
            }
            else if (ListingOrder(customer, kept.Peek()) < 0)
            {
                kept.DequeueEnqueue(customer, customer);
            }
        }
        var customers = kept.UnorderedItems.Select(x => x.Element).ToList();
        customers.Sort(ListingOrder);
        return customers;
    }

    private static readonly Comparer<DriverCustomer> WorstFirst = Comparer<DriverCustomer>.Create((a, b) => ListingOrder(b, a));

    private static int ListingOrder(DriverCustomer a, DriverCustomer b)
        => a.Rating != b.Rating ? a.Rating.CompareTo(b.Rating) : string.CompareOrdinal(a.Id, b.Id);

    private static int ReadingOrder(string reading) => reading switch
    {
        DriverReading.Lower or DriverReading.Higher => 0,
        DriverReading.NoClearDifference => 1,
        _ => 2,
    };

    // The part of the adjusted effect that is certain: the distance from zero to the interval's nearer end.
    private static double CertainEffect(SatisfactionDriver driver)
        => driver.Adjusted?.Low is { } low && driver.Adjusted.High is { } high ? Math.Max(0, Math.Max(low, -high)) : 0;
}

/// How a supervisor should read a feature. Lower and higher are associations that survived the adjustment for
/// the other features and the false discovery rate; they are not proof that the feature causes the difference.
internal static class DriverReading
{
    public const string Lower = "lower";
    public const string Higher = "higher";
    public const string NoClearDifference = "no-clear-difference";
    public const string NotEnoughData = "not-enough-data";
}

internal sealed record DriverReport(
    int Ratings, int Customers, double? MeanRating, int WaitMinutes, int MinRatings, double FalseDiscoveryRate, IReadOnlyList<SatisfactionDriver> Drivers);

/// One feature: the rated conversations with it and without it, their mean ratings, the raw difference and the
/// adjusted effect (each with a 95% t interval; no adjusted effect when there are too few ratings for the model), the Benjamini-Hochberg q-value (null when not tested: too few
/// ratings on a side) and the reading. Factor names the categorical control a level belongs to (agent, channel,
/// language); its effects are against the mean of the factor's other levels.
internal sealed record SatisfactionDriver(
    string Id, string Label, string? Factor, int With, int Without, double MeanWith, double MeanWithout,
    Estimate Raw, Estimate? Adjusted, double? QValue, string Reading, IReadOnlyList<DriverCustomer> Customers)
{
    public bool Significant => Reading is DriverReading.Lower or DriverReading.Higher;
}

/// A customer behind a feature: their mean rating over the rated conversations that had it.
internal sealed record DriverCustomer(string Id, double Rating, int Conversations);
