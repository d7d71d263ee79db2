using SupportBot.Analytics.Statistics;

namespace SupportBot.Analytics;

/// Every feature's effect on the rating with all the others held fixed: one linear model of the rating on every
/// yes/no feature and on the levels of each factor (agent, channel, language, month). A feature that only travels
/// with a real cause (liked an answer, but also waited long) loses its effect here. A factor's level is reported
/// against the mean of its other levels ("agent X against the other agents"), so no level has to be the baseline.
internal static class AdjustedEffects
{
    // One pseudo-rating's worth of shrinkage towards no effect: it steadies rare columns, and is negligible for
    // columns with hundreds of ratings behind them.
    private const double Penalty = 1.0;

    /// Feature id → adjusted effect, for the features that vary among the ratings; empty when there are too few
    /// ratings for the model. Applies says, per feature, which groups of rated conversations (one pattern each) have
    /// it; ratings holds each group's sums. The model is fitted on one row per group.
    public static IReadOnlyDictionary<string, Estimate> Estimate(
        IReadOnlyList<DriverFeature> features, IReadOnlyList<bool[]> applies, IReadOnlyList<RatingMoments> ratings)
    {
        var n = ratings.Sum(r => r.Count);
        var counts = new long[applies.Count];
        for (var f = 0; f < applies.Count; f++)
        {
            for (var g = 0; g < ratings.Count; g++)
            {
                counts[f] += applies[f][g] ? ratings[g].Count : 0;
            }
        }
        var columns = new List<int>();
        var contrasts = new Dictionary<string, Dictionary<int, double>>(StringComparer.Ordinal);
        for (var f = 0; f < features.Count; f++)
        {
            if (features[f].Factor is null && counts[f] > 0 && counts[f] < n)
            {
                contrasts[features[f].Id] = new() { [columns.Count] = 1 };
                columns.Add(f);
            }
        }
        foreach (var factor in features.Select((feature, f) => (feature, f)).Where(x => x.feature.Factor is not null && counts[x.f] > 0)
                     .GroupBy(x => x.feature.Factor, StringComparer.Ordinal))
        {
            var levels = factor.ToList();
            if (levels.Count < 2)
            {
                continue;
            }
            // The commonest level is the reference (coefficient 0); the others get a column each.
            var reference = levels.OrderByDescending(l => counts[l.f]).ThenBy(l => l.feature.Id, StringComparer.Ordinal).First();
            var columnOf = new Dictionary<int, int>();
            foreach (var level in levels.Where(l => l.f != reference.f))
            {
                columnOf[level.f] = columns.Count;
                columns.Add(level.f);
            }
            var others = levels.Count - 1.0;
            foreach (var level in levels)
            {
                // effect(level) − mean of effect(other levels), in terms of the non-reference coefficients.
                var weights = new Dictionary<int, double>();
                foreach (var (f, column) in columnOf)
                {
                    weights[column] = f == level.f ? 1 : -1 / others;
                }
                contrasts[level.feature.Id] = weights;
            }
        }
        var rows = new double[ratings.Count][];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = [.. columns.Select(f => applies[f][i] ? 1.0 : 0.0)];
        }
        if (RidgeRegression.Fit(rows, ratings, Penalty) is not { } model)
        {
            return new Dictionary<string, Estimate>(StringComparer.Ordinal);
        }
        return contrasts.ToDictionary(c => c.Key, c => model.Contrast(c.Value), StringComparer.Ordinal);
    }
}
