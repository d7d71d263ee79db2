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

    /// The drivers over the rated conversations of a range (in conversation id order, as the store reads them).
    public static DriverReport Rank(IReadOnlyList<RatedConversation> rated, DriverFeatures features)
    {
        var all = features.For(rated).ToList();
        var applies = all.Select(f => rated.Select(f.Applies).ToArray()).ToList();
        var ratings = rated.Select(r => r.Rating).ToList();
        var adjusted = AdjustedEffects.Estimate(all, applies, ratings);

        var candidates = new List<(DriverFeature Feature, bool[] Applies, int With)>();
        for (var f = 0; f < all.Count; f++)
        {
            var with = applies[f].Count(x => x);
            // A feature nobody has, or everybody has, explains nothing.
            if (all[f].Reported && with > 0 && with < rated.Count)
            {
                candidates.Add((all[f], applies[f], with));
            }
        }
        var tested = candidates.Where(c => c.With >= MinRatings && rated.Count - c.With >= MinRatings
            && adjusted.TryGetValue(c.Feature.Id, out var e) && e.P is not null).ToList();
        var qValues = FalseDiscovery.Adjust([.. tested.Select(c => adjusted[c.Feature.Id].P!.Value)]);
        var qOf = tested.Select((c, i) => (c.Feature.Id, Q: qValues[i])).ToDictionary(x => x.Id, x => x.Q, StringComparer.Ordinal);

        var drivers = candidates.Select(c => Describe(c.Feature, c.Applies, rated,
            adjusted.GetValueOrDefault(c.Feature.Id), qOf.TryGetValue(c.Feature.Id, out var q) ? q : null));
        return new DriverReport(
            rated.Count,
            rated.Select(r => r.CustomerId).Distinct(StringComparer.Ordinal).Count(),
            rated.Count == 0 ? null : ratings.Average(),
            features.WaitMinutes,
            MinRatings,
            FalseDiscovery.Rate,
            [.. drivers.OrderBy(d => ReadingOrder(d.Reading)).ThenByDescending(CertainEffect)
                .ThenByDescending(d => Math.Abs(d.Adjusted?.Effect ?? 0)).ThenBy(d => d.Id, StringComparer.Ordinal)]);
    }

    private static SatisfactionDriver Describe(DriverFeature feature, bool[] applies, IReadOnlyList<RatedConversation> rated, Estimate? adjusted, double? q)
    {
        var with = rated.Where((_, i) => applies[i]).ToList();
        var without = rated.Where((_, i) => !applies[i]).ToList();
        var raw = WelchDifference.Of([.. with.Select(r => r.Rating)], [.. without.Select(r => r.Rating)]);
        var reading = q is not { } value ? DriverReading.NotEnoughData
            : value > FalseDiscovery.Rate ? DriverReading.NoClearDifference
            : adjusted!.Effect < 0 ? DriverReading.Lower : DriverReading.Higher;
        var listed = with.GroupBy(r => r.CustomerId, StringComparer.Ordinal)
            .Select(g => new DriverCustomer(g.Key, g.Average(r => r.Rating), g.First().CustomerConversations))
            .OrderBy(c => c.Rating).ThenBy(c => c.Id, StringComparer.Ordinal).Take(MaxCustomersListed);
        return new SatisfactionDriver(feature.Id, feature.Label, feature.Factor, with.Count, without.Count,
            with.Average(r => r.Rating), without.Average(r => r.Rating), raw, adjusted, q, reading, [.. listed]);
    }

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
