namespace LearningHealth.Indicators;

/// <summary>
/// The pieces every query over an indicator's cases shares (computation, patient lists, stratification), so the
/// two ways of saying which cases meet it are handled in one place: a <c>numerator</c> query listing case ids, or,
/// when the numerator is left out, a Boolean <c>met</c> column of the denominator.
/// </summary>
public static class IndicatorSql
{
    /// <summary>
    /// The common table expressions <c>denominator</c> and, when the indicator has one, <c>numerator</c> (which may read
    /// the denominator), to follow <c>WITH</c>; without a trailing comma.
    /// </summary>
    public static string Ctes(IndicatorDefinition indicator)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        var denominator = $"denominator AS (\n{indicator.Denominator}\n)";
        return UsesMetColumn(indicator) ? denominator : $"{denominator},\nnumerator AS (\n{indicator.Numerator}\n)";
    }

    /// <summary>The Boolean expression, over the denominator's row as <paramref name="alias"/>, that is true for a case that meets the indicator.</summary>
    public static string Met(IndicatorDefinition indicator, string alias)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        // Testing a column of the case costs nothing; matching every case id against a list of ids is a join, which
        // for an indicator over every encounter (millions of cases) was a third of its time.
        return UsesMetColumn(indicator)
            ? $"coalesce(CAST({alias}.met AS BOOLEAN), false)"
            : $"{alias}.case_id IN (SELECT case_id FROM numerator)";
    }

    /// <summary>True when the indicator has no numerator query and reads <c>met</c> from its denominator.</summary>
    public static bool UsesMetColumn(IndicatorDefinition indicator) => string.IsNullOrWhiteSpace(indicator?.Numerator);
}
