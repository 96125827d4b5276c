using LearningHealth.SqlOnFhir.FhirPath;

namespace LearningHealth.SqlOnFhir.Views;

/// <summary>
/// Turns a <see cref="ViewModel"/> into the executable selection tree. Applies the column rules of SQL on FHIR v2
/// "Processing Algorithm / Validate Columns" (names unique across the view, unionAll branches with the same columns
/// in the same order) and compiles every FHIRPath expression, reporting errors against the element that holds it.
/// </summary>
internal sealed class ViewCompiler
{
    private readonly FhirPathCompiler fhirPath;
    private int nextNodeId;

    private ViewCompiler(FhirPathCompiler fhirPath)
    {
        this.fhirPath = fhirPath;
    }

    public static CompiledView Compile(ViewModel model)
    {
        var constants = new Dictionary<string, FhirValue>(StringComparer.Ordinal);
        foreach (var constant in model.Constants)
        {
            if (!constants.TryAdd(constant.Name, constant.Value))
            {
                throw new ViewDefinitionException($"{constant.ElementPath}.name", $"the constant '{constant.Name}' is defined more than once.");
            }
        }

        var compiler = new ViewCompiler(new FhirPathCompiler(constants));
        var rootSelection = new SelectModel("ViewDefinition", null, null, [], [], model.Selects, []);
        var columns = ValidateColumns(rootSelection, []);

        var wheres = model.Wheres
            .Select(where => new WhereClause(where.ElementPath, compiler.CompileExpression(where.Path, $"{where.ElementPath}.path")))
            .ToArray();

        var slots = new SlotCursor(0);
        var root = compiler.CompileSelection(rootSelection, parent: null, resumePart: 0, slots);
        var viewColumns = columns.Select(c => new ViewColumn(c.Name, c.Type, c.Collection, c.Description)).ToList();
        return new CompiledView(model.Name, model.Resource, viewColumns, root, wheres, compiler.nextNodeId);
    }

    /// <summary>
    /// <c>ValidateColumns(S, C)</c> from the Processing Algorithm: the columns a selection produces, in output order,
    /// failing when a name repeats or unionAll branches disagree.
    /// </summary>
    private static List<ColumnModel> ValidateColumns(SelectModel selection, List<ColumnModel> existing)
    {
        var result = new List<ColumnModel>(existing);
        void Append(ColumnModel column)
        {
            var clash = result.FirstOrDefault(c => c.Name == column.Name);
            if (clash is not null)
            {
                throw new ViewDefinitionException($"{column.ElementPath}.name", $"the column name '{column.Name}' is already used by {clash.ElementPath}.");
            }

            result.Add(column);
        }

        foreach (var column in selection.Columns)
        {
            Append(column);
        }

        foreach (var nested in selection.Selects)
        {
            foreach (var column in ValidateColumns(nested, result).Skip(result.Count).ToList())
            {
                Append(column);
            }
        }

        if (selection.UnionAll.Count > 0)
        {
            var first = ValidateColumns(selection.UnionAll[0], result).Skip(result.Count).ToList();
            foreach (var branch in selection.UnionAll.Skip(1))
            {
                var other = ValidateColumns(branch, result).Skip(result.Count).ToList();
                CheckUnionBranchesMatch(first, other, branch.ElementPath);
            }

            foreach (var column in first)
            {
                Append(column);
            }
        }

        return result;
    }

    private static void CheckUnionBranchesMatch(List<ColumnModel> first, List<ColumnModel> other, string branchPath)
    {
        var firstNames = string.Join(", ", first.Select(c => c.Name));
        var otherNames = string.Join(", ", other.Select(c => c.Name));
        if (firstNames != otherNames)
        {
            throw new ViewDefinitionException(branchPath,
                $"every unionAll branch must produce the same columns in the same order: the first branch has ({firstNames}) but this one has ({otherNames}).");
        }

        for (var i = 0; i < first.Count; i++)
        {
            if (first[i].Type is { } a && other[i].Type is { } b && a != b)
            {
                throw new ViewDefinitionException($"{other[i].ElementPath}.type",
                    $"column '{other[i].Name}' is {b} here but {a} in the first unionAll branch.");
            }

            if (first[i].Collection != other[i].Collection)
            {
                throw new ViewDefinitionException($"{other[i].ElementPath}.collection",
                    $"column '{other[i].Name}' must have the same collection setting in every unionAll branch.");
            }
        }
    }

    private SelectionNode CompileSelection(SelectModel model, SelectionNode? parent, int resumePart, SlotCursor slots)
    {
        var node = new SelectionNode(nextNodeId++, model.ElementPath, parent, resumePart);
        var firstSlot = slots.Next;

        if (model.ForEach is not null)
        {
            node.Iteration = IterationKind.ForEach;
            node.IterationExpressions = [CompileExpression(model.ForEach, $"{model.ElementPath}.forEach")];
        }
        else if (model.ForEachOrNull is not null)
        {
            node.Iteration = IterationKind.ForEachOrNull;
            node.IterationExpressions = [CompileExpression(model.ForEachOrNull, $"{model.ElementPath}.forEachOrNull")];
        }
        else if (model.Repeat.Count > 0)
        {
            node.Iteration = IterationKind.Repeat;
            node.IterationExpressions = [.. model.Repeat.Select((path, i) => CompileExpression(path, $"{model.ElementPath}.repeat[{i}]"))];
        }

        var parts = new List<SelectionPart>();
        if (model.Columns.Count > 0)
        {
            var bindings = model.Columns
                .Select(column => new ColumnBinding(
                    column.ElementPath,
                    column.Name,
                    CompileExpression(column.Path, $"{column.ElementPath}.path"),
                    slots.Take(),
                    column.Collection,
                    ColumnValueKinds.FromFhirType(column.Type)))
                .ToArray();
            parts.Add(new ColumnsPart(bindings));
        }

        foreach (var nested in model.Selects)
        {
            parts.Add(new NestedSelectPart(CompileSelection(nested, node, parts.Count + 1, slots)));
        }

        if (model.UnionAll.Count > 0)
        {
            // Every branch writes the same slots: the union's columns, in the first branch's order.
            var unionStart = slots.Next;
            var branches = new List<SelectionNode>();
            var unionEnd = unionStart;
            foreach (var branch in model.UnionAll)
            {
                var branchSlots = new SlotCursor(unionStart);
                branches.Add(CompileSelection(branch, node, parts.Count + 1, branchSlots));
                unionEnd = branchSlots.Next;
            }

            slots.Next = unionEnd;
            parts.Add(new UnionAllPart([.. branches]));
        }

        node.Parts = [.. parts];
        node.Slots = [.. Enumerable.Range(firstSlot, slots.Next - firstSlot)];
        return node;
    }

    private CompiledExpression CompileExpression(string expression, string elementPath)
    {
        try
        {
            return fhirPath.Compile(expression);
        }
        catch (FhirPathSyntaxException error)
        {
            throw new ViewDefinitionException(elementPath, $"invalid FHIRPath '{expression}': {error.Message}", error);
        }
    }

    /// <summary>Hands out row slots in column order.</summary>
    private sealed class SlotCursor(int start)
    {
        public int Next { get; set; } = start;

        public int Take() => Next++;
    }
}
