using MathNet.Numerics.Distributions;

namespace LearningHealth.Statistics;

/// <summary>A two-sided interval.</summary>
public readonly record struct Interval(double Lower, double Upper);

/// <summary>
/// Confidence intervals as Public Health England's Fingertips and the R package PHEindicatormethods compute them.
/// </summary>
/// <remarks>
/// Source: Public Health England, "Technical Guide: Confidence Intervals" (Fingertips, APHO 2008, updated) and
/// PHEindicatormethods (<c>wilson_lower</c>, <c>wilson_upper</c>, <c>byars_lower</c>, <c>byars_upper</c> in
/// <c>R/utils.R</c>). Each method's own reference is on the method.
/// </remarks>
public static class ConfidenceIntervals
{
    /// <summary>The standard normal quantile z = Φ⁻¹(1 − α/2) for a two-sided level 1 − α.</summary>
    public static double ZFor(double level)
    {
        CheckLevel(level);
        return Normal.InvCDF(0, 1, 1 - (1 - level) / 2);
    }

    /// <summary>
    /// Wilson score interval for a proportion x/n, as a proportion between 0 and 1:
    /// (2x + z² ± z·√(z² + 4x(1 − x/n))) / (2(n + z²)).
    /// </summary>
    /// <remarks>
    /// Wilson EB, "Probable inference, the law of succession, and statistical inference", J Am Stat Assoc
    /// 1927;22:209–212; in the form of Newcombe RG &amp; Altman DG, "Proportions and their differences", in
    /// Statistics with Confidence (2nd edn, BMJ Books 2000), pp. 46–48, as PHE's Fingertips uses it.
    /// </remarks>
    public static Interval Wilson(double x, double n, double level = 0.95)
    {
        if (!double.IsFinite(n) || n <= 0)
        {
            throw new ArgumentException($"The denominator n must be greater than zero (got {n}).");
        }

        if (!double.IsFinite(x) || x < 0)
        {
            throw new ArgumentException($"The numerator x must be zero or more (got {x}).");
        }

        if (x > n)
        {
            throw new ArgumentException($"The numerator x ({x}) must not exceed the denominator n ({n}).");
        }

        var z = ZFor(level);
        return WilsonWithZ(x, n, z);
    }

    /// <summary>The Wilson interval for a given z; x may be any real in [0, n] (used to invert the interval for funnel limits).</summary>
    internal static Interval WilsonWithZ(double x, double n, double z)
    {
        var z2 = z * z;
        // x(1 − x/n) can dip a hair below zero at x = n through rounding; it is zero there.
        var spread = z * Math.Sqrt(z2 + 4 * Math.Max(0, x * (1 - x / n)));
        var denominator = 2 * (n + z2);
        return new Interval(
            Math.Max(0, (2 * x + z2 - spread) / denominator),
            Math.Min(1, (2 * x + z2 + spread) / denominator));
    }

    /// <summary>
    /// Byar's approximation to the exact Poisson interval for a count x:
    /// lower = x·(1 − 1/(9x) − z/(3√x))³, upper = (x+1)·(1 − 1/(9(x+1)) + z/(3√(x+1)))³.
    /// </summary>
    /// <remarks>
    /// Breslow NE &amp; Day NE, "Statistical Methods in Cancer Research, Volume II: The Design and Analysis of Cohort
    /// Studies" (IARC Scientific Publications No. 82, Lyon 1987); PHEindicatormethods <c>byars_lower</c> /
    /// <c>byars_upper</c>. The lower limit is 0 when x = 0. For very small counts at high levels the approximation
    /// gives a negative lower limit (PHEindicatormethods returns NA there); it is reported as 0. PHE prefer the
    /// exact limits (<see cref="ExactPoisson"/>) for counts below 10.
    /// </remarks>
    public static Interval Byar(double x, double level = 0.95)
    {
        CheckCount(x);
        var z = ZFor(level);
        var lower = x == 0 ? 0 : x * Math.Pow(1 - 1 / (9 * x) - z / (3 * Math.Sqrt(x)), 3);
        var upper = (x + 1) * Math.Pow(1 - 1 / (9 * (x + 1)) + z / (3 * Math.Sqrt(x + 1)), 3);
        return new Interval(Math.Max(0, lower), upper);
    }

    /// <summary>
    /// Exact Poisson interval for a count x from chi-square quantiles:
    /// lower = χ²(α/2; 2x)/2 (0 when x = 0), upper = χ²(1 − α/2; 2x + 2)/2.
    /// </summary>
    /// <remarks>
    /// Garwood F, "Fiducial limits for the Poisson distribution", Biometrika 1936;28:437–442; the chi-square form
    /// is in Ulm K, "A simple method to calculate the confidence interval of a standardized mortality ratio",
    /// Am J Epidemiol 1990;131:373–375, and PHE's confidence interval guide.
    /// </remarks>
    public static Interval ExactPoisson(double x, double level = 0.95)
    {
        CheckCount(x);
        CheckLevel(level);
        var alpha = 1 - level;
        return ExactPoissonTails(x, alpha / 2);
    }

    /// <summary>The exact Poisson interval with a tail probability of <paramref name="tail"/> on each side.</summary>
    internal static Interval ExactPoissonTails(double x, double tail)
    {
        var lower = x == 0 ? 0 : ChiSquared.InvCDF(2 * x, tail) / 2;
        var upper = ChiSquared.InvCDF(2 * x + 2, 1 - tail) / 2;
        return new Interval(lower, upper);
    }

    private static void CheckCount(double x)
    {
        if (!double.IsFinite(x) || x < 0)
        {
            throw new ArgumentException($"The count x must be zero or more (got {x}).");
        }
    }

    private static void CheckLevel(double level)
    {
        if (!(level > 0 && level < 1))
        {
            throw new ArgumentException($"The confidence level must be between 0 and 1, e.g. 0.95 (got {level}).");
        }
    }
}
