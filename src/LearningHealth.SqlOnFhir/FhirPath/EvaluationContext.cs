using System.Text.Json;

namespace LearningHealth.SqlOnFhir.FhirPath;

/// <summary>
/// Per-evaluation state: the resource being read, the current <c>$this</c>, <c>$index</c> and <c>%rowIndex</c>,
/// and a pool of <see cref="ValueList"/> buffers. One context serves one thread; it is reused across resources.
/// </summary>
internal sealed class EvaluationContext
{
    private readonly Stack<ValueList> pool = new();

    /// <summary>The resource the view is being applied to (<c>%resource</c>, and the owner of <c>getResourceKey()</c>).</summary>
    public JsonElement Resource { get; set; }

    /// <summary><c>%context</c>: the focus the expression being evaluated started from.</summary>
    public ValueList Focus { get; set; } = new();

    /// <summary>The collection <c>$this</c> refers to; arguments that are not lambdas are evaluated against it.</summary>
    public ValueList This { get; set; } = new();

    /// <summary><c>$index</c> inside lambda functions such as <c>where()</c> and <c>select()</c>.</summary>
    public int Index { get; set; }

    /// <summary><c>%rowIndex</c>: the position of the current element in the innermost forEach, forEachOrNull or repeat.</summary>
    public int RowIndex { get; set; }

    public ValueList Rent() => pool.Count > 0 ? pool.Pop() : new ValueList();

    public void Return(ValueList list)
    {
        list.Clear();
        pool.Push(list);
    }
}
