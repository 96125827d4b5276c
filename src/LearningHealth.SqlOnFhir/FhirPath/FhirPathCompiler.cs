using LearningHealth.SqlOnFhir.FhirPath.Functions;
using LearningHealth.SqlOnFhir.FhirPath.Nodes;

namespace LearningHealth.SqlOnFhir.FhirPath;

/// <summary>
/// Turns FHIRPath text into a tree of <see cref="ExpressionNode"/>s, once per view. Everything that can be decided
/// without data is decided here: constants are substituted (SQL on FHIR v2 "Using Constants"), functions are bound
/// and their argument counts checked, type specifiers resolved, literal arguments pre-encoded. An unknown function,
/// constant or malformed expression fails compilation, so an invalid view is rejected before it reads any resource.
/// </summary>
internal sealed class FhirPathCompiler
{
    private static readonly Dictionary<string, FhirValue> BuiltInConstants = new(StringComparer.Ordinal)
    {
        ["ucum"] = FhirValue.FromString("http://unitsofmeasure.org"),
        ["sct"] = FhirValue.FromString("http://snomed.info/sct"),
        ["loinc"] = FhirValue.FromString("http://loinc.org"),
    };

    private readonly IReadOnlyDictionary<string, FhirValue> constants;
    private bool usesRowIndex;

    /// <param name="constants">ViewDefinition constants by name, without the leading '%'.</param>
    public FhirPathCompiler(IReadOnlyDictionary<string, FhirValue> constants)
    {
        this.constants = constants;
    }

    /// <summary>Parses and compiles an expression; throws <see cref="FhirPathSyntaxException"/> when it is not valid.</summary>
    public CompiledExpression Compile(string expression)
    {
        usesRowIndex = false;
        var syntax = FhirPathParser.Parse(expression);
        var root = Compile(syntax);
        return new CompiledExpression(expression, root, usesRowIndex, syntax);
    }

    private ExpressionNode Compile(FhirPathSyntax syntax) => syntax switch
    {
        LiteralSyntax literal => new LiteralNode(FhirValue.FromLiteral(literal.Value)),
        EmptyLiteralSyntax => EmptyNode.Instance,
        ExternalConstantSyntax constant => CompileConstant(constant),
        SpecialVariableSyntax { Name: "$this" } => ThisNode.Instance,
        SpecialVariableSyntax { Name: "$index" } => IndexVariableNode.Instance,
        SpecialVariableSyntax special => throw new FhirPathSyntaxException(
            $"'{special.Name}' is only meaningful in aggregate(), which is not supported.", special.Position),
        IdentifierSyntax identifier => new MemberNode(identifier.Name),
        MemberSyntax member => Chain(Compile(member.Target), new MemberNode(member.Name)),
        FunctionSyntax function => function.Target is null
            ? CompileFunction(function)
            : Chain(Compile(function.Target), CompileFunction(function)),
        IndexerSyntax indexer => Chain(Compile(indexer.Target), new IndexerNode(Compile(indexer.Index))),
        UnarySyntax unary => CompileUnary(unary),
        BinarySyntax binary => CompileBinary(binary),
        TypeOperatorSyntax typeOperator => new TypeOperatorNode(typeOperator.Operator, Compile(typeOperator.Operand), new TypeSpecifier(typeOperator.TypeName)),
        _ => throw new FhirPathSyntaxException($"Unsupported expression element {syntax.GetType().Name}.", syntax.Position),
    };

    private static PathNode Chain(ExpressionNode target, ExpressionNode step) =>
        target is PathNode path ? new PathNode([.. path.Steps, step]) : new PathNode([target, step]);

    private ExpressionNode CompileConstant(ExternalConstantSyntax constant)
    {
        switch (constant.Name)
        {
            case "resource":
            case "rootResource":
                return ResourceNode.Instance;
            case "context":
                return ContextNode.Instance;
            case "rowIndex":
                usesRowIndex = true;
                return RowIndexNode.Instance;
        }

        if (constants.TryGetValue(constant.Name, out var value) || BuiltInConstants.TryGetValue(constant.Name, out value))
        {
            return new LiteralNode(value);
        }

        throw new FhirPathSyntaxException($"The constant '%{constant.Name}' is not defined.", constant.Position);
    }

    private ExpressionNode CompileUnary(UnarySyntax unary)
    {
        var operand = Compile(unary.Operand);
        if (unary.Operator == "+")
        {
            return operand;
        }

        // Fold negative literals so '-1' costs nothing at run time.
        return operand switch
        {
            LiteralNode { Value.Kind: FhirValueKind.Integer } literal => new LiteralNode(FhirValue.FromInteger(-literal.Value.AsInteger())),
            LiteralNode { Value.Kind: FhirValueKind.Decimal } literal => new LiteralNode(FhirValue.FromDecimal(-literal.Value.AsDecimal())),
            _ => new NegateNode(operand),
        };
    }

    private ExpressionNode CompileBinary(BinarySyntax binary)
    {
        var left = Compile(binary.Left);
        var right = Compile(binary.Right);
        return binary.Operator switch
        {
            "=" or "!=" or "~" or "!~" => new EqualityNode(binary.Operator, left, right),
            "<" or "<=" or ">" or ">=" => new ComparisonNode(binary.Operator, left, right),
            "and" or "or" or "xor" or "implies" => new BooleanOperatorNode(binary.Operator, left, right),
            "+" or "-" or "*" or "/" or "div" or "mod" or "&" => new ArithmeticNode(binary.Operator, left, right),
            "|" => new UnionNode(left, right),
            "in" or "contains" => new MembershipNode(binary.Operator, left, right),
            _ => throw new FhirPathSyntaxException($"Unsupported operator '{binary.Operator}'.", binary.Position),
        };
    }

    private ExpressionNode CompileFunction(FunctionSyntax function)
    {
        var name = function.Name;
        var arguments = function.Arguments;
        switch (name)
        {
            case "where":
                RequireArguments(function, 1, 1);
                return new WhereNode(Compile(arguments[0]));
            case "select":
                RequireArguments(function, 1, 1);
                return new SelectNode(Compile(arguments[0]));
            case "exists" when arguments.Count == 1:
                return new QuantifierNode(universal: false, Compile(arguments[0]));
            case "all":
                RequireArguments(function, 1, 1);
                return new QuantifierNode(universal: true, Compile(arguments[0]));
            case "repeat":
                RequireArguments(function, 1, 1);
                return new RepeatFunctionNode(Compile(arguments[0]));
            case "ofType":
                RequireArguments(function, 1, 1);
                return new OfTypeNode(new TypeSpecifier(TypeName(function, arguments[0])));
            case "is":
            case "as":
                RequireArguments(function, 1, 1);
                return new TypeOperatorNode(name, ThisNode.Instance, new TypeSpecifier(TypeName(function, arguments[0])));
            case "extension":
                RequireArguments(function, 1, 1);
                return new ExtensionNode(Compile(arguments[0]));
            case "getResourceKey":
                RequireArguments(function, 0, 0);
                return ResourceKeyNode.Instance;
            case "getReferenceKey":
                RequireArguments(function, 0, 1);
                return new ReferenceKeyNode(arguments.Count == 0 ? null : TypeName(function, arguments[0]));
        }

        if (!SimpleFunctions.TryGetValue(name, out var definition))
        {
            throw new FhirPathSyntaxException($"The function '{name}()' is not supported.", function.Position);
        }

        RequireArguments(function, definition.MinArguments, definition.MaxArguments);
        var compiled = new ExpressionNode[arguments.Count];
        for (var i = 0; i < compiled.Length; i++)
        {
            compiled[i] = Compile(arguments[i]);
        }

        return new FunctionNode(name, definition.Body, compiled);
    }

    private static readonly Dictionary<string, (int MinArguments, int MaxArguments, FunctionBody Body)> SimpleFunctions = new(StringComparer.Ordinal)
    {
        ["empty"] = (0, 0, ExistenceFunctions.Empty),
        ["exists"] = (0, 0, ExistenceFunctions.Exists),
        ["count"] = (0, 0, ExistenceFunctions.Count),
        ["allTrue"] = (0, 0, ExistenceFunctions.AllTrue),
        ["anyTrue"] = (0, 0, ExistenceFunctions.AnyTrue),
        ["allFalse"] = (0, 0, ExistenceFunctions.AllFalse),
        ["anyFalse"] = (0, 0, ExistenceFunctions.AnyFalse),
        ["distinct"] = (0, 0, ExistenceFunctions.Distinct),
        ["isDistinct"] = (0, 0, ExistenceFunctions.IsDistinct),
        ["hasValue"] = (0, 0, ExistenceFunctions.HasValue),
        ["not"] = (0, 0, ExistenceFunctions.Not),
        ["first"] = (0, 0, SubsettingFunctions.First),
        ["last"] = (0, 0, SubsettingFunctions.Last),
        ["tail"] = (0, 0, SubsettingFunctions.Tail),
        ["single"] = (0, 0, SubsettingFunctions.Single),
        ["skip"] = (1, 1, SubsettingFunctions.Skip),
        ["take"] = (1, 1, SubsettingFunctions.Take),
        ["union"] = (1, 1, CollectionFunctions.Union),
        ["combine"] = (1, 1, CollectionFunctions.Combine),
        ["trace"] = (1, 2, CollectionFunctions.Trace),
        ["iif"] = (2, 3, CollectionFunctions.Iif),
        ["join"] = (0, 1, StringFunctions.Join),
        ["startsWith"] = (1, 1, StringFunctions.StartsWith),
        ["endsWith"] = (1, 1, StringFunctions.EndsWith),
        ["contains"] = (1, 1, StringFunctions.Contains),
        ["matches"] = (1, 1, StringFunctions.Matches),
        ["lower"] = (0, 0, StringFunctions.Lower),
        ["upper"] = (0, 0, StringFunctions.Upper),
        ["trim"] = (0, 0, StringFunctions.Trim),
        ["length"] = (0, 0, StringFunctions.Length),
        ["indexOf"] = (1, 1, StringFunctions.IndexOf),
        ["substring"] = (1, 2, StringFunctions.Substring),
        ["replace"] = (2, 2, StringFunctions.Replace),
        ["toString"] = (0, 0, StringFunctions.ToText),
        ["toInteger"] = (0, 0, StringFunctions.ToInteger),
        ["toDecimal"] = (0, 0, StringFunctions.ToDecimal),
        ["lowBoundary"] = (0, 1, BoundaryFunctions.Low),
        ["highBoundary"] = (0, 1, BoundaryFunctions.High),
    };

    private static void RequireArguments(FunctionSyntax function, int minimum, int maximum)
    {
        var count = function.Arguments.Count;
        if (count < minimum || count > maximum)
        {
            var expected = minimum == maximum ? $"{minimum}" : $"{minimum} to {maximum}";
            throw new FhirPathSyntaxException(
                $"The function '{function.Name}()' takes {expected} argument(s) but was given {count}.", function.Position);
        }
    }

    /// <summary>Reads a type specifier argument: <c>Patient</c>, <c>FHIR.Coding</c>, <c>System.String</c> or a string literal.</summary>
    private static string TypeName(FunctionSyntax function, FhirPathSyntax argument) => argument switch
    {
        IdentifierSyntax identifier => identifier.Name,
        MemberSyntax { Target: IdentifierSyntax qualifier } member => $"{qualifier.Name}.{member.Name}",
        LiteralSyntax { Value: string text } => text,
        _ => throw new FhirPathSyntaxException($"The function '{function.Name}()' expects a type name.", argument.Position),
    };
}
