namespace LearningHealth.Workforce;

/// <summary>The P10, P50 and P90 of one quantity in one year across the Monte Carlo runs.</summary>
public readonly record struct Band(double P10, double P50, double P90);

/// <summary>One year of one role across the runs; <see cref="ShareClosed"/> is the share of runs with supply ≥ demand.</summary>
public sealed record BandYear(int Year, Band Supply, Band Demand, Band Gap, double ShareClosed);

public sealed record RoleBands(string Role, IReadOnlyList<BandYear> Years);

public sealed record MonteCarloResult(string Variant, int Runs, ulong Seed, IReadOnlyList<RoleBands> Roles);

/// <summary>
/// Uncertainty by Monte Carlo: each run draws the role's uncertain parameters once (rates from their distributions,
/// clipped to their valid ranges), projects it with <see cref="Projection.Core"/>, and the runs give each year's
/// P10/P50/P90 (percentiles by linear interpolation between order statistics, Hyndman and Fan's type 7). Runs are
/// spread across threads, but every (role, run) pair has its own generator seeded from (seed, role, run), so the
/// bands are the same whatever the thread scheduling.
/// </summary>
public static class MonteCarlo
{
    public const int MaxRuns = 100_000;

    public static MonteCarloResult Run(ScenarioModel scenario, VariantModel variant, int runs, ulong seed, int? maxDegreeOfParallelism = null)
    {
        if (runs is < 1 or > MaxRuns)
        {
            throw new ArgumentOutOfRangeException(nameof(runs), runs, $"runs must be between 1 and {MaxRuns}.");
        }

        var horizon = scenario.HorizonYears;
        var supply = new double[horizon * runs];
        var demand = new double[horizon * runs];
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism ?? Environment.ProcessorCount };
        var roles = new List<RoleBands>(scenario.Roles.Count);
        for (var r = 0; r < scenario.Roles.Count; r++)
        {
            var role = scenario.Roles[r];
            var baseParameters = RunParameters.For(role, variant);
            var roleIndex = r;
            var chunk = Math.Max(64, runs / (options.MaxDegreeOfParallelism * 4));
            Parallel.For(0, (runs + chunk - 1) / chunk, options, block =>
            {
                Span<double> s = stackalloc double[horizon];
                Span<double> d = stackalloc double[horizon];
                var end = Math.Min(runs, (block + 1) * chunk);
                for (var run = block * chunk; run < end; run++)
                {
                    var rng = new Xoshiro256(seed, (ulong)roleIndex, (ulong)run);
                    var parameters = Sample(role, variant, baseParameters, ref rng);
                    Projection.Core(role, parameters, s, d, []);
                    for (var i = 0; i < horizon; i++)
                    {
                        supply[(i * runs) + run] = s[i];
                        demand[(i * runs) + run] = d[i];
                    }
                }
            });

            var years = new BandYear[horizon];
            Parallel.For(0, horizon, options, () => (new double[runs], new double[runs], new double[runs]), (i, _, scratch) =>
            {
                var (sv, dv, gv) = scratch;
                var closed = 0;
                for (var run = 0; run < runs; run++)
                {
                    sv[run] = supply[(i * runs) + run];
                    dv[run] = demand[(i * runs) + run];
                    gv[run] = sv[run] - dv[run];
                    if (gv[run] >= 0)
                    {
                        closed++;
                    }
                }

                years[i] = new BandYear(scenario.YearOf(i), Bands(sv), Bands(dv), Bands(gv), (double)closed / runs);
                return scratch;
            }, _ => { });
            roles.Add(new RoleBands(role.Name, years));
        }

        return new MonteCarloResult(variant.Name, runs, seed, roles);
    }

    /// <summary>The entered parameters with each uncertain one replaced by a draw, then the variant's factors.</summary>
    internal static RunParameters Sample(RoleModel role, VariantModel variant, in RunParameters entered, ref Xoshiro256 rng)
    {
        var p = entered;
        var u = role.Uncertainty;
        if (u.IsNone)
        {
            return p;
        }

        if (u.RetirementRate is { } retirement)
        {
            p.RetirementRate = Draw(retirement, ref rng);
        }

        if (u.AttritionRate is { } attrition)
        {
            p.AttritionRate = Draw(attrition, ref rng) * variant.AttritionFactor;
        }

        p.AttritionRate = Math.Min(p.AttritionRate, 1 - p.RetirementRate);
        if (u.CompletionRate is { } completion)
        {
            p.CompletionRate = Math.Clamp(Draw(completion, ref rng) * variant.CompletionFactor, 0, 1);
        }

        if (u.RecruitmentFactor is { } recruitment)
        {
            p.RecruitmentFactor = Draw(recruitment, ref rng) * variant.RecruitmentFactor;
        }

        if (u.IntakeFactor is { } intake)
        {
            p.IntakeFactor = Draw(intake, ref rng) * variant.IntakeFactor;
        }

        if (u.DemandGrowthRate is { } growth)
        {
            p.DemandGrowthRate = Math.Max(Draw(growth, ref rng) + variant.DemandGrowthShift, -0.99);
        }

        return p;
    }

    internal static double Draw(DistributionModel d, ref Xoshiro256 rng)
    {
        var value = d.Kind switch
        {
            DistributionKind.Normal => d.B == 0 ? d.A : d.A + (d.B * rng.NextStandardNormal()),
            DistributionKind.Triangular => Triangular(d.A, d.B, d.C, rng.NextDouble()),
            DistributionKind.Beta => d.C + ((d.D - d.C) * rng.NextBeta(d.A, d.B)),
            _ => throw new InvalidOperationException($"Unknown distribution {d.Kind}."),
        };
        return Math.Clamp(value, d.Lower, d.Upper);
    }

    /// <summary>Inverse of the triangular distribution's CDF (min a, mode c, max b) at u.</summary>
    internal static double Triangular(double a, double c, double b, double u)
    {
        if (b == a)
        {
            return a;
        }

        var f = (c - a) / (b - a);
        return u < f
            ? a + Math.Sqrt(u * (b - a) * (c - a))
            : b - Math.Sqrt((1 - u) * (b - a) * (b - c));
    }

    /// <summary>
    /// P10, P50 and P90 without a full sort: each needs the order statistics at floor(h) and floor(h) + 1, found by
    /// quickselect (Hoare's FIND) on the part of the array not yet settled. Reorders <paramref name="values"/>.
    /// </summary>
    internal static Band Bands(double[] values)
    {
        var p10 = Quantile(values, 0.10, 0);
        var p50 = Quantile(values, 0.50, (int)Math.Floor((values.Length - 1) * 0.10) + 1);
        var p90 = Quantile(values, 0.90, (int)Math.Floor((values.Length - 1) * 0.50) + 1);
        return new Band(p10, p50, p90);
    }

    /// <summary>Type 7 quantile; every element before <paramref name="from"/> is already known to be no larger than the rest.</summary>
    private static double Quantile(double[] values, double p, int from)
    {
        var h = (values.Length - 1) * p;
        var lo = (int)Math.Floor(h);
        Select(values, Math.Min(from, lo), values.Length - 1, lo);
        var low = values[lo];
        if (lo + 1 >= values.Length)
        {
            return low;
        }

        var high = double.PositiveInfinity;
        for (var i = lo + 1; i < values.Length; i++)
        {
            high = Math.Min(high, values[i]);
        }

        return low == high ? low : low + ((h - lo) * (high - low));
    }

    /// <summary>Rearranges values[left..right] so that values[k] is the k-th smallest, smaller ones before it, larger after.</summary>
    private static void Select(double[] values, int left, int right, int k)
    {
        while (right > left)
        {
            var mid = left + ((right - left) / 2);
            // Median of three as the pivot guards against sorted input.
            if (values[mid] < values[left])
            {
                (values[mid], values[left]) = (values[left], values[mid]);
            }

            if (values[right] < values[left])
            {
                (values[right], values[left]) = (values[left], values[right]);
            }

            if (values[right] < values[mid])
            {
                (values[right], values[mid]) = (values[mid], values[right]);
            }

            var pivot = values[mid];
            int i = left, j = right;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                right = j;
            }
            else if (k >= i)
            {
                left = i;
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>Type 7 percentile of sorted values: h = (n − 1)p, interpolating between the order statistics around h.</summary>
    internal static double Percentile(double[] sorted, double p)
    {
        var h = (sorted.Length - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] == sorted[hi] ? sorted[lo] : sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }
}

/// <summary>
/// xoshiro256** (Blackman and Vigna, 2018), seeded through SplitMix64 from (seed, stream, run): a small value type, so
/// each run has its own generator without allocating.
/// </summary>
internal struct Xoshiro256
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spareNormal;
    private bool _hasSpare;

    public Xoshiro256(ulong seed, ulong stream, ulong run)
    {
        var x = seed ^ (stream * 0xD1B54A32D192ED03UL) ^ (run * 0x9E3779B97F4A7C15UL) ^ 0x5851F42D4C957F2DUL;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
        _spareNormal = 0;
        _hasSpare = false;
    }

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform on [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Standard normal by the Marsaglia polar method.</summary>
    public double NextStandardNormal()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareNormal;
        }

        double u, v, s;
        do
        {
            u = (2 * NextDouble()) - 1;
            v = (2 * NextDouble()) - 1;
            s = (u * u) + (v * v);
        }
        while (s >= 1 || s == 0);
        var factor = Math.Sqrt(-2 * Math.Log(s) / s);
        _spareNormal = v * factor;
        _hasSpare = true;
        return u * factor;
    }

    /// <summary>Gamma(shape, 1) by Marsaglia and Tsang (2000); shapes below 1 by the boost Gamma(a + 1)·U^(1/a).</summary>
    public double NextGamma(double shape)
    {
        if (shape < 1)
        {
            return NextGamma(shape + 1) * Math.Pow(1 - NextDouble(), 1 / shape);
        }

        var d = shape - (1.0 / 3);
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = NextStandardNormal();
                v = 1 + (c * x);
            }
            while (v <= 0);
            v = v * v * v;
            var u = 1 - NextDouble();
            if (Math.Log(u) < (0.5 * x * x) + (d * (1 - v + Math.Log(v))))
            {
                return d * v;
            }
        }
    }

    /// <summary>Beta(α, β) as X / (X + Y) with X ~ Gamma(α), Y ~ Gamma(β).</summary>
    public double NextBeta(double alpha, double beta)
    {
        var x = NextGamma(alpha);
        var y = NextGamma(beta);
        return x / (x + y);
    }
}
