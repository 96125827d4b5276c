namespace LearningHealth.Statistics;

/// <summary>Where a unit lies against one pair of funnel limits. A value on a limit is inside.</summary>
public enum FunnelFlag
{
    Inside,
    Above,
    Below,
}

/// <summary>The 95% and 99.8% funnel limits at one size (denominator, or expected count for ratios).</summary>
public readonly record struct FunnelControlLimits(double Size, double Lower95, double Upper95, double Lower998, double Upper998)
{
    public FunnelFlag Flag95(double value) => Flag(value, Lower95, Upper95);

    public FunnelFlag Flag998(double value) => Flag(value, Lower998, Upper998);

    private static FunnelFlag Flag(double value, double lower, double upper) =>
        value > upper ? FunnelFlag.Above : value < lower ? FunnelFlag.Below : FunnelFlag.Inside;
}

/// <summary>
/// Funnel-plot control limits at a given size, for a target value. The levels are Spiegelhalter's: 95%
/// (z = 1.959964, 2.5% in each tail) and 99.8% (z = 3.090232, 0.1% in each tail).
/// </summary>
/// <remarks>
/// Spiegelhalter DJ, "Funnel plots for comparing institutional performance", Statistics in Medicine
/// 2005;24:1185–1202.
/// </remarks>
public static class FunnelLimits
{
    public const double Z95 = 1.959964;
    public const double Z998 = 3.090232;
    public const double Tail95 = 0.025;
    public const double Tail998 = 0.001;

    /// <summary>
    /// Limits for a proportion by Public Health England's method: at size n, each limit is the observed proportion
    /// whose Wilson score interval just reaches the target p₀ (the upper limit is the proportion whose Wilson lower
    /// bound equals p₀, the lower limit the one whose Wilson upper bound equals p₀), found by bisection and kept
    /// within [0, 1].
    /// </summary>
    /// <remarks>
    /// Public Health England, Fingertips technical guidance, "Funnel plots" (PHE funnel plot tool for proportions),
    /// and PHEindicatormethods <c>phe_funnels</c> / <c>phe_funnel_significance</c>, which solve the same equation in
    /// closed form (its <c>sigma_adjustment</c>). Because the Wilson interval is the inversion of the score test,
    /// the solution is also p₀ ± z·√(p₀(1 − p₀)/n); the tests check the bisection against that closed form.
    /// </remarks>
    public static Interval WilsonInversion(double target, double size, double z)
    {
        CheckProportionTarget(target);
        CheckSize(size);

        // The Wilson upper bound rises with the observed proportion; at 0 it is z²/(n + z²). If even that reaches
        // the target, no observed proportion is low enough to be flagged and the limit is 0.
        double WilsonUpperMinusTarget(double p) => ConfidenceIntervals.WilsonWithZ(p * size, size, z).Upper - target;
        double WilsonLowerMinusTarget(double p) => ConfidenceIntervals.WilsonWithZ(p * size, size, z).Lower - target;

        var lower = WilsonUpperMinusTarget(0) >= 0 ? 0 : Bisect(WilsonUpperMinusTarget, 0, target);
        var upper = WilsonLowerMinusTarget(1) <= 0 ? 1 : Bisect(WilsonLowerMinusTarget, target, 1);
        return new Interval(lower, upper);
    }

    /// <summary>
    /// Spiegelhalter's variance-stabilised limits for a proportion: sin²(asin√p₀ ± z·√(1/(4n) + τ²)), the angle kept
    /// within [0, π/2] so that the limits stay in [0, 1]. τ² is the additive overdispersion (0 for none).
    /// </summary>
    /// <remarks>
    /// Spiegelhalter DJ, Statistics in Medicine 2005;24:1185–1202, section on transformations (the arcsine
    /// square-root transform has variance 1/(4n)), with the random-effects widening of Spiegelhalter DJ, "Handling
    /// over-dispersion of performance indicators", Quality and Safety in Health Care 2005;14:347–351.
    /// </remarks>
    public static Interval VarianceStabilised(double target, double size, double z, double tau2 = 0)
    {
        CheckProportionTarget(target);
        CheckSize(size);
        if (!(tau2 >= 0) || !double.IsFinite(tau2))
        {
            throw new ArgumentException($"τ² must be zero or more (got {tau2}).");
        }

        var centre = Math.Asin(Math.Sqrt(target));
        var halfWidth = z * Math.Sqrt(1 / (4 * size) + tau2);
        // Clipping the angle, not the proportion: sin² would fold back beyond 0 or π/2.
        var low = Math.Max(0, centre - halfWidth);
        var high = Math.Min(Math.PI / 2, centre + halfWidth);
        return new Interval(Math.Pow(Math.Sin(low), 2), Math.Pow(Math.Sin(high), 2));
    }

    /// <summary>
    /// Exact Poisson limits for an indirectly standardised ratio O/E around a target of 1 at expected count E:
    /// lower = χ²(tail; 2E) / (2E), upper = χ²(1 − tail; 2E + 2) / (2E).
    /// </summary>
    /// <remarks>
    /// The exact (Garwood) Poisson interval of a count equal to E, divided by E, as in Spiegelhalter DJ, Statistics
    /// in Medicine 2005;24:1185–1202 (Poisson outcomes, standardised ratios) and as the NHS-R package FunnelPlotR
    /// draws its Poisson limits. The chi-square quantiles come from MathNet.Numerics' <c>ChiSquared.InvCDF</c>.
    /// </remarks>
    public static Interval PoissonRatio(double expected, double tail)
    {
        CheckSize(expected);
        var counts = ConfidenceIntervals.ExactPoissonTails(expected, tail);
        return new Interval(counts.Lower / expected, counts.Upper / expected);
    }

    private static double Bisect(Func<double, double> f, double low, double high)
    {
        // f(low) < 0 ≤ f(high), f increasing; 200 halvings pass double precision on [0, 1].
        for (var i = 0; i < 200 && high - low > 1e-15; i++)
        {
            var mid = (low + high) / 2;
            if (f(mid) < 0)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }

        return (low + high) / 2;
    }

    private static void CheckProportionTarget(double target)
    {
        if (!(target >= 0 && target <= 1))
        {
            throw new ArgumentException($"The target proportion must be between 0 and 1 (got {target}).");
        }
    }

    private static void CheckSize(double size)
    {
        if (!double.IsFinite(size) || size <= 0)
        {
            throw new ArgumentException($"The size must be greater than zero (got {size}).");
        }
    }
}
