using DuckDB.NET.Data;
using LearningHealth.Indicators;
using LearningHealth.Persistence;

namespace LearningHealth.AreaData;

/// <summary>
/// An area data set with its linkage coverage: of the patients in <c>patient_flat</c>, how many live in an area the
/// data set has (null when there are no patients yet). LSOA data sets link no one: patient records carry postcodes,
/// and turning a postcode into an LSOA needs a lookup (the ONS Postcode Directory) that is not part of this.
/// </summary>
public sealed record AreaDataSetSummary(AreaDataSet DataSet, long? LinkedPatients, long? Patients)
{
    public double? Coverage => Patients is > 0 ? (double)LinkedPatients!.Value / Patients.Value : null;
}

/// <summary>Lists the current area data sets with how many patients each links.</summary>
public sealed class ListAreaData(DatabaseOptions database)
{
    public IReadOnlyList<AreaDataSetSummary> Handle()
    {
        var path = AnalyticsDatabase.PathIn(database.DataDirectory);
        if (!File.Exists(path))
        {
            return [];
        }

        using var connection = AreaStore.OpenReadOnly(path);
        return [.. AreaStore.List(connection).Select(d => Summarise(connection, d))];
    }

    private static AreaDataSetSummary Summarise(DuckDBConnection connection, AreaDataSet dataSet) =>
        AreaStore.Coverage(connection, dataSet) is var (linked, total)
            ? new AreaDataSetSummary(dataSet, linked, total)
            : new AreaDataSetSummary(dataSet, null, null);
}
