using DuckDB.NET.Data;
using LearningHealth.Fhir;
using LearningHealth.Indicators;
using LearningHealth.Persistence;

namespace LearningHealth.Feedback;

/// <summary>A data element with what uses it and the register entries that cover its resource type.</summary>
public sealed record ElementUse(LineageElement Element, IReadOnlyList<DataUseEntry> Register)
{
    /// <summary>Used by a view or indicator with no register entry for its resource type: a governance gap.</summary>
    public bool Unregistered => Register.Count == 0;
}

/// <summary>How many records of one type name a clinician, counted in the view that reads the naming element.</summary>
public sealed record RecordCount(string ResourceType, string NamingElement, string View, string Column, long Count);

/// <summary>The data-use map: the lineage graph, every element with its register cover, and a clinician's own share.</summary>
public sealed record DataUseMap(LineageGraph Graph, IReadOnlyList<ElementUse> Elements, IReadOnlyList<DataUseEntry> Register, IReadOnlyList<RecordCount> YourRecords)
{
    /// <summary>Elements of records that name the clinician (Encounter.participant, MedicationRequest.requester, …).</summary>
    public IReadOnlyList<ElementUse> RecordedByClinicians { get; } = [.. Elements.Where(e => e.Element.RecordedByClinicians)];

    public IReadOnlyList<ElementUse> Unregistered { get; } = [.. Elements.Where(e => e.Unregistered)];

    public ElementUse? Element(string key) => Elements.FirstOrDefault(e => e.Element.Key == key);
}

/// <summary>
/// "How my data is used": the lineage joined to the information-governance register, and, for a clinician whose
/// Person is linked to a Practitioner, how many of each kind of record name them.
/// </summary>
public sealed class GetDataUseMap(DataLineage lineage, ManageDataUseRegister register, PractitionerLinks links, DatabaseOptions database)
{
    public async Task<DataUseMap> HandleAsync(Guid? personId = null, CancellationToken cancellationToken = default)
    {
        var graph = await lineage.BuildAsync(cancellationToken);
        var entries = await register.ListAsync(cancellationToken);
        var key = personId is { } id ? await links.ForPersonAsync(id, cancellationToken) : null;
        return Join(graph, entries, key is null ? [] : CountRecords(graph, key));
    }

    public static DataUseMap Join(LineageGraph graph, IReadOnlyList<DataUseEntry> entries, IReadOnlyList<RecordCount>? yourRecords = null) =>
        new(graph, [.. graph.Elements.Select(e => new ElementUse(e, [.. entries.Where(r => r.Covers(e.ResourceType))]))], entries, yourRecords ?? []);

    /// <summary>
    /// For each resource type that names the clinician, the view column that reads the naming element (from the
    /// lineage, preferring an unfiltered view so every record counts), counted for the clinician's Practitioner key.
    /// </summary>
    private List<RecordCount> CountRecords(LineageGraph graph, string practitionerKey)
    {
        var counts = new List<RecordCount>();
        var path = AnalyticsDatabase.PathIn(database.DataDirectory);
        if (!File.Exists(path))
        {
            return counts;
        }

        using var connection = ComputeIndicators.Open(path, readOnly: true);
        foreach (var (resource, element) in DataLineage.ClinicianElements)
        {
            var naming = $"{resource}.{element}";
            var source = graph.Views
                .Where(v => v.Resource == resource)
                .OrderBy(v => v.FilterElements.Count).ThenBy(v => v.Name, StringComparer.Ordinal)
                .SelectMany(v => v.Columns.Where(c => c.Elements.Count == 1 && c.Elements[0] == naming).Select(c => (View: v.Name, Column: c.Name)))
                .FirstOrDefault();
            if (source.View is null)
            {
                continue;
            }

            try
            {
                using var command = connection.CreateCommand();
                command.CommandText = $"SELECT count(*) FROM {AnalyticsStore.Quote(source.View)} WHERE {AnalyticsStore.Quote(source.Column)} = $1";
                command.Parameters.Add(new DuckDBParameter(practitionerKey));
                counts.Add(new RecordCount(resource, naming, source.View, source.Column, Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)));
            }
            catch (DuckDBException)
            {
                // The view is defined but not materialised: there is nothing of theirs in it to count.
            }
        }

        return counts;
    }
}
