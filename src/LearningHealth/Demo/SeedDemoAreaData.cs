using LearningHealth.AreaData;

namespace LearningHealth.Demo;

/// <summary>
/// Loads the synthetic area data set (<see cref="SyntheticAreaData"/>) into the demo's analytics store, so the demo
/// can show indicators by deprivation and rurality of where patients live. Leaves a data set of the same name alone.
/// </summary>
public sealed class SeedDemoAreaData(ImportAreaData import, ListAreaData list)
{
    public AreaImportResult? Handle()
    {
        if (list.Handle().Any(d => d.DataSet.Name == SyntheticAreaData.Name))
        {
            return null;
        }

        using var csv = new StringReader(SyntheticAreaData.Csv());
        var result = import.Handle(SyntheticAreaData.Command("demo"), csv);
        return result.Succeeded
            ? result
            : throw new InvalidOperationException($"The synthetic area data set did not import: {string.Join("; ", result.Problems)}");
    }
}
