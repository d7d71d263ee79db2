namespace SupportBot.Analytics;

/// Why one customer is satisfied and another not: for every customer who answered a survey, features of their
/// journey (escalated, waited long, asked again, ...), each compared by the mean rating of the customers with it
/// and without it. The difference comes with an approximate 95% interval (Welch's standard error, normal quantile);
/// drivers whose interval excludes zero are significant. They are ranked by the effect that is certain: the
/// distance from zero to the nearer end of the interval, so a large effect seen in two customers does not outrank
/// a clear one seen in fifty.
internal static class SatisfactionDrivers
{
    private const double Z95 = 1.959964;
    private const int MaxCustomersListed = 200;

    public static DriverReport Rank(IReadOnlyList<ConversationJourney> conversations, DriverFeatures features)
    {
        var customers = conversations.GroupBy(c => c.CustomerId, StringComparer.Ordinal)
            .Select(g => (Customer: g.Key, Conversations: (IReadOnlyList<ConversationJourney>)[.. g], Ratings: g.SelectMany(c => c.Ratings).ToList()))
            .Where(c => c.Ratings.Count > 0)
            .Select(c => new SurveyedCustomer(c.Customer, c.Conversations, c.Ratings.Average()))
            .ToList();
        var drivers = new List<SatisfactionDriver>();
        foreach (var feature in features.For(customers))
        {
            var with = customers.Where(feature.Applies).ToList();
            var without = customers.Where(c => !feature.Applies(c)).ToList();
            if (with.Count > 0 && without.Count > 0)
            {
                drivers.Add(Compare(feature, with, without));
            }
        }
        return new DriverReport(
            customers.Count,
            customers.Count == 0 ? null : customers.Average(c => c.Rating),
            features.WaitMinutes,
            [.. drivers.OrderByDescending(d => d.Significant).ThenByDescending(CertainEffect).ThenByDescending(d => Math.Abs(d.Effect)).ThenBy(d => d.Id, StringComparer.Ordinal)]);
    }

    private static SatisfactionDriver Compare(DriverFeature feature, List<SurveyedCustomer> with, List<SurveyedCustomer> without)
    {
        var meanWith = with.Average(c => c.Rating);
        var meanWithout = without.Average(c => c.Rating);
        var effect = meanWith - meanWithout;
        double? low = null, high = null;
        if (with.Count >= 2 && without.Count >= 2)
        {
            var standardError = Math.Sqrt((Variance(with, meanWith) / with.Count) + (Variance(without, meanWithout) / without.Count));
            low = effect - (Z95 * standardError);
            high = effect + (Z95 * standardError);
        }
        var listed = with.OrderBy(c => c.Rating).ThenBy(c => c.CustomerId, StringComparer.Ordinal).Take(MaxCustomersListed)
            .Select(c => new DriverCustomer(c.CustomerId, c.Rating, c.Conversations.Count));
        return new SatisfactionDriver(feature.Id, feature.Label, with.Count, without.Count, meanWith, meanWithout, effect, low, high,
            Significant: low > 0 || high < 0, [.. listed]);
    }

    private static double Variance(List<SurveyedCustomer> customers, double mean)
        => customers.Sum(c => (c.Rating - mean) * (c.Rating - mean)) / (customers.Count - 1);

    private static double CertainEffect(SatisfactionDriver driver)
        => driver.Low is { } low && driver.High is { } high ? Math.Max(0, Math.Max(low, -high)) : 0;
}

/// A customer with at least one survey: their conversations in the filter and their mean rating.
internal sealed record SurveyedCustomer(string CustomerId, IReadOnlyList<ConversationJourney> Conversations, double Rating);

internal sealed record DriverReport(int Customers, double? MeanRating, int WaitMinutes, IReadOnlyList<SatisfactionDriver> Drivers);

/// One feature's effect on CSAT: the mean rating of customers with it and without it, the difference (Effect) with
/// its approximate 95% interval (null with fewer than two customers on a side), and the customers behind it.
internal sealed record SatisfactionDriver(
    string Id, string Label, int CustomersWith, int CustomersWithout, double MeanWith, double MeanWithout, double Effect,
    double? Low, double? High, bool Significant, IReadOnlyList<DriverCustomer> Customers);

internal sealed record DriverCustomer(string Id, double Rating, int Conversations);
