using System.Text.Json;
using LearningHealth.SqlOnFhir.FhirPath;
using LearningHealth.SqlOnFhir.Views;

namespace LearningHealth.SqlOnFhir;

/// <summary>
/// Applies one <see cref="CompiledView"/> to resources, reusing its buffers from resource to resource so that
/// steady-state evaluation allocates only the cell values it returns. Not thread-safe: use one evaluator per thread
/// (<see cref="CompiledView.CreateEvaluator"/>); the <see cref="CompiledView"/> itself is immutable and can be shared.
/// </summary>
/// <remarks>
/// Implements SQL on FHIR v2 "Processing Algorithm / Process a Resource". Rather than building lists of partial rows
/// and multiplying them, the parts of each selection run as nested loops: each part binds its columns into fixed
/// slots of one row buffer and then runs the next part; after the last part of the root a row is complete and is
/// handed to the sink. The order of rows is the nested-loop order of the parts (columns, selects, unionAll), with
/// forEach items in document order.
/// </remarks>
public sealed class ViewEvaluator
{
    private static readonly byte[] ResourceTypeProperty = "resourceType"u8.ToArray();
    private static readonly byte[] IdProperty = "id"u8.ToArray();

    private readonly CompiledView view;
    private readonly EvaluationContext context = new();
    private readonly FhirValue[] focusByNode;
    private readonly int[] rowIndexByNode;
    private readonly object?[] row;
    private readonly CellStringCache strings;
    private readonly StreamingEvaluator? streaming;
    private IRowSink sink = NullSink.Instance;
    private int rowsEmitted;

    internal ViewEvaluator(CompiledView view)
    {
        this.view = view;
        focusByNode = new FhirValue[view.SelectionCount];
        rowIndexByNode = new int[view.SelectionCount];
        row = new object?[view.Columns.Count];
        strings = new CellStringCache(view.Columns.Count);
        streaming = view.Streaming is { } plan ? new StreamingEvaluator(view, plan, strings) : null;
    }

    /// <summary>
    /// Sends the rows of one resource, given as its UTF-8 JSON text, to <paramref name="rowSink"/> and returns how
    /// many there were. Views that allow it (<see cref="CompiledView.ReadsJsonDirectly"/>) are read straight from the
    /// text; the others, and any resource the direct read cannot decide, are parsed and evaluated as a document.
    /// </summary>
    /// <exception cref="JsonException">The text is not one valid JSON value.</exception>
    /// <exception cref="ViewEvaluationException">The data breaks a rule of the view (see the exception for which).</exception>
    public int Evaluate(ReadOnlyMemory<byte> utf8Json, IRowSink rowSink)
    {
        ArgumentNullException.ThrowIfNull(rowSink);
        if (streaming is not null && streaming.TryEvaluate(utf8Json, rowSink, out var rows))
        {
            return rows;
        }

        using var document = JsonDocument.Parse(utf8Json);
        return Evaluate(document.RootElement, rowSink);
    }

    /// <summary>
    /// Sends the rows <paramref name="resource"/> produces to <paramref name="rowSink"/> and returns how many there were.
    /// A resource of another type than the view's produces no rows.
    /// </summary>
    /// <exception cref="ViewEvaluationException">The data breaks a rule of the view (see the exception for which).</exception>
    public int Evaluate(JsonElement resource, IRowSink rowSink)
    {
        ArgumentNullException.ThrowIfNull(rowSink);
        if (resource.ValueKind != JsonValueKind.Object
            || !resource.TryGetProperty(ResourceTypeProperty, out var resourceType)
            || !resourceType.ValueEquals(view.ResourceUtf8))
        {
            return 0;
        }

        sink = rowSink;
        rowsEmitted = 0;
        context.Resource = resource;
        context.RowIndex = 0;
        var root = view.Root;
        focusByNode[root.Id] = FhirValue.FromJson(resource);
        rowIndexByNode[root.Id] = 0;
        try
        {
            if (PassesWhere(resource))
            {
                RunParts(root, 0);
            }

            return rowsEmitted;
        }
        finally
        {
            // Drop references into the document so a disposed JsonDocument is not reachable from here.
            Array.Clear(focusByNode);
            Array.Clear(row);
            context.Resource = default;
            sink = NullSink.Instance;
        }
    }

    /// <summary>SQL on FHIR v2 <c>where</c>: every path must be true; empty excludes the resource; anything but a Boolean is an error.</summary>
    private bool PassesWhere(JsonElement resource)
    {
        if (view.Wheres.Length == 0)
        {
            return true;
        }

        var focus = FhirValue.FromJson(resource);
        var result = context.Rent();
        try
        {
            foreach (var (elementPath, expression) in view.Wheres)
            {
                result.Clear();
                try
                {
                    expression.Evaluate(focus, context, result);
                }
                catch (FhirPathEvaluationException error)
                {
                    throw Failure(elementPath, error.Message, error);
                }

                if (result.Count == 0)
                {
                    return false;
                }

                if (result.Count > 1 || !result[0].TryGetBoolean(out var passes))
                {
                    throw Failure($"{elementPath}.path",
                        $"'{expression.Text}' must return a single Boolean but returned {Describe(result)}.", null);
                }

                if (!passes)
                {
                    return false;
                }
            }

            return true;
        }
        finally
        {
            context.Return(result);
        }
    }

    private void RunParts(SelectionNode node, int partIndex)
    {
        if (partIndex == node.Parts.Length)
        {
            Complete(node);
            return;
        }

        switch (node.Parts[partIndex])
        {
            case ColumnsPart columns:
                BindColumns(node, columns);
                RunParts(node, partIndex + 1);
                break;
            case NestedSelectPart nested:
                Enter(nested.Child);
                break;
            case UnionAllPart union:
                foreach (var branch in union.Branches)
                {
                    Enter(branch);
                }

                break;
        }
    }

    /// <summary>A structure has bound its columns for the current combination: continue with the parent's next part, or emit.</summary>
    private void Complete(SelectionNode node)
    {
        if (node.Parent is null)
        {
            rowsEmitted++;
            sink.OnRow(row);
            return;
        }

        RunParts(node.Parent, node.ResumePart);
    }

    /// <summary>Runs a nested structure once per node it iterates (Processing Algorithm, <c>Process(S, N)</c> steps 1 to 3).</summary>
    private void Enter(SelectionNode node)
    {
        var parent = node.Parent!;
        var parentFocus = focusByNode[parent.Id];
        var parentRowIndex = rowIndexByNode[parent.Id];
        if (node.Iteration == IterationKind.None)
        {
            focusByNode[node.Id] = parentFocus;
            rowIndexByNode[node.Id] = parentRowIndex;
            RunParts(node, 0);
            return;
        }

        var foci = context.Rent();
        try
        {
            context.RowIndex = parentRowIndex;
            if (node.Iteration == IterationKind.Repeat)
            {
                CollectRepeat(node, parentFocus, foci);
            }
            else
            {
                EvaluateExpression(node.IterationExpressions[0], parentFocus, foci, node.ElementPath);
            }

            for (var i = 0; i < foci.Count; i++)
            {
                focusByNode[node.Id] = foci[i];
                rowIndexByNode[node.Id] = i;
                RunParts(node, 0);
            }

            if (foci.Count == 0 && node.Iteration == IterationKind.ForEachOrNull)
            {
                // One row with every column under this structure null (Processing Algorithm step 3); %rowIndex is 0.
                foreach (var slot in node.Slots)
                {
                    row[slot] = null;
                }

                rowIndexByNode[node.Id] = 0;
                BindRowIndexColumnsOfNullRow(node);
                Complete(node);
            }
        }
        finally
        {
            context.Return(foci);
        }
    }

    /// <summary>
    /// <c>repeat</c>: every node reachable through the repeat expressions, depth first and in document order, each
    /// node followed by its own descendants; <c>%rowIndex</c> counts positions in this flattened order.
    /// </summary>
    private void CollectRepeat(SelectionNode node, in FhirValue from, ValueList output)
    {
        var children = context.Rent();
        try
        {
            foreach (var expression in node.IterationExpressions)
            {
                children.Clear();
                EvaluateExpression(expression, from, children, node.ElementPath);
                for (var i = 0; i < children.Count; i++)
                {
                    output.Add(children[i]);
                    CollectRepeat(node, children[i], output);
                }
            }
        }
        finally
        {
            context.Return(children);
        }
    }

    /// <summary>
    /// The conformance suite (row_index.json, "%rowIndex with forEachOrNull") expects %rowIndex to read 0 in the null
    /// row, so the structure's own columns that use it are evaluated with no focus; all its other columns stay null.
    /// </summary>
    private void BindRowIndexColumnsOfNullRow(SelectionNode node)
    {
        if (node.Parts.Length == 0 || node.Parts[0] is not ColumnsPart columns)
        {
            return;
        }

        context.RowIndex = 0;
        var values = context.Rent();
        try
        {
            foreach (var column in columns.Columns)
            {
                if (column.Expression.UsesRowIndex)
                {
                    values.Clear();
                    try
                    {
                        column.Expression.EvaluateWithoutFocus(context, values);
                    }
                    catch (FhirPathEvaluationException error)
                    {
                        throw Failure(column.ElementPath, $"'{column.Expression.Text}': {error.Message}", error);
                    }

                    row[column.Slot] = ToCell(column, values);
                }
            }
        }
        finally
        {
            context.Return(values);
        }
    }

    private void BindColumns(SelectionNode node, ColumnsPart columns)
    {
        var focus = focusByNode[node.Id];
        context.RowIndex = rowIndexByNode[node.Id];
        var values = context.Rent();
        try
        {
            foreach (var column in columns.Columns)
            {
                values.Clear();
                EvaluateExpression(column.Expression, focus, values, column.ElementPath);
                row[column.Slot] = ToCell(column, values);
            }
        }
        finally
        {
            context.Return(values);
        }
    }

    /// <summary>Processing Algorithm step 2.2: empty is null, one value is itself, several need <c>collection: true</c>.</summary>
    private object? ToCell(ColumnBinding column, ValueList values)
    {
        if (column.Collection)
        {
            var cells = new object?[values.Count];
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = ColumnValueKinds.ToCell(values[i], column.Kind, strings, column.Slot);
            }

            return cells;
        }

        return values.Count switch
        {
            0 => null,
            1 => ColumnValueKinds.ToCell(values[0], column.Kind, strings, column.Slot),
            _ => throw Failure(column.ElementPath,
                $"column '{column.Name}' (path '{column.Expression.Text}') returned {values.Count} values; " +
                "set \"collection\": true to keep them all, or narrow the path (for example with first()).", null),
        };
    }

    private void EvaluateExpression(CompiledExpression expression, in FhirValue focus, ValueList output, string elementPath)
    {
        try
        {
            expression.Evaluate(focus, context, output);
        }
        catch (FhirPathEvaluationException error)
        {
            throw Failure(elementPath, $"'{expression.Text}': {error.Message}", error);
        }
    }

    private ViewEvaluationException Failure(string elementPath, string problem, Exception? inner)
    {
        string? key = null;
        var resource = context.Resource;
        if (resource.ValueKind == JsonValueKind.Object && resource.TryGetProperty(IdProperty, out var id) && id.ValueKind == JsonValueKind.String)
        {
            key = $"{view.Resource}/{id.GetString()}";
        }

        return new ViewEvaluationException(elementPath, key, problem, inner);
    }

    private static string Describe(ValueList values) =>
        values.Count == 1 ? values[0].Describe() : $"{values.Count} items";

    private sealed class NullSink : IRowSink
    {
        public static readonly NullSink Instance = new();

        public void OnRow(ReadOnlySpan<object?> row)
        {
        }
    }
}
