namespace LearningHealth.Statistics;

/// <summary>A unit (a team, a trust, a practice) with a numerator out of a denominator.</summary>
public sealed record ProportionUnit(string Name, double Numerator, double Denominator);

/// <summary>A unit with an observed count and the count expected from reference rates (indirect standardisation).</summary>
public sealed record RatioUnit(string Name, double Observed, double Expected);

/// <summary>How a proportion funnel's limits are drawn.</summary>
public enum ProportionFunnelMethod
{
    /// <summary>Public Health England's method: invert the Wilson score interval (<see cref="FunnelLimits.WilsonInversion"/>).</summary>
    Wilson,

    /// <summary>Spiegelhalter's arcsine square-root limits, optionally widened for overdispersion (<see cref="FunnelLimits.VarianceStabilised"/>).</summary>
    Spiegelhalter,
}

/// <summary>
/// One unit on a funnel plot: its value (proportion or ratio), the limits at its size and where it lies.
/// For a ratio, <see cref="Numerator"/> is the observed and <see cref="Denominator"/> the expected count.
/// </summary>
public sealed record FunnelUnit(
    string Name,
    double Numerator,
    double Denominator,
    double Value,
    FunnelControlLimits Limits,
    FunnelFlag Flag95,
    FunnelFlag Flag998);

/// <summary>
/// A funnel plot of proportions: target p₀ = Σ numerators / Σ denominators, limits at each unit's denominator by
/// the chosen method, and each unit flagged against the 95% and 99.8% limits.
/// </summary>
/// <remarks>
/// Spiegelhalter DJ, "Funnel plots for comparing institutional performance", Statistics in Medicine
/// 2005;24:1185–1202; Public Health England, Fingertips technical guidance on funnel plots. The limit methods are
/// described on <see cref="FunnelLimits"/> and the overdispersion estimate on <see cref="Overdispersion"/>.
/// </remarks>
public sealed class ProportionFunnel
{
    private ProportionFunnel(double target, ProportionFunnelMethod method, OverdispersionEstimate? overdispersion)
    {
        Target = target;
        Method = method;
        Overdispersion = overdispersion;
    }

    public double Target { get; }

    public ProportionFunnelMethod Method { get; }

    /// <summary>The estimate when an overdispersion adjustment was asked for; null otherwise.</summary>
    public OverdispersionEstimate? Overdispersion { get; }

    public IReadOnlyList<FunnelUnit> Units { get; private set; } = [];

    /// <summary>Fits the funnel to the units and flags each one.</summary>
    /// <param name="adjustForOverdispersion">Estimate τ² and widen the limits (Spiegelhalter method only).</param>
    public static ProportionFunnel Fit(IReadOnlyList<ProportionUnit> units, ProportionFunnelMethod method, bool adjustForOverdispersion = false)
    {
        ArgumentNullException.ThrowIfNull(units);
        if (units.Count == 0)
        {
            throw new ArgumentException("No units: a funnel plot needs at least one unit.");
        }

        if (adjustForOverdispersion && method != ProportionFunnelMethod.Spiegelhalter)
        {
            throw new ArgumentException("The overdispersion adjustment works on the arcsine scale: use the Spiegelhalter method.");
        }

        foreach (var unit in units)
        {
            Check(unit);
        }

        var target = units.Sum(u => u.Numerator) / units.Sum(u => u.Denominator);
        var funnel = new ProportionFunnel(target, method, adjustForOverdispersion ? Statistics.Overdispersion.ForProportions(units, target) : null);
        funnel.Units = [.. units.Select(u =>
        {
            var value = u.Numerator / u.Denominator;
            var limits = funnel.LimitsAt(u.Denominator);
            return new FunnelUnit(u.Name, u.Numerator, u.Denominator, value, limits, limits.Flag95(value), limits.Flag998(value));
        })];
        return funnel;
    }

    /// <summary>The 95% and 99.8% limits at a denominator of <paramref name="size"/>.</summary>
    public FunnelControlLimits LimitsAt(double size)
    {
        Interval Limit(double z) => Method == ProportionFunnelMethod.Wilson
            ? FunnelLimits.WilsonInversion(Target, size, z)
            : FunnelLimits.VarianceStabilised(Target, size, z, Overdispersion?.Tau2 ?? 0);

        var inner = Limit(FunnelLimits.Z95);
        var outer = Limit(FunnelLimits.Z998);
        return new FunnelControlLimits(size, inner.Lower, inner.Upper, outer.Lower, outer.Upper);
    }

    private static void Check(ProportionUnit unit)
    {
        if (!double.IsFinite(unit.Denominator) || unit.Denominator <= 0)
        {
            throw new ArgumentException($"Unit '{unit.Name}': the denominator must be greater than zero (got {unit.Denominator}).");
        }

        if (!double.IsFinite(unit.Numerator) || unit.Numerator < 0)
        {
            throw new ArgumentException($"Unit '{unit.Name}': the numerator must be zero or more (got {unit.Numerator}).");
        }

        if (unit.Numerator > unit.Denominator)
        {
            throw new ArgumentException($"Unit '{unit.Name}': the numerator ({unit.Numerator}) must not exceed the denominator ({unit.Denominator}).");
        }
    }
}

/// <summary>
/// A funnel plot of indirectly standardised ratios O/E around a target of 1, with exact Poisson limits at each
/// unit's expected count (<see cref="FunnelLimits.PoissonRatio"/>).
/// </summary>
/// <remarks>Spiegelhalter DJ, Statistics in Medicine 2005;24:1185–1202; FunnelPlotR (NHS-R Community).</remarks>
public sealed class RatioFunnel
{
    private RatioFunnel()
    {
    }

    /// <summary>An indirectly standardised ratio is 1 when the unit matches the reference rates.</summary>
    public double Target { get; } = 1;

    public IReadOnlyList<FunnelUnit> Units { get; private set; } = [];

    public static RatioFunnel Fit(IReadOnlyList<RatioUnit> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        if (units.Count == 0)
        {
            throw new ArgumentException("No units: a funnel plot needs at least one unit.");
        }

        foreach (var unit in units)
        {
            if (!double.IsFinite(unit.Expected) || unit.Expected <= 0)
            {
                throw new ArgumentException($"Unit '{unit.Name}': the expected count must be greater than zero (got {unit.Expected}).");
            }

            if (!double.IsFinite(unit.Observed) || unit.Observed < 0)
            {
                throw new ArgumentException($"Unit '{unit.Name}': the observed count must be zero or more (got {unit.Observed}).");
            }
        }

        var funnel = new RatioFunnel();
        funnel.Units = [.. units.Select(u =>
        {
            var value = u.Observed / u.Expected;
            var limits = funnel.LimitsAt(u.Expected);
            return new FunnelUnit(u.Name, u.Observed, u.Expected, value, limits, limits.Flag95(value), limits.Flag998(value));
        })];
        return funnel;
    }

    /// <summary>The 95% and 99.8% limits at an expected count of <paramref name="expected"/>.</summary>
    public FunnelControlLimits LimitsAt(double expected)
    {
        var inner = FunnelLimits.PoissonRatio(expected, FunnelLimits.Tail95);
        var outer = FunnelLimits.PoissonRatio(expected, FunnelLimits.Tail998);
        return new FunnelControlLimits(expected, inner.Lower, inner.Upper, outer.Lower, outer.Upper);
    }
}
