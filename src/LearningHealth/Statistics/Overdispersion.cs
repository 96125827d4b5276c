namespace LearningHealth.Statistics;

/// <summary>
/// The overdispersion estimate: φ, the mean squared (winsorised) z-score, and τ², the additive between-unit
/// variance on the transformed scale (0 when φ shows no overdispersion).
/// </summary>
public sealed record OverdispersionEstimate(int Units, double Phi, double Tau2)
{
    /// <summary>Whether the limits are widened: only when nφ &gt; n − 1.</summary>
    public bool Adjusted => Tau2 > 0;
}

/// <summary>
/// Spiegelhalter's additive random-effects overdispersion estimate for proportions on the arcsine square-root scale.
/// </summary>
/// <remarks>
/// <para>
/// Spiegelhalter DJ, "Handling over-dispersion of performance indicators", Quality and Safety in Health Care
/// 2005;14:347–351, and "Funnel plots for comparing institutional performance", Statistics in Medicine
/// 2005;24:1185–1202, section 6; the NHS-R package FunnelPlotR follows the same steps (<c>winsorisation</c>,
/// <c>phi_func</c>, <c>tau_func</c>).
/// </para>
/// <para>
/// For n units: yᵢ = asin√(xᵢ/nᵢ), θ₀ = asin√p₀, sᵢ² = 1/(4nᵢ), zᵢ = (yᵢ − θ₀)/sᵢ. The z-scores below the 10th
/// percentile are set to it, those above the 90th set to it (winsorising; percentiles by linear interpolation
/// between order statistics, R's default type 7, as FunnelPlotR's <c>quantile</c> call uses). φ = (1/n)·Σzᵢ²
/// over the winsorised z-scores. If nφ &gt; n − 1, τ² = (nφ − (n − 1)) / (Σwᵢ − Σwᵢ²/Σwᵢ) with wᵢ = 1/sᵢ²;
/// otherwise τ² = 0. With fewer than two units τ² cannot be estimated and is 0.
/// </para>
/// </remarks>
public static class Overdispersion
{
    /// <summary>Fraction winsorised at each end.</summary>
    public const double WinsorFraction = 0.1;

    public static OverdispersionEstimate ForProportions(IReadOnlyList<ProportionUnit> units, double target)
    {
        ArgumentNullException.ThrowIfNull(units);
        var n = units.Count;
        if (n == 0)
        {
            throw new ArgumentException("No units: overdispersion needs at least one unit.");
        }

        var centre = Math.Asin(Math.Sqrt(target));
        var z = new double[n];
        var weights = new double[n];
        for (var i = 0; i < n; i++)
        {
            var unit = units[i];
            var s = Math.Sqrt(1 / (4 * unit.Denominator));
            z[i] = (Math.Asin(Math.Sqrt(unit.Numerator / unit.Denominator)) - centre) / s;
            weights[i] = 1 / (s * s);
        }

        var winsorised = Winsorise(z, WinsorFraction);
        var phi = winsorised.Sum(v => v * v) / n;
        if (n < 2 || n * phi <= n - 1)
        {
            return new OverdispersionEstimate(n, phi, 0);
        }

        var sumW = weights.Sum();
        var sumW2 = weights.Sum(w => w * w);
        var tau2 = (n * phi - (n - 1)) / (sumW - sumW2 / sumW);
        return new OverdispersionEstimate(n, phi, tau2);
    }

    /// <summary>Sets values below the <paramref name="fraction"/> percentile to it and values above the 1 − fraction percentile to it.</summary>
    public static double[] Winsorise(IReadOnlyList<double> values, double fraction)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Order().ToArray();
        var low = Percentile(sorted, fraction);
        var high = Percentile(sorted, 1 - fraction);
        return [.. values.Select(v => Math.Clamp(v, low, high))];
    }

    /// <summary>The p-th percentile of sorted values by linear interpolation between order statistics (R type 7): h = (N − 1)p.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            throw new ArgumentException("No values to take a percentile of.");
        }

        var h = (sorted.Count - 1) * p;
        var below = (int)Math.Floor(h);
        return below + 1 < sorted.Count
            ? sorted[below] + (h - below) * (sorted[below + 1] - sorted[below])
            : sorted[below];
    }
}
