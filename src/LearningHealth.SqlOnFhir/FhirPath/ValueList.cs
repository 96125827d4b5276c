namespace LearningHealth.SqlOnFhir.FhirPath;

/// <summary>
/// A reusable, growable buffer of <see cref="FhirValue"/>s: the collection type every FHIRPath node writes into.
/// Lists are rented from <see cref="EvaluationContext"/> and returned after use, so steady-state evaluation
/// does not allocate collections.
/// </summary>
internal sealed class ValueList
{
    private FhirValue[] items = new FhirValue[8];

    public int Count { get; private set; }

    public ReadOnlySpan<FhirValue> Span => items.AsSpan(0, Count);

    public ref readonly FhirValue this[int index] => ref items[index];

    public void Add(in FhirValue value)
    {
        if (Count == items.Length)
        {
            Array.Resize(ref items, items.Length * 2);
        }

        items[Count++] = value;
    }

    public void AddRange(ReadOnlySpan<FhirValue> values)
    {
        foreach (ref readonly var value in values)
        {
            Add(value);
        }
    }

    /// <summary>Empties the list and drops references, so a pooled list does not keep a parsed document alive.</summary>
    public void Clear()
    {
        Array.Clear(items, 0, Count);
        Count = 0;
    }
}
