using LearningHealth.SqlOnFhir.FhirPath;

namespace LearningHealth.SqlOnFhir.Views;

/// <summary>How a selection structure chooses the nodes it produces rows for (SQL on FHIR v2 "Unnesting semantics").</summary>
internal enum IterationKind
{
    /// <summary>No iteration: the parent's node, and the parent's <c>%rowIndex</c>.</summary>
    None,
    ForEach,
    ForEachOrNull,
    /// <summary>Depth-first, pre-order traversal through the repeat expressions.</summary>
    Repeat,
}

/// <summary>
/// A compiled selection structure (the view root, a <c>select</c>, or a <c>unionAll</c> branch). Its output is the
/// Cartesian product of its parts, in order: its columns, each nested select, then its unionAll (SQL on FHIR v2
/// "Processing Algorithm", step 2). The evaluator walks parts as nested loops, writing each part's columns into
/// fixed slots of one row buffer, so no partial rows are materialised. Collections here are arrays so the hot
/// loops iterate them without enumerator allocations.
/// </summary>
internal sealed class SelectionNode
{
    public SelectionNode(int id, string elementPath, SelectionNode? parent, int resumePart)
    {
        Id = id;
        ElementPath = elementPath;
        Parent = parent;
        ResumePart = resumePart;
    }

    /// <summary>Index into the evaluator's per-node state (current focus and <c>%rowIndex</c>).</summary>
    public int Id { get; }

    public string ElementPath { get; }

    /// <summary>The structure whose parts this one belongs to; null for the view root.</summary>
    public SelectionNode? Parent { get; }

    /// <summary>The part of <see cref="Parent"/> to continue with once this structure has bound its columns for one row.</summary>
    public int ResumePart { get; }

    public IterationKind Iteration { get; set; }

    /// <summary>The <c>forEach</c>, <c>forEachOrNull</c> or <c>repeat</c> expressions.</summary>
    public CompiledExpression[] IterationExpressions { get; set; } = [];

    public SelectionPart[] Parts { get; set; } = [];

    /// <summary>Every row slot written under this structure, cleared to null for the forEachOrNull null row.</summary>
    public int[] Slots { get; set; } = [];
}

/// <summary>One factor of a selection's Cartesian product.</summary>
internal abstract class SelectionPart;

/// <summary>The <c>column</c> list of a selection: one partial row.</summary>
internal sealed class ColumnsPart(ColumnBinding[] columns) : SelectionPart
{
    public ColumnBinding[] Columns { get; } = columns;
}

/// <summary>A nested <c>select</c>: its rows repeat the parent's values (SQL on FHIR v2 "Multiple Select Expressions").</summary>
internal sealed class NestedSelectPart(SelectionNode child) : SelectionPart
{
    public SelectionNode Child { get; } = child;
}

/// <summary>A <c>unionAll</c>: the rows of every branch, one branch after another (SQL on FHIR v2 "Unions").</summary>
internal sealed class UnionAllPart(SelectionNode[] branches) : SelectionPart
{
    public SelectionNode[] Branches { get; } = branches;
}

/// <summary>A column bound to its row slot.</summary>
internal sealed record ColumnBinding(string ElementPath, string Name, CompiledExpression Expression, int Slot, bool Collection, ColumnValueKind Kind);

/// <summary>A compiled view-level <c>where</c> path.</summary>
internal sealed record WhereClause(string ElementPath, CompiledExpression Expression);
