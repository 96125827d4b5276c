namespace LearningHealth.Feedback;

/// <summary>A data element with what uses it and the register entries that cover its resource type.</summary>
public sealed record ElementUse(LineageElement Element, IReadOnlyList<DataUseEntry> Register)
{
    /// <summary>Used by a view or indicator with no register entry for its resource type: a governance gap.</summary>
    public bool Unregistered => Register.Count == 0;
}

/// <summary>The data-use map: the lineage graph, every element with its register cover, and a clinician's own share.</summary>
public sealed record DataUseMap(LineageGraph Graph, IReadOnlyList<ElementUse> Elements, IReadOnlyList<DataUseEntry> Register)
{
    /// <summary>Elements of records that name the clinician (Encounter.participant, MedicationRequest.requester, …).</summary>
    public IReadOnlyList<ElementUse> RecordedByClinicians { get; } = [.. Elements.Where(e => e.Element.RecordedByClinicians)];

    public IReadOnlyList<ElementUse> Unregistered { get; } = [.. Elements.Where(e => e.Unregistered)];

    public ElementUse? Element(string key) => Elements.FirstOrDefault(e => e.Element.Key == key);
}

/// <summary>"How my data is used": the lineage joined to the information-governance register.</summary>
public sealed class GetDataUseMap(DataLineage lineage, ManageDataUseRegister register)
{
    public async Task<DataUseMap> HandleAsync(CancellationToken cancellationToken = default)
    {
        var graph = await lineage.BuildAsync(cancellationToken);
        var entries = await register.ListAsync(cancellationToken);
        return Join(graph, entries);
    }

    public static DataUseMap Join(LineageGraph graph, IReadOnlyList<DataUseEntry> entries) =>
        new(graph, [.. graph.Elements.Select(e => new ElementUse(e, [.. entries.Where(r => r.Covers(e.ResourceType))]))], entries);
}
