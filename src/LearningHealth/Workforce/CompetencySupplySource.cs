namespace LearningHealth.Workforce;

/// <summary>
/// Answers "how many FTE hold competency X at level ≥ n" for a role whose supply names a competency. The skills
/// register will answer it once it holds assessments; until then <see cref="EnteredFiguresOnly"/> answers nothing
/// and each role keeps its entered <c>supply.fte</c>. Register another implementation to replace it.
/// </summary>
public interface ICompetencySupplySource
{
    /// <returns>The FTE, or null when the source cannot say (the entered figure is used then).</returns>
    double? FteHolding(string framework, string code, int minimumLevel);
}

public sealed class EnteredFiguresOnly : ICompetencySupplySource
{
    public double? FteHolding(string framework, string code, int minimumLevel) => null;
}

public static class CompetencySupplySourceExtensions
{
    /// <summary>The source as the lookup <see cref="ScenarioFile.Parse"/> takes.</summary>
    public static Func<CompetencySupply, double?> AsLookup(this ICompetencySupplySource source) =>
        c => c.Framework is { } framework && c.Code is { } code && c.MinimumLevel is { } level
            ? source.FteHolding(framework, code, level)
            : null;
}
