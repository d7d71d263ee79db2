namespace SupportBot.Analytics.Statistics;

/// What a set of ratings contributes to a mean, a variance and a linear model: their count, sum and sum of squares,
/// which add across groups, so ratings grouped by the store come to the same figures as one by one. The lowest and
/// highest tell a set with no spread at all exactly, which the sums alone would leave a rounding error away from zero.
internal readonly record struct RatingMoments(long Count, double Sum, double SumOfSquares, double Min, double Max)
{
    public static RatingMoments None { get; } = new(0, 0, 0, double.PositiveInfinity, double.NegativeInfinity);

    public static RatingMoments Of(double rating) => new(1, rating, rating * rating, rating, rating);

    public static RatingMoments Of(IEnumerable<double> ratings) => ratings.Aggregate(None, (m, r) => m + Of(r));

    public double Mean => Sum / Count;

    /// The sample variance (n − 1); zero when every rating is the same.
    public double Variance => Count < 2 || Min == Max ? 0 : Math.Max(0, (SumOfSquares - (Sum * Sum / Count)) / (Count - 1));

    /// The squared distances of these ratings from one value (what they add to a model's residuals): their spread
    /// about their own mean plus their mean's distance, so a single rating's is exactly (rating − value)².
    public double SquaresAbout(double value)
    {
        var mean = Mean;
        return Math.Max(0, SumOfSquares - (Sum * mean)) + (Count * (mean - value) * (mean - value));
    }

    public static RatingMoments operator +(RatingMoments a, RatingMoments b)
        => new(a.Count + b.Count, a.Sum + b.Sum, a.SumOfSquares + b.SumOfSquares, Math.Min(a.Min, b.Min), Math.Max(a.Max, b.Max));
}
