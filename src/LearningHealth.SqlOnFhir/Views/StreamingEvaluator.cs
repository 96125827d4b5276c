using System.Text.Json;
using LearningHealth.SqlOnFhir.FhirPath;
using LearningHealth.SqlOnFhir.FhirPath.Functions;

namespace LearningHealth.SqlOnFhir.Views;

/// <summary>
/// Evaluates a view with a <see cref="StreamingPlan"/> straight from a resource's UTF-8 JSON: one forward read keeps
/// the elements the plan names as a small tree of nodes (slices of the input, nothing decoded), then the selections
/// run over that tree in the same nested-loop order as <see cref="ViewEvaluator"/>. When the resource holds anything
/// the plan cannot decide exactly as the FHIRPath evaluator would, <see cref="TryEvaluate"/> returns false having
/// sent no rows, and the caller evaluates the resource the general way. Not thread-safe: one per evaluator.
/// </summary>
internal sealed class StreamingEvaluator
{
    private static readonly byte[] ResourceTypeProperty = "resourceType"u8.ToArray();

    private readonly CompiledView view;
    private readonly StreamingPlan plan;
    private readonly CellStringCache strings;
    private readonly int[] focusByNode;
    private readonly object?[] row;
    private readonly Stack<List<int>> spareLists = new();
    private readonly List<int> navigateFrom = [];
    private readonly List<int> navigateTo = [];

    // The kept elements of the current resource: node 0 is the resource object; children are linked in document order.
    private ReadOnlyMemory<byte> json;
    private int nodeCount;
    private int[] element = new int[64];
    private int[] firstChild = new int[64];
    private int[] lastChild = new int[64];
    private int[] nextSibling = new int[64];
    private JsonTokenType[] kind = new JsonTokenType[64];
    private int[] valueStart = new int[64];
    private int[] valueLength = new int[64];
    private bool[] escaped = new bool[64];

    // Rows are held until the whole resource has been evaluated, so a resource handed back sends none.
    private object?[] rows;
    private int rowCount;

    public StreamingEvaluator(CompiledView view, StreamingPlan plan, CellStringCache strings)
    {
        this.view = view;
        this.plan = plan;
        this.strings = strings;
        focusByNode = new int[view.SelectionCount];
        row = new object?[view.Columns.Count];
        rows = new object?[Math.Max(1, view.Columns.Count) * 8];
    }

    /// <summary>Sends the rows of one resource to <paramref name="sink"/>, or returns false (and sends nothing) when it needs the general evaluator.</summary>
    public bool TryEvaluate(ReadOnlyMemory<byte> utf8Json, IRowSink sink, out int rowsSent)
    {
        rowsSent = 0;
        json = utf8Json;
        nodeCount = 0;
        rowCount = 0;
        try
        {
            var reader = new Utf8JsonReader(utf8Json.Span);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            AddNode(ElementTrie.Resource, -1, JsonTokenType.StartObject, 0, 0, false);
            if (!CaptureObject(ref reader, ElementTrie.Resource, 0, isResource: true) || reader.Read())
            {
                return false;
            }
        }
        catch (JsonException)
        {
            // The general way parses the line again and reports the error as it always does.
            return false;
        }

        focusByNode[view.Root.Id] = 0;
        if (!RunParts(view.Root, 0))
        {
            return false;
        }

        var width = row.Length;
        for (var r = 0; r < rowCount; r++)
        {
            sink.OnRow(rows.AsSpan(r * width, width));
        }

        rowsSent = rowCount;
        json = default;
        return true;
    }

    /// <summary>Reads an object's properties, keeping those the trie names under <paramref name="trieElement"/>.</summary>
    private bool CaptureObject(ref Utf8JsonReader reader, int trieElement, int node, bool isResource)
    {
        var seen = 0UL;
        var typed = false;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                // A resource of another type (or none) produces no rows; the general way decides that.
                return !isResource || typed;
            }

            if (isResource && reader.ValueTextEquals(ResourceTypeProperty))
            {
                reader.Read();
                if (typed || reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || !reader.ValueSpan.SequenceEqual(view.ResourceUtf8))
                {
                    return false;
                }

                typed = true;
                continue;
            }

            var match = -1;
            if (!reader.ValueIsEscaped)
            {
                var name = reader.ValueSpan;
                foreach (var child in plan.Trie.ChildrenOfLength(trieElement, name.Length))
                {
                    if (name.SequenceEqual(plan.Trie.Utf8Name(child)))
                    {
                        match = child;
                        break;
                    }
                }
            }

            if (match < 0)
            {
                // value[x]: a property named after a wanted one plus a type (valueQuantity) is read by the evaluator
                // when the plain name is absent; leave such resources to it.
                if (reader.ValueIsEscaped || MayBeChoiceOf(reader.ValueSpan, trieElement))
                {
                    return false;
                }

                reader.Skip();
                continue;
            }

            // The same property twice: the document keeps the last, a forward read would keep both. (Elements are
            // numbered across the view; beyond 64, two may share a bit, which only sends the resource the general way.)
            var bit = 1UL << (match & 63);
            if ((seen & bit) != 0)
            {
                return false;
            }

            seen |= bit;
            reader.Read();
            if (!CaptureValue(ref reader, match, node))
            {
                return false;
            }
        }

        return false;
    }

    private bool CaptureValue(ref Utf8JsonReader reader, int trieElement, int parent)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartArray:
                // Members flatten arrays and drop their nulls (the places of '_name' extension twins).
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType == JsonTokenType.StartArray || (reader.TokenType != JsonTokenType.Null && !CaptureValue(ref reader, trieElement, parent)))
                    {
                        return false;
                    }
                }

                return true;
            case JsonTokenType.StartObject:
                var node = AddNode(trieElement, parent, JsonTokenType.StartObject, 0, 0, false);
                if (plan.Trie.Children(trieElement).Count == 0)
                {
                    reader.Skip();
                    return true;
                }

                return CaptureObject(ref reader, trieElement, node, isResource: false);
            case JsonTokenType.Null:
                return true;
            case JsonTokenType.String:
                // The value of a string token is the text between its quotes.
                AddNode(trieElement, parent, JsonTokenType.String, (int)reader.TokenStartIndex + 1, reader.ValueSpan.Length, reader.ValueIsEscaped);
                return true;
            default:
                AddNode(trieElement, parent, reader.TokenType, (int)reader.TokenStartIndex, reader.ValueSpan.Length, false);
                return true;
        }
    }

    private bool MayBeChoiceOf(ReadOnlySpan<byte> name, int trieElement)
    {
        foreach (var child in plan.Trie.ChildrenPrefixing(trieElement, name))
        {
            if (FhirTypes.ChoiceTypeFromSuffix(name[plan.Trie.Utf8Name(child).Length..]) is not null)
            {
                return true;
            }
        }

        return false;
    }

    private int AddNode(int trieElement, int parent, JsonTokenType tokenType, int start, int length, bool isEscaped)
    {
        if (nodeCount == element.Length)
        {
            var size = nodeCount * 2;
            Array.Resize(ref element, size);
            Array.Resize(ref firstChild, size);
            Array.Resize(ref lastChild, size);
            Array.Resize(ref nextSibling, size);
            Array.Resize(ref kind, size);
            Array.Resize(ref valueStart, size);
            Array.Resize(ref valueLength, size);
            Array.Resize(ref escaped, size);
        }

        var node = nodeCount++;
        element[node] = trieElement;
        firstChild[node] = lastChild[node] = nextSibling[node] = -1;
        kind[node] = tokenType;
        valueStart[node] = start;
        valueLength[node] = length;
        escaped[node] = isEscaped;
        if (parent >= 0)
        {
            if (firstChild[parent] < 0)
            {
                firstChild[parent] = node;
            }
            else
            {
                nextSibling[lastChild[parent]] = node;
            }

            lastChild[parent] = node;
        }

        return node;
    }

    private ReadOnlySpan<byte> Value(int node) => json.Span.Slice(valueStart[node], valueLength[node]);

    private bool RunParts(SelectionNode node, int partIndex)
    {
        if (partIndex == node.Parts.Length)
        {
            return Complete(node);
        }

        switch (node.Parts[partIndex])
        {
            case ColumnsPart columns:
                return BindColumns(node, partIndex, columns) && RunParts(node, partIndex + 1);
            case NestedSelectPart nested:
                return Enter(nested.Child);
            case UnionAllPart union:
                foreach (var branch in union.Branches)
                {
                    if (!Enter(branch))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return false;
        }
    }

    private bool Complete(SelectionNode node)
    {
        if (node.Parent is not null)
        {
            return RunParts(node.Parent, node.ResumePart);
        }

        var width = row.Length;
        if ((rowCount + 1) * width > rows.Length)
        {
            Array.Resize(ref rows, rows.Length * 2);
        }

        row.CopyTo(rows, rowCount * width);
        rowCount++;
        return true;
    }

    private bool Enter(SelectionNode node)
    {
        var parentFocus = focusByNode[node.Parent!.Id];
        if (node.Iteration == IterationKind.None)
        {
            focusByNode[node.Id] = parentFocus;
            return RunParts(node, 0);
        }

        var items = Rent();
        try
        {
            if (!Navigate(plan.Selections[node.Id].Iteration!, parentFocus, items))
            {
                return false;
            }

            foreach (var item in items)
            {
                focusByNode[node.Id] = item;
                if (!RunParts(node, 0))
                {
                    return false;
                }
            }

            if (items.Count == 0 && node.Iteration == IterationKind.ForEachOrNull)
            {
                foreach (var slot in node.Slots)
                {
                    row[slot] = null;
                }

                return Complete(node);
            }

            return true;
        }
        finally
        {
            spareLists.Push(items);
        }
    }

    private bool BindColumns(SelectionNode node, int partIndex, ColumnsPart columns)
    {
        var focus = focusByNode[node.Id];
        var paths = plan.Selections[node.Id].Columns[partIndex]!;
        var values = Rent();
        try
        {
            for (var c = 0; c < columns.Columns.Length; c++)
            {
                var column = columns.Columns[c];
                var path = paths[c];
                values.Clear();
                if (!Navigate(path, focus, values))
                {
                    return false;
                }

                object? cell = null;
                if (path.Key == StreamPath.KeyKind.ReferenceKey)
                {
                    // getReferenceKey(): one key per reference that has one; the column takes a single value.
                    string? key = null;
                    var keys = 0;
                    foreach (var item in values)
                    {
                        if (kind[item] != JsonTokenType.String || escaped[item])
                        {
                            return false;
                        }

                        if (ReferenceKeyNode.KeyOf(Value(item), path.ReferenceType) is { } k)
                        {
                            key = k;
                            keys++;
                        }
                    }

                    if (keys > 1)
                    {
                        return false;
                    }

                    cell = key;
                }
                else if (values.Count == 1)
                {
                    var item = values[0];
                    if (kind[item] != JsonTokenType.String || escaped[item])
                    {
                        return false;
                    }

                    cell = strings.Get(Value(item), column.Slot);
                }
                else if (values.Count > 1)
                {
                    return false;
                }

                row[column.Slot] = cell;
            }

            return true;
        }
        finally
        {
            spareLists.Push(values);
        }
    }

    /// <summary>The items a path reaches from a node, in document order; false when the general evaluator must decide.</summary>
    private bool Navigate(StreamPath path, int focus, List<int> output)
    {
        if (path.Key == StreamPath.KeyKind.ResourceKey)
        {
            AddChildren(0, path.Element, output);
            return true;
        }

        // Navigation does not nest, so two lists serve every call.
        var current = navigateFrom;
        var next = navigateTo;
        current.Clear();
        current.Add(focus);
        foreach (var step in path.Steps)
        {
            next.Clear();
            switch (step.Kind)
            {
                case StreamStepKind.Member:
                    foreach (var item in current)
                    {
                        AddChildren(item, step.Element, next);
                    }

                    break;
                case StreamStepKind.WhereEquals:
                    foreach (var item in current)
                    {
                        var match = -1;
                        var matches = 0;
                        for (var c = firstChild[item]; c >= 0; c = nextSibling[c])
                        {
                            if (element[c] == step.Element)
                            {
                                match = c;
                                matches++;
                            }
                        }

                        if (matches > 1 || (matches == 1 && (kind[match] != JsonTokenType.String || escaped[match])))
                        {
                            return false;
                        }

                        if (matches == 1 && Value(match).SequenceEqual(step.Utf8Text))
                        {
                            next.Add(item);
                        }
                    }

                    break;
                case StreamStepKind.First:
                    if (current.Count > 0)
                    {
                        next.Add(current[0]);
                    }

                    break;
            }

            (current, next) = (next, current);
        }

        if (path.Key == StreamPath.KeyKind.ReferenceKey)
        {
            foreach (var item in current)
            {
                AddChildren(item, path.Element, output);
            }
        }
        else
        {
            output.AddRange(current);
        }

        return true;
    }

    private void AddChildren(int node, int trieElement, List<int> output)
    {
        for (var c = firstChild[node]; c >= 0; c = nextSibling[c])
        {
            if (element[c] == trieElement)
            {
                output.Add(c);
            }
        }
    }

    private List<int> Rent()
    {
        if (spareLists.TryPop(out var list))
        {
            list.Clear();
            return list;
        }

        return [];
    }
}
