using System.Text;
using LearningHealth.SqlOnFhir.FhirPath;

namespace LearningHealth.SqlOnFhir.Views;

/// <summary>
/// How a view whose paths only navigate is read straight from a resource's UTF-8 JSON (<see cref="StreamingEvaluator"/>):
/// one forward pass keeps the elements the view's paths name, as a small tree, and skips the rest, instead of building
/// a <c>JsonDocument</c> of the whole resource and looking each property up in it.
/// </summary>
/// <remarks>
/// <para>
/// A view qualifies when it has no <c>where</c>, no <c>repeat</c>, no collection columns, no <c>%rowIndex</c>, and every
/// column and <c>forEach</c>/<c>forEachOrNull</c> path is a chain of these steps: a member name starting with a lower-case
/// letter, <c>where(member = 'text')</c>, <c>first()</c>, and at the end <c>getReferenceKey([type])</c>; or is
/// <c>getResourceKey()</c> in a selection on the resource itself. The benchmark view and most analysts' flat views are
/// of this kind; any other view is evaluated by <see cref="ViewEvaluator"/> over a parsed document.
/// </para>
/// <para>
/// The plan is only ever a faster way to the same rows: whenever a resource holds something the plan does not decide
/// exactly as the FHIRPath evaluator would (a value that is not a JSON string, several values for a column, a property
/// that could be a choice element such as <c>valueQuantity</c> for <c>value</c>, a repeated property name, an escaped
/// string where bytes are compared), that resource is evaluated the general way instead.
/// </para>
/// </remarks>
internal sealed class StreamingPlan
{
    private StreamingPlan(ElementTrie trie, StreamSelection[] selections)
    {
        Trie = trie;
        Selections = selections;
    }

    /// <summary>The element names the view reads, as a tree from the resource.</summary>
    public ElementTrie Trie { get; }

    /// <summary>Per <see cref="SelectionNode.Id"/>: its iteration path and its column paths.</summary>
    public StreamSelection[] Selections { get; }

    /// <summary>The plan for <paramref name="view"/>, or null when the view needs the general evaluator.</summary>
    public static StreamingPlan? TryCreate(CompiledView view)
    {
        if (view.Wheres.Length > 0)
        {
            return null;
        }

        var trie = new ElementTrie();
        var selections = new StreamSelection[view.SelectionCount];
        bool Add(SelectionNode node, int focusElement, bool focusIsResource)
        {
            StreamPath? iteration = null;
            var element = focusElement;
            switch (node.Iteration)
            {
                case IterationKind.None:
                    break;
                case IterationKind.ForEach or IterationKind.ForEachOrNull:
                    iteration = StreamPath.TryCreate(node.IterationExpressions[0], trie, focusElement, allowResourceKey: false);
                    if (iteration is null || iteration.EndsInKey)
                    {
                        return false;
                    }

                    element = iteration.Element;
                    focusIsResource = false;
                    break;
                default:
                    return false;
            }

            var columns = new StreamPath[node.Parts.Length][];
            for (var p = 0; p < node.Parts.Length; p++)
            {
                switch (node.Parts[p])
                {
                    case ColumnsPart part:
                        columns[p] = new StreamPath[part.Columns.Length];
                        for (var c = 0; c < part.Columns.Length; c++)
                        {
                            var column = part.Columns[c];
                            if (column.Collection)
                            {
                                return false;
                            }

                            var path = StreamPath.TryCreate(column.Expression, trie, element, focusIsResource);
                            if (path is null)
                            {
                                return false;
                            }

                            columns[p][c] = path;
                        }

                        break;
                    case NestedSelectPart nested:
                        if (!Add(nested.Child, element, focusIsResource))
                        {
                            return false;
                        }

                        break;
                    case UnionAllPart union:
                        foreach (var branch in union.Branches)
                        {
                            if (!Add(branch, element, focusIsResource))
                            {
                                return false;
                            }
                        }

                        break;
                }
            }

            selections[node.Id] = new StreamSelection(iteration, columns);
            return true;
        }

        if (!Add(view.Root, ElementTrie.Resource, focusIsResource: true))
        {
            return null;
        }

        trie.Complete();
        return new StreamingPlan(trie, selections);
    }
}

/// <summary>A selection's iteration path (null when it does not iterate) and, per part, its column paths (null for other parts).</summary>
internal sealed record StreamSelection(StreamPath? Iteration, StreamPath[]?[] Columns);

/// <summary>The element names a view reads, as a tree: element 0 is the resource; each element has named children.</summary>
internal sealed class ElementTrie
{
    public const int Resource = 0;

    private readonly List<(string Name, byte[] Utf8Name)> names = [("", [])];
    private readonly List<List<int>> children = [[]];
    private readonly List<int[][]> childrenByLength = [];
    private readonly List<bool[]> childFirstBytes = [];

    public int Count => names.Count;

    public ReadOnlySpan<byte> Utf8Name(int element) => names[element].Utf8Name;

    public IReadOnlyList<int> Children(int element) => children[element];

    /// <summary>
    /// The children of <paramref name="element"/> whose UTF-8 name is <paramref name="length"/> bytes long: a property
    /// name is compared only with the wanted names of its length, so most unwanted ones are passed over at once.
    /// </summary>
    public int[] ChildrenOfLength(int element, int length)
    {
        var byLength = childrenByLength[element];
        return length < byLength.Length ? byLength[length] : [];
    }

    /// <summary>
    /// The children of <paramref name="element"/> that <paramref name="name"/> is longer than and starts with (as
    /// <c>valueQuantity</c> starts with <c>value</c>). Most property names a view does not want share no first byte
    /// with the wanted ones, and are passed over without comparing names.
    /// </summary>
    public IEnumerable<int> ChildrenPrefixing(int element, ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty || !childFirstBytes[element][name[0]])
        {
            return [];
        }

        List<int>? found = null;
        foreach (var child in children[element])
        {
            var wanted = names[child].Utf8Name;
            if (name.Length > wanted.Length && name.StartsWith(wanted))
            {
                (found ??= []).Add(child);
            }
        }

        return found ?? (IEnumerable<int>)[];
    }

    /// <summary>Indexes the children by name length and first byte; call once all paths are added.</summary>
    public void Complete()
    {
        childrenByLength.Clear();
        childFirstBytes.Clear();
        foreach (var list in children)
        {
            var longest = list.Count == 0 ? 0 : list.Max(c => names[c].Utf8Name.Length);
            childrenByLength.Add([.. Enumerable.Range(0, longest + 1).Select(n => list.Where(c => names[c].Utf8Name.Length == n).ToArray())]);
            var firstBytes = new bool[256];
            foreach (var child in list.Where(c => names[c].Utf8Name.Length > 0))
            {
                firstBytes[names[child].Utf8Name[0]] = true;
            }

            childFirstBytes.Add(firstBytes);
        }
    }

    /// <summary>The child of <paramref name="parent"/> with this name, added if new.</summary>
    public int Child(int parent, string name)
    {
        foreach (var child in children[parent])
        {
            if (names[child].Name == name)
            {
                return child;
            }
        }

        names.Add((name, Encoding.UTF8.GetBytes(name)));
        children.Add([]);
        children[parent].Add(names.Count - 1);
        return names.Count - 1;
    }
}

/// <summary>What a <see cref="StreamStep"/> does.</summary>
internal enum StreamStepKind
{
    /// <summary>The children of each item that are instances of the step's element (arrays flattened, nulls dropped), in document order.</summary>
    Member,

    /// <summary><c>where(member = 'text')</c>: the items whose one child of the step's element is a string equal to the text.</summary>
    WhereEquals,

    /// <summary><c>first()</c>.</summary>
    First,
}

/// <summary>One step of a <see cref="StreamPath"/>: its kind, the trie element it reads and, for <c>where</c>, the text.</summary>
internal readonly record struct StreamStep(StreamStepKind Kind, int Element, byte[]? Utf8Text);

/// <summary>A navigation path compiled against an <see cref="ElementTrie"/>, ending at its <see cref="Element"/>.</summary>
internal sealed class StreamPath
{
    private StreamPath(StreamStep[] steps, int element, KeyKind key, byte[]? referenceType)
    {
        Steps = steps;
        Element = element;
        Key = key;
        ReferenceType = referenceType;
    }

    public enum KeyKind
    {
        None,
        ResourceKey,
        ReferenceKey,
    }

    public StreamStep[] Steps { get; }

    /// <summary>The trie element the path's items are instances of.</summary>
    public int Element { get; }

    /// <summary>Whether the path ends in <c>getResourceKey()</c> or <c>getReferenceKey()</c>.</summary>
    public KeyKind Key { get; }

    /// <summary>For <c>getReferenceKey(type)</c>, the type's UTF-8 name (null for any type).</summary>
    public byte[]? ReferenceType { get; }

    public bool EndsInKey => Key != KeyKind.None;

    public static StreamPath? TryCreate(CompiledExpression expression, ElementTrie trie, int focus, bool allowResourceKey)
    {
        if (expression.UsesRowIndex)
        {
            return null;
        }

        var chain = new List<FhirPathSyntax>();
        if (!Flatten(expression.Syntax, chain))
        {
            return null;
        }

        if (chain is [FunctionSyntax { Name: "getResourceKey", Arguments.Count: 0 }])
        {
            if (!allowResourceKey)
            {
                return null;
            }

            return new StreamPath([], trie.Child(ElementTrie.Resource, "id"), KeyKind.ResourceKey, null);
        }

        var steps = new List<StreamStep>();
        var element = focus;
        for (var i = 0; i < chain.Count; i++)
        {
            switch (chain[i])
            {
                case IdentifierSyntax { Name: var name } when IsPlainMember(name):
                    element = trie.Child(element, name);
                    steps.Add(new StreamStep(StreamStepKind.Member, element, null));
                    break;
                case FunctionSyntax { Name: "first", Arguments.Count: 0 }:
                    steps.Add(new StreamStep(StreamStepKind.First, -1, null));
                    break;
                case FunctionSyntax { Name: "where", Arguments: [BinarySyntax { Operator: "=" } equals] }
                    when MemberEqualsText(equals) is ({ } member, { } text):
                    steps.Add(new StreamStep(StreamStepKind.WhereEquals, trie.Child(element, member), Encoding.UTF8.GetBytes(text)));
                    break;
                case FunctionSyntax { Name: "getReferenceKey", Arguments.Count: <= 1 } key when i == chain.Count - 1:
                    byte[]? type = null;
                    if (key.Arguments.Count == 1)
                    {
                        if (key.Arguments[0] is not IdentifierSyntax { Name: var typeName })
                        {
                            return null;
                        }

                        type = Encoding.UTF8.GetBytes(typeName);
                    }

                    element = trie.Child(element, "reference");
                    return new StreamPath([.. steps], element, KeyKind.ReferenceKey, type);
                default:
                    return null;
            }
        }

        return steps.Count == 0 ? null : new StreamPath([.. steps], element, KeyKind.None, null);
    }

    /// <summary>
    /// A member name the evaluator reads as a plain property: not a type name (<c>Patient.name</c> starts at the
    /// resource when it is a Patient), not an escaped or special identifier, and not <c>resourceType</c> (which the
    /// read checks rather than keeps).
    /// </summary>
    private static bool IsPlainMember(string name) =>
        name.Length > 0 && char.IsAsciiLetterLower(name[0]) && name.All(char.IsAsciiLetterOrDigit) && name != "resourceType";

    private static (string? Member, string? Text) MemberEqualsText(BinarySyntax equals) => (equals.Left, equals.Right) switch
    {
        (IdentifierSyntax { Name: var m }, LiteralSyntax { Value: string t }) when IsPlainMember(m) => (m, t),
        (LiteralSyntax { Value: string t }, IdentifierSyntax { Name: var m }) when IsPlainMember(m) => (m, t),
        _ => (null, null),
    };

    /// <summary>The invocation chain <c>a.b.f().c</c> as [a, b, f(), c], each function without its target.</summary>
    private static bool Flatten(FhirPathSyntax syntax, List<FhirPathSyntax> chain)
    {
        switch (syntax)
        {
            case IdentifierSyntax:
                chain.Add(syntax);
                return true;
            case MemberSyntax member:
                if (!Flatten(member.Target, chain))
                {
                    return false;
                }

                chain.Add(new IdentifierSyntax(member.Name, member.Position));
                return true;
            case FunctionSyntax function:
                if (function.Target is not null && !Flatten(function.Target, chain))
                {
                    return false;
                }

                chain.Add(function with { Target = null });
                return true;
            default:
                return false;
        }
    }
}
