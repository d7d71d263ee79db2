using MathNet.Numerics.LinearAlgebra;

namespace SupportBot.Analytics.Statistics;

/// A linear model of the rating on every column at once, so each coefficient is that column's effect with the
/// others held fixed. A small ridge penalty (the intercept is not penalised) keeps the fit defined when columns
/// are rare or nearly collinear; with hundreds of ratings behind a column it moves the estimate by well under a
/// percent. Standard errors are the classical pooled ones (σ² from the residuals), so a column seen in two ratings
/// gets an interval as wide as two ratings deserve.
internal sealed class RidgeRegression
{
    private readonly Vector<double> _coefficients;
    private readonly Matrix<double> _covariance;

    private RidgeRegression(Vector<double> coefficients, Matrix<double> covariance, double degreesOfFreedom)
    {
        _coefficients = coefficients;
        _covariance = covariance;
        DegreesOfFreedom = degreesOfFreedom;
    }

    public double DegreesOfFreedom { get; }

    /// Null when there are too few ratings for the columns (no residual degrees of freedom). Row by row: the
    /// reference the grouped fit below is held to (RidgeRegressionTests).
    public static RidgeRegression? Fit(IReadOnlyList<double[]> rows, IReadOnlyList<double> ratings, double penalty)
    {
        var n = rows.Count;
        var p = n == 0 ? 0 : rows[0].Length;
        var degreesOfFreedom = n - p - 1.0;
        if (p == 0 || degreesOfFreedom < 1)
        {
            return null;
        }
        var means = new double[p];
        foreach (var row in rows)
        {
            for (var j = 0; j < p; j++)
            {
                means[j] += row[j] / n;
            }
        }
        var meanRating = ratings.Average();
        // Centred cross-products, accumulated row by row: the design is never held as an n × p matrix.
        var gram = Matrix<double>.Build.Dense(p, p);
        var moment = Vector<double>.Build.Dense(p);
        var centred = new double[p];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < p; j++)
            {
                centred[j] = rows[i][j] - means[j];
            }
            for (var j = 0; j < p; j++)
            {
                moment[j] += centred[j] * (ratings[i] - meanRating);
                for (var k = 0; k <= j; k++)
                {
                    gram[j, k] += centred[j] * centred[k];
                }
            }
        }
        for (var j = 0; j < p; j++)
        {
            for (var k = 0; k < j; k++)
            {
                gram[k, j] = gram[j, k];
            }
        }
        var penalised = gram + (Matrix<double>.Build.DenseIdentity(p) * penalty);
        var inverse = penalised.Inverse();
        var coefficients = inverse * moment;
        var residualSquares = 0.0;
        for (var i = 0; i < n; i++)
        {
            var fitted = meanRating;
            for (var j = 0; j < p; j++)
            {
                fitted += (rows[i][j] - means[j]) * coefficients[j];
            }
            residualSquares += (ratings[i] - fitted) * (ratings[i] - fitted);
        }
        var residualVariance = residualSquares / degreesOfFreedom;
        var covariance = inverse * gram * inverse * residualVariance;
        return new RidgeRegression(coefficients, covariance, degreesOfFreedom);
    }

    /// The same fit from rows grouped by their values: each distinct row once, with its ratings' count and sums.
    /// Those are sufficient for the linear model (the cross-products weigh each row by its count, the residuals add
    /// each group's spread about its own mean), so it equals the row-by-row fit up to rounding, reading one row per
    /// pattern instead of one per rating.
    public static RidgeRegression? Fit(IReadOnlyList<double[]> rows, IReadOnlyList<RatingMoments> ratings, double penalty)
    {
        var n = 0.0;
        var ratingSum = 0.0;
        foreach (var group in ratings)
        {
            n += group.Count;
            ratingSum += group.Sum;
        }
        var p = rows.Count == 0 ? 0 : rows[0].Length;
        var degreesOfFreedom = n - p - 1.0;
        if (p == 0 || degreesOfFreedom < 1)
        {
            return null;
        }
        var means = new double[p];
        for (var i = 0; i < rows.Count; i++)
        {
            for (var j = 0; j < p; j++)
            {
                means[j] += rows[i][j] * ratings[i].Count / n;
            }
        }
        var meanRating = ratingSum / n;
        var gram = new double[p, p];
        var moment = new double[p];
        var centred = new double[p];
        for (var i = 0; i < rows.Count; i++)
        {
            var count = ratings[i].Count;
            var deviation = ratings[i].Sum - (count * meanRating);
            for (var j = 0; j < p; j++)
            {
                centred[j] = rows[i][j] - means[j];
            }
            for (var j = 0; j < p; j++)
            {
                moment[j] += centred[j] * deviation;
                var weighted = centred[j] * count;
                for (var k = 0; k <= j; k++)
                {
                    gram[j, k] += weighted * centred[k];
                }
            }
        }
        for (var j = 0; j < p; j++)
        {
            for (var k = 0; k < j; k++)
            {
                gram[k, j] = gram[j, k];
            }
        }
        var gramMatrix = Matrix<double>.Build.DenseOfArray(gram);
        var inverse = (gramMatrix + (Matrix<double>.Build.DenseIdentity(p) * penalty)).Inverse();
        var coefficients = inverse * Vector<double>.Build.DenseOfArray(moment);
        var residualSquares = 0.0;
        for (var i = 0; i < rows.Count; i++)
        {
            var fitted = meanRating;
            for (var j = 0; j < p; j++)
            {
                fitted += (rows[i][j] - means[j]) * coefficients[j];
            }
            residualSquares += ratings[i].SquaresAbout(fitted);
        }
        var covariance = inverse * gramMatrix * inverse * (residualSquares / degreesOfFreedom);
        return new RidgeRegression(coefficients, covariance, degreesOfFreedom);
    }

    /// The effect Σ weights[j]·β[j] (one column's coefficient, or one level against the mean of the others).
    public Estimate Contrast(IReadOnlyDictionary<int, double> weights)
    {
        var effect = weights.Sum(w => w.Value * _coefficients[w.Key]);
        var variance = 0.0;
        foreach (var (j, a) in weights)
        {
            foreach (var (k, b) in weights)
            {
                variance += a * b * _covariance[j, k];
            }
        }
        return Estimate.FromT(effect, Math.Sqrt(Math.Max(0, variance)), DegreesOfFreedom);
    }
}
